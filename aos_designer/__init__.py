"""AOS Designer: a visual editor, validator and deployer for Huawei Cloud AOS templates."""

__version__ = "0.1.0"
