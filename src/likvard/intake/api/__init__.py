"""The internal intake API (views.py): the e-service's one door into the case system."""
