"""The KOMHEN file formats: reading and writing dl, upload, xlsx, ndjson and mapped CSV.

Import (``importing.import_file``): ``encoding`` (the bytes) and ``layout`` (the header: dl,
upload) or ``mapped`` (another system's CSV through a map), ``xlsx`` and ``ndjson`` (the
project's own exports read back), ``fields`` (which cell feeds which field), ``rows`` (the loop),
``moments`` and ``values`` (cells to values), ``checking`` (row validation shared by all),
``results`` (problems, warnings, summary); ``task_list`` reads a municipality's task names.

Export (``exporting.export``): ``export_rows`` (which rows, in which order, as which texts),
``delimited`` (dl and upload), ``export_split`` (a large one in two processes), ``xlsx``,
``ndjson``; ``columns`` says what each named column means, for import and export alike.
"""
