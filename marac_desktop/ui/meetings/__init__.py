"""MARAC meetings: the list of meetings, the list builder, attendance, documents, meeting mode."""
