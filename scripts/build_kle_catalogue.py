"""Build tracetool's shipped KLE catalogue (tracetool/codes/kle_catalogue.jsonl).

    python scripts/build_kle_catalogue.py [--shared ../shared/kle]

Sources, both public (see ../shared/kle/README.md for where each was copied from):

* ``OS2KLE_3.23_2026-02.txt``: OS2KLE 3.23, "corresponding to KLE 2026 Feb", 2,390 emner with
  number, title and weighted search keywords. OS2's dataset, MPL-2.0 (Copyright (c) 2013-2026
  OS2): the shipped file stays under MPL-2.0 and says so in its header.
* ``KLE-Emneplan_Version2-0_2015-08-01.xml``: KL's full emneplan 2015 (KLE-XML v2.0), used only
  for each emne's creation date (oprettet) where that edition has the same number, active.

The subject classification itself is KL's; no licence text for KLE was found (the README above
says so), so the header notes it. Run again and commit the diff when a newer edition arrives;
``tracetool codebook import-kle`` brings a newer edition to a desk without a release.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from tracetool.codes.kle import KleCatalogue, read_catalogue
from tracetool.codes.kle_shipped import SHIPPED, write_catalogue

OS2KLE = "OS2KLE_3.23_2026-02.txt"
EMNEPLAN = "KLE-Emneplan_Version2-0_2015-08-01.xml"
SOURCE = (
    "OS2KLE 3.23 (github.com/os2kle/os2kle @ 97e4fc1, OS2KLE.txt): numbers, titles, keywords; "
    "creation dates from KL's KLE-Emneplan 2015-08-01 (KLE-XML v2.0, as copied in "
    "github.com/dibgraversen/os2opgavefordeler @ 76ce989) where it has the same number active"
)
LICENCE = (
    "OS2KLE: Mozilla Public License 2.0, Copyright (c) 2013-2026 OS2 "
    "(https://mozilla.org/MPL/2.0/). KLE itself is KL's subject classification; no licence "
    "text for it was found, KL's KLE-redaktionen would have to confirm shipping it."
)


def build(shared: Path) -> KleCatalogue:
    current = read_catalogue(shared / OS2KLE)
    created = {
        s.nr: s.created
        for s in read_catalogue(shared / EMNEPLAN).subjects
        if s.level == "emne" and s.active and s.created is not None
    }
    subjects = tuple(replace(s, created=created.get(s.nr)) for s in current.subjects)
    return replace(current, subjects=subjects)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1].parent / "shared" / "kle"
    parser.add_argument("--shared", type=Path, default=default, help="the KLE reference folder")
    parser.add_argument("--out", type=Path, default=SHIPPED, help="the catalogue to write")
    args = parser.parse_args()
    catalogue = build(args.shared)
    dated = sum(1 for s in catalogue.subjects if s.created)
    notes = [f"{dated} of {len(catalogue.subjects)} emner have a creation date (from 2015)"]
    write_catalogue(catalogue, args.out, source=SOURCE, licence=LICENCE, notes=notes)
    print(f"{args.out}: {catalogue.edition}, {len(catalogue.subjects)} emner; {notes[0]}")


if __name__ == "__main__":
    main()
