"""The pages: thin views that read through the selectors and write through the services."""
