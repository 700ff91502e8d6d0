"""Models of the monitor app."""
