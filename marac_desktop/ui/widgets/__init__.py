"""Small reusable widgets and widget helpers."""
