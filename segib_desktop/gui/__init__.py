"""The Qt interface: one client of the core services."""
