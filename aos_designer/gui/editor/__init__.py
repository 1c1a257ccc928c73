"""The YAML editor: the text widget, its gutter and its highlighting."""
