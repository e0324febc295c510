"""The search's REST API (`views.py`), routed from likvard/api/urls.py."""
