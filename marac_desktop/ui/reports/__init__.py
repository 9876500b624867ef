"""The Reports page: the quarterly MARAC data return, trends and equality breakdowns."""
