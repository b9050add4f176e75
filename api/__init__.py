"""The FastAPI service and the ``arkiv`` CLI over the same functions."""
