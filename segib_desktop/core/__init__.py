"""The core: models, database, services, exchange and briefings. Imports nothing from Qt."""
