"""The interventions REST API (routed by likvard/api/urls.py)."""
