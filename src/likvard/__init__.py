"""Likvärd: case management and oversight for municipal child-welfare services."""
