"""Settings package: `base` holds everything; `test` and `production` adjust it."""
