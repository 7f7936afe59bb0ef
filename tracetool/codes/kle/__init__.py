"""Read KL's subject classification (KLE) from the files KL and OS2 publish.

Two formats are understood, told apart by content (never by file name):

* KLE-XML v2.0, the full emneplan (root ``KLE-Emneplan``) with hovedgrupper, grupper and
  emner, their dates and where historic entries moved to;
* OS2KLE text, one line per emne with title and weighted search keywords, no dates.

The result is plain frozen dataclasses; storing them is someone else's job. Every problem with
the input becomes a ``FileFormatError`` with a Danish reason and, where known, line and
column (1-based) - never a ``UnicodeDecodeError`` or an expat exception.

The package holds ``subjects`` (the dataclasses and the checks both formats share), ``reading``
(telling the formats apart), ``emneplan_xml`` (KLE-XML) and ``os2kle_text`` (OS2KLE).
"""

from __future__ import annotations

from tracetool.codes.kle.reading import read_catalogue
from tracetool.codes.kle.subjects import Format, KleCatalogue, KleSubject, Level

__all__ = ["Format", "KleCatalogue", "KleSubject", "Level", "read_catalogue"]
