"""A desk: the registration line (keys to fields), register/undo/edit, demo data."""
