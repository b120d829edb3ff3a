"""SEGIB Desktop: summits, mandates, coordination and IberBLH follow-up, offline."""

__version__ = "0.1.0"
APP_NAME = "segib-desktop"
APP_TITLE = "SEGIB Desktop"
