"""Ingest: read any input kind, clean it to article text, detect duplicates, store it."""
