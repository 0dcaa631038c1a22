"""a11y: a Section 508 accessibility checker."""

__version__ = "0.1.0"
