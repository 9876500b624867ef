"""The pages shown in the main window's stacked area."""
