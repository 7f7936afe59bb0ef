"""The KOMHEN file formats: reading and writing dl, upload, xlsx, ndjson and mapped CSV."""
