"""Bringing records in and out: the JSON bundle and a coordinator's MARAC spreadsheet (CSV)."""
