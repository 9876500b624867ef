"""The flag review queue for safeguarding leads."""
