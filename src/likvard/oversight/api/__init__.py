"""The oversight register's REST API (views.py), routed by likvard/api/urls.py."""
