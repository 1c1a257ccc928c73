"""Subcommands of `aos-designer`. Every public module here has a `register(subparsers)`
that adds its commands; `cli` finds the modules by listing this package."""
