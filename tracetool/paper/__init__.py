"""The printed tally sheet."""
