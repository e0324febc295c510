"""The REST API of the child's family (routed from likvard/api/urls.py)."""
