"""MARAC Desktop: encrypted offline case work for IDVAs and MARAC coordinators."""

__version__ = "0.1.0"
