"""The building blocks every module's pages share: list page, form, dialogs, background tasks."""
