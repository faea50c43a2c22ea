"""Linking across articles: which claims state the same proposition, and who retells whom."""
