"""The count plan: its objects, the TOML file (read, check, write), totals and validation."""
