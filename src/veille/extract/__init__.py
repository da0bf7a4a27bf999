"""Extraction: a parsed article -> Events and Tolls. One module per field family."""
