"""Scorers for the gold formats heuer is measured on."""
