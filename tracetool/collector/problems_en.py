"""Upload problems in English, for the pages on ``?lang=en``.

The importer and the checks behind an upload (``tracetool import``, ``tracetool totals import``)
speak Danish, the desk's language, and put the values they found into their sentences. Until
their messages come from gettext catalogues, the pages put each known Danish phrase into
English here, values kept as they were: one table, phrase by phrase, so a message made of
several phrases (where, why, the value) comes out whole. A phrase not in the table stays
Danish rather than being guessed; tests/test_pages.py checks that every reason the checks can
give has its English phrase here.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (Danish phrase as a pattern, English with the same groups). Longer phrases stand before the
# shorter phrases they contain.
PHRASES: tuple[tuple[str, str], ...] = (
    # the file
    (r"filen indeholder binære data \(NUL-tegn\), ikke tekst; er det den rigtige fil\?",
     "the file holds binary data (NUL characters), not text; is it the right file?"),
    (r"filen er et Excel-regneark eller et zip-arkiv, ikke CSV; gem den i Excel som "
     r"'CSV \(semikolonsepareret\)'",
     "the file is an Excel workbook or a zip archive, not CSV; save it from Excel as "
     "'CSV (semicolon delimited)'"),
    (r"filen er et gammelt Excel-regneark \(\.xls\); gem den som CSV \(semikolonsepareret\)",
     "the file is an old Excel workbook (.xls); save it as CSV (semicolon delimited)"),
    (r"filen er gemt som UTF-16 \('Unicode-tekst'\); gem den som CSV i UTF-8 eller "
     r"Windows-1252",
     "the file is saved as UTF-16 ('Unicode text'); save it as CSV in UTF-8 or Windows-1252"),
    (r"blandet tegnsæt: filen er UTF-8, men denne linje er ikke; gem hele filen med ét tegnsæt",
     "mixed encodings: the file is UTF-8 but this line is not; save the whole file in one "
     "encoding"),
    (r"filen er en PDF, ikke en CSV-fil", "the file is a PDF, not a CSV file"),
    (r"filen er ikke en tekstfil \(CSV\)", "the file is not a text file (CSV)"),
    (r"filen har ingen rækker efter overskriften", "the file has no rows after the header"),
    (r"filen har ingen rækker med totaltal", "the file has no rows with totals"),
    (r"første linje er tom; den skal være overskriften",
     "the first line is empty; it must be the header"),
    (r"filen er tom", "the file is empty"),
    (r"filen findes ikke", "the file does not exist"),
    (r"filen kan ikke læses som CSV: ", "the file cannot be read as CSV: "),
    (r"tegnsættet passer ikke: ", "the encoding does not fit: "),
    (r"ukendt filformat: overskriften er hverken Det Digitale Landkorts råudtræk \(dl\) eller "
     r"upload-skabelonen",
     "unknown file format: the header is neither Det Digitale Landkort's raw extract (dl) nor "
     "the upload template"),
    (r"; brug --map KORT\.toml til andre systemers filer",
     "; use --map MAP.toml for other systems' files"),
    (r"ukendt kolonne i (?P<f>[^;]+); skabelonen har: ",
     r"unknown column in \g<f>; the template has: "),
    (r"kolonnen står to gange i overskriften", "the column appears twice in the header"),
    (r"kolonnen har ingen overskrift", "the column has no header"),
    (r"intet er importeret", "nothing was imported"),
    # a row
    (r"for få felter: (?P<n>\d+), overskriften har (?P<m>\d+)",
     r"too few fields: \g<n>, the header has \g<m>"),
    (r"for mange felter: (?P<n>\d+), overskriften har (?P<m>\d+)",
     r"too many fields: \g<n>, the header has \g<m>"),
    (r"rækken har (?P<n>\d+) felter, men skal have (?P<m>\d+): ",
     r"the row has \g<n> fields but must have \g<m>: "),
    (r"filen må kun have registreringer for kommune (?P<m>\d+)",
     r"the file may only hold registrations for municipality \g<m>"),
    # dates and times
    (r"ukendt dato; brug dd-mm-åååå tt:mm:ss, fx ", "unknown date; use dd-mm-yyyy hh:mm:ss, e.g. "),
    (r"ukendt klokkeslæt; brug dd-mm-åååå tt:mm:ss, fx ",
     "unknown time of day; use dd-mm-yyyy hh:mm:ss, e.g. "),
    (r"ukendt dato; brug fx (?P<a>\S+) eller (?P<b>\S+)", r"unknown date; use e.g. \g<a> or \g<b>"),
    (r"ukendt dato/tid; forventet ", "unknown date/time; expected "),
    (r"ukendt klokkeslæt; brug tt:mm:ss", "unknown time of day; use hh:mm:ss"),
    (r"ugyldigt klokkeslæt", "no such time of day"),
    (r"datoen findes ikke", "no such date"),
    (r"året (?P<y>-?\d+) ser forkert ud", r"the year \g<y> looks wrong"),
    (r"tidspunkt mangler", "time missing"),
    (r"starttidspunktet ligger efter gem", "the start time is after the save"),
    (r"ligger efter Dato", "is after Dato"),
    (r"til-datoen ligger før fra-datoen", "the to date is before the from date"),
    (r"perioden overlapper en gemt total \((?P<c>[^,]+), hele kommunen, ",
     r"the period overlaps a stored total (\g<c>, whole municipality, "),
    (r"perioden overlapper en gemt total \(", "the period overlaps a stored total ("),
    (r"\); slet den først", "); delete it first"),
    (r"perioden overlapper et eksisterende totaltal: ", "the period overlaps an existing total: "),
    (r"perioden overlapper linje ", "the period overlaps line "),
    (r" henvendelser \(id ", " inquiries (id "),
    (r" · hele kommunen · ", " · whole municipality · "),
    # fields
    (r"kommunenummer skal være et tal, fx 259",
     "the municipality number must be a number, e.g. 259"),
    (r"kommunenummer skal have tre cifre", "the municipality number must have three digits"),
    (r"kommunenummer mangler", "municipality number missing"),
    (r"tælleplanen gælder kommune (?P<m>\d+)", r"the count plan is for municipality \g<m>"),
    (r"planen gælder kommune (?P<m>\d+)", r"the plan is for municipality \g<m>"),
    (r"\bkommunenummer mangler", "municipality number missing"),
    (r"\benhed mangler", "unit missing"),
    (r"\bkanal mangler", "channel missing"),
    (r"\bopgave mangler", "task missing"),
    (r"\bhenvendelsestype mangler", "inquiry type missing"),
    (r"\bafslutning mangler", "closing missing"),
    (r"\bblanket mangler", "form answer missing"),
    (r"\btidspunkt mangler", "time missing"),
    (r"\bdatakilde mangler", "data source missing"),
    (r"\bantal mangler", "count missing"),
    (r"ukendt datakilde; brug (?P<a>\S+) eller (?P<b>\S+)",
     r"unknown data source; use \g<a> or \g<b>"),
    (r"antal skal være et helt tal på mindst 1", "the count must be a whole number of at least 1"),
    (r"antal skal være mindst 1", "the count must be at least 1"),
    (r"antal kan ikke være negativt", "the count cannot be negative"),
    (r"skal være et helt tal, 0 eller mere", "must be a whole number, 0 or more"),
    (r"ukendt retning; brug IND eller UD", "unknown direction; use IND or UD"),
    (r"ukendt kanalkode", "unknown channel code"),
    (r"kanalen er (?P<d>\S+), men retningen er (?P<e>\S+)",
     r"the channel is \g<d> but the direction is \g<e>"),
    (r"kanalen er (?P<d>\S+), ikke (?P<e>\S+)", r"the channel is \g<d>, not \g<e>"),
    (r"ukendt henvendelsestype", "unknown inquiry type"),
    (r"ukendt afslutning; brug STRAKS eller HOLD", "unknown closing; use STRAKS or HOLD"),
    (r"ukendt blanket-svar; brug JA eller NEJ", "unknown form answer; use JA or NEJ"),
    (r"ukendt kilde", "unknown source"),
    (r"opgaven skal være et KLE-nummer som 23\.05\.10 eller 15\.20",
     "the task must be a KLE number like 23.05.10 or 15.20"),
    (r"KLE-emnet er udgået og kan ikke bruges til nye registreringer",
     "the KLE subject has expired and cannot be used for new registrations"),
    (r"ukendt opgave: ikke i enhedens opgaveliste, kataloget eller KLE",
     "unknown task: not in the unit's task list, the catalogue or KLE"),
    (r"kanalen (?P<c>\S+) kræver svar på blanket \(JA/NEJ\)",
     r"channel \g<c> needs a form answer (JA/NEJ)"),
    (r"kanalen (?P<c>\S+) spørger ikke om blanket; udelad den",
     r"channel \g<c> does not ask about a form; leave it out"),
    (r"kanalen er ikke slået til for ", "the channel is not switched on for "),
    (r"ukendt enhed; planen har: ", "unknown unit; the plan has: "),
    (r"enheden findes ikke i tælleplanen \(accepteret\)",
     "the unit is not in the count plan (accepted)"),
    (r"enheden findes ikke i tælleplanen", "the unit is not in the count plan"),
    (r"tom enhed på en (?P<c>\S+)-række \(kun normalt for WEB\)",
     r"empty unit on a \g<c> row (normal only for WEB)"),
    (r"kanalen spørger normalt ikke om blanket \(accepteret\)",
     "the channel does not normally ask about a form (accepted)"),
    (r"udgået KLE-emne \(accepteret som historik\)", "expired KLE subject (accepted as history)"),
    (r"hverken i opgavekataloget eller i KLE \(fx en KOMHEN-lokal kode; accepteret\)",
     "neither in the task catalogue nor in KLE (e.g. a local KOMHEN code; accepted)"),
    (r"ikke i opgavekataloget; KLE er ikke indlæst, så nummeret er ikke kontrolleret "
     r"\(accepteret\)",
     "not in the task catalogue; KLE is not loaded, so the number is not checked (accepted)"),
    # answers
    (r"spørgsmålet er ikke slået til for enheden", "the question is not switched on for the unit"),
    (r"postnummer skal være fire cifre", "a postcode has four digits"),
    (r"ukendt svar; brug et af ", "unknown answer; use one of "),
    (r"ukendt spørgsmål", "unknown question"),
    (r"svaret er ikke et af spørgsmålets faste svar", "the answer is not one of the question's"
     " fixed answers"),
    (r"spørgsmålet hører ikke til opgave ", "the question does not belong to task "),
    (r"\b(?P<f>\w+) mangler", r"\g<f> missing"),
    # what the collector adds
    (r", gemt '", ", saved '"),
    # where (last: the phrases above may hold these words)
    (r"\((?P<n>[\d.]+) rækker, første på linje (?P<m>\d+)\)",
     r"(\g<n> rows, first on line \g<m>)"),
    (r"\blinje (?P<n>\d+)", r"line \g<n>"),
    (r"\blinje ", "line "),
    (r"\bkolonne (?P<c>\S[^:,;)]*)", r"column \g<c>"),
    (r"\(hele rækken\)", "(whole row)"),
    (r"\(værdi: ", "(value: "),
)  # fmt: skip


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), e) for p, e in PHRASES)


def english(text: str) -> str:
    """``text`` with every known Danish phrase put into English, values unchanged."""
    for pattern, replacement in _compiled():
        text = pattern.sub(replacement, text)
    return text
