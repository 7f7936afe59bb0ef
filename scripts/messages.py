"""Bring each domain's English catalogue up to date with the Danish messages in the code.

    python scripts/messages.py [DOMAIN ...]

For every domain in ``tracetool.locale.DOMAINS`` (or the ones named), Babel extracts the
messages marked ``_("...")``, ``N_("...")`` or ``NC_(context, "...")`` from the domain's source
and updates ``tracetool/locale/en/LC_MESSAGES/<domain>.po``: new messages arrive untranslated,
messages the code dropped leave, translations kept are kept. Then write the English and run
``make catalogues``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from tracetool import __version__, locale

PACKAGE = Path(locale.__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "NC_": ((1, "c"), 2)}


def template(domain: str) -> Catalog:
    found = Catalog(domain=domain, project="tracetool", version=__version__)
    for source in locale.DOMAINS[domain]:
        where = PACKAGE / source
        for path in sorted(where.rglob("*.py")) if where.is_dir() else [where]:
            for line, message, comments, context in extract_from_file(
                "python", str(path), keywords=KEYWORDS
            ):
                where_found = (path.relative_to(PACKAGE.parent).as_posix(), line)
                found.add(message, locations=[where_found], auto_comments=comments, context=context)
    return found


def update(domain: str) -> tuple[int, int]:
    po = locale.LOCALE_DIR / "en" / "LC_MESSAGES" / f"{domain}.po"
    if po.exists():
        with po.open("rb") as f:
            catalogue = read_po(f, locale="en", domain=domain)
    else:
        po.parent.mkdir(parents=True, exist_ok=True)
        catalogue = Catalog(locale="en", domain=domain, project="tracetool", version=__version__)
    found = template(domain)
    found.creation_date = catalogue.creation_date  # unchanged messages, unchanged file
    catalogue.update(found, no_fuzzy_matching=True)
    catalogue.obsolete.clear()
    with po.open("wb") as f:
        # No locations: line numbers would change the catalogue with every edit of the code.
        write_po(f, catalogue, width=100, no_location=True)
    untranslated = sum(1 for m in catalogue if m.id and not m.string)
    return len([m for m in catalogue if m.id]), untranslated


def main(domains: list[str]) -> int:
    for domain in domains or sorted(locale.DOMAINS):
        if domain not in locale.DOMAINS:
            print(f"unknown domain {domain!r}; known: {', '.join(sorted(locale.DOMAINS))}")
            return 2
        total, untranslated = update(domain)
        print(f"{domain}: {total} messages, {untranslated} without English")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
