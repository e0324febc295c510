"""Casework's REST API: reports, children, pre-assessments, decisions, investigations.

The case process's resources live here because their steps are casework's services
and their reads casework's selectors (a child's history, a report in full); the
plumbing they share is `likvard.api`, and `likvard/api/urls.py` routes them.
"""
