"""tracetool: register municipal inquiries by KL's KOMHEN 2.0 counting method."""

__version__ = "0.1.0"
