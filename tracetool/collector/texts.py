"""The words of the collector's pages, Danish first and English complete, and the number and
date formats that go with each language.

The words are gettext messages: the Danish text is the message id (``MESSAGES``, each marked
with ``N_`` so that ``pybabel extract -k N_`` finds it), the English is the catalogue
``tracetool/locale/en/LC_MESSAGES/collector.po``, compiled with Babel to the ``.mo`` beside it
(``pybabel compile -d tracetool/locale -D collector``). Templates and code name a message by its
key, so a page can say which words it shows without repeating them. tests/test_pages.py fails
when a key a page uses has no message, when a message has no English, or when the ``.mo`` is not
the compilation of the ``.po``.
"""

from __future__ import annotations

import gettext
from datetime import date
from typing import Any

from tracetool import locale
from tracetool.analysis.report import Labels
from tracetool.collector.figures import METRIC_KIND
from tracetool.collector.period import Period
from tracetool.locale import N_

DOMAIN = "collector"
LOCALE_DIR = locale.LOCALE_DIR
LANGUAGES = ("da", "en")


MESSAGES: dict[str, str] = {
    "brand": N_("TraceTool · KOMHEN 2.0"),
    "overview": N_("Landsoverblik"),
    "overview_h1": N_("Henvendelser pr. kommune"),
    "mine": N_("Min kommune"),
    "upload": N_("Upload"),
    "sign_in": N_("Log ind"),
    "sign_out": N_("Log ud"),
    "signed_in": N_("Logget ind som {role} · {scope}"),
    "role_coordinator": N_("tovholder"),
    "role_admin": N_("administrator"),
    "all": N_("alle kommuner"),
    "lang": N_("Sprog"),
    "period": N_("Periode"),
    "year": N_("År"),
    "weeks": N_("Uger"),
    "dates": N_("Datoer"),
    "from": N_("Fra"),
    "to": N_("Til"),
    "show": N_("Vis"),
    "or": N_("eller"),
    "count_periods": N_("Tælleperioder"),
    "spring": N_("Forår"),
    "autumn": N_("Efterår"),
    "week_range": N_("uge {a}–{b} {y}"),
    "rank": N_("Nr."),
    "municipality": N_("Kommune"),
    "n": N_("Henvendelser"),
    "inbound": N_("Indgående"),
    "outbound": N_("Udgående"),
    "digital_share": N_("Digital andel"),
    "straks_share": N_("Straksafsluttet"),
    "form_share": N_("Med blanket"),
    "coverage": N_("Dækning"),
    "national": N_("Hele landet"),
    "average": N_("Landsgennemsnit"),
    "avg_count": N_("gns. pr. kommune"),
    "avg_share": N_("landstal"),
    "participating": N_("Kommuner med tal"),
    "of_all": N_("af {n}"),
    "sorted": N_("Rangliste efter {m}, {d}."),
    "desc": N_("højest først"),
    "asc": N_("lavest først"),
    "no_data": N_("Ingen henvendelser i perioden."),
    "bar": N_("Søjle"),
    "note_overview": N_(
        "Tallene er henvendelser uden testdata; en masseregistrering af N tæller N. Under "
        "hver andel står afstanden til landstallet i procentpoint. Enheder vises ikke her. "
        "Kommuner uden henvendelser i perioden er ikke med."
    ),
    "note_digital": N_("Digitale kanaler: {codes}."),
    "note_coverage": N_(
        "Dækning: registrerede henvendelser ÷ totaltal, over totaltallenes egne perioder."
    ),
    "note_form": N_("Blanketandelen regnes blandt henvendelser, hvor der blev spurgt om blanket."),
    "pp": N_("point"),
    "test_flag": N_("Testdata er medtaget på denne side (ikke i sammenligningen med landet)"),
    "with_test": N_("Medtag testdata"),
    "downloads": N_("Hent data"),
    "dl": N_("Råudtræk (dl, CSV)"),
    "upload_fmt": N_("Upload-skabelon (CSV)"),
    "xlsx": N_("Excel (xlsx)"),
    "unit": N_("Enhed"),
    "all_units": N_("alle enheder"),
    "distance": N_("Afstand til landsgennemsnittet"),
    "metric": N_("Nøgletal"),
    "this": N_("Kommunen"),
    "difference": N_("Forskel"),
    "place": N_("Placering"),
    "place_of": N_("{r} af {n}"),
    "channels_in": N_("Kanaler, indgående"),
    "channels_out": N_("Kanaler, udgående"),
    "channel": N_("Kanal"),
    "count": N_("Antal"),
    "share": N_("Andel"),
    "share_nat": N_("Andel, landet"),
    "per_channel": N_("Straksafsluttet og blanket pr. kanal"),
    "straks_nat": N_("Straks, landet"),
    "form_nat": N_("Blanket, landet"),
    "types": N_("Henvendelsestyper"),
    "channel_types": N_("Kanal × henvendelsestype"),
    "tasks": N_("De største opgaver"),
    "tasks_note": N_("De {n} største af {of} opgaver."),
    "task": N_("Opgave"),
    "per_day": N_("Henvendelser pr. dag"),
    "per_week": N_("Henvendelser pr. uge"),
    "per_hour": N_("Henvendelser pr. time (dansk tid)"),
    "day": N_("Dag"),
    "week": N_("Uge"),
    "hour": N_("Time"),
    "per_unit": N_("Pr. enhed"),
    "coverage_h": N_("Dækning pr. kanal"),
    "registered": N_("Registreret"),
    "totals": N_("Totaltal"),
    "whole": N_("hele kommunen"),
    "no_totals": N_("Der er ikke indsendt totaltal for perioden."),
    "sum": N_("I alt"),
    "none": N_("–"),
    "chart_legend": N_("Søjlen er kommunen; den lodrette streg er landsgennemsnittet."),
    "stacked_note": N_("Tallene i søjlerne er procent af kanalens henvendelser."),
    "sign_in_h1": N_("Log ind"),
    "sign_in_lead": N_(
        "Log ind med en tovholder- eller administratornøgle (fra `tracetool collector token "
        "create`). Nøglen gemmes ikke i browseren; du får en session, der udløber efter {h} "
        "timer."
    ),
    "token": N_("Adgangsnøgle"),
    "bad_token": N_("Nøglen er ukendt eller tilbagekaldt."),
    "wrong_role": N_("Kun tovholder- og administratornøgler kan logge ind her."),
    "forbidden_h1": N_("Ingen adgang"),
    "forbidden": N_("Du er logget ind som {who} og kan ikke se kommune {m}."),
    "not_found": N_("Siden findes ikke."),
    "upload_h1": N_("Upload til {m}"),
    "upload_reg_h": N_("Registreringer fra en CSV-fil"),
    "upload_reg_lead": N_(
        "Råudtræk (dl) eller upload-skabelonen, ; eller , og Windows-1252 eller UTF-8. Alle "
        "rækker kontrolleres som med `tracetool import`; er én forkert, gemmes intet. Samme "
        "fil to gange gemmer intet dobbelt."
    ),
    "file": N_("Fil"),
    "send": N_("Send"),
    "upload_totals_h": N_("Totaltal pr. kanal og periode"),
    "upload_totals_lead": N_(
        "Alle henvendelser på en kanal i en periode fra kommunens egne systemer (telefoni, "
        "mailserver, kø- og postsystemer). Skriv ét tal her, eller send en CSV-fil med "
        "kolonnerne Kanal;Enhed;Fra;Til;Antal."
    ),
    "totals_file": N_("Eller en CSV-fil"),
    "stored_totals": N_("Indsendte totaltal"),
    "delete": N_("Slet"),
    "result_ok": N_("Gemt: {stored} nye registreringer; {already} fandtes allerede."),
    "result_bad": N_("Intet er gemt: {n} problem(er). Ret filen og send den igen."),
    "result_rows": N_("{file}: {layout}, {enc}, '{delim}', {rows} rækker."),
    "line": N_("Linje"),
    "column": N_("Kolonne"),
    "value": N_("Værdi"),
    "reason": N_("Fejl"),
    "warnings": N_("Advarsler"),
    "totals_ok": N_("Gemt: {n} totaltal."),
    "totals_bad": N_("Intet er gemt: {n} problem(er)."),
    "where": N_("Hvor"),
    "total_deleted": N_("Totaltallet er slettet."),
    "delete_h1": N_("Slet totaltallet?"),
    "delete_ask": N_(
        "Totaltallet herunder slettes. Det gemmes i historikken, men tæller ikke længere med "
        "i dækningen."
    ),
    "delete_yes": N_("Ja, slet det"),
    "delete_no": N_("Fortryd"),
    "no_total": N_("Totaltallet findes ikke i kommune {m} (det er måske allerede slettet)."),
    "more_problems": N_("… og {n} problemer mere."),
    "footer": N_("TraceTool · KOMHEN 2.0 · data fra kommunernes registreringer"),
    "goto": N_("Kommunens side"),
    "error_h1": N_("Fejl {status}"),
    "not_found_h1": N_("Siden findes ikke"),
    "no_municipality": N_("Kommune {m} findes ikke; et kommunenummer har tre cifre."),
    "method_h1": N_("Adressen er en formulars"),
    "method": N_("Adressen tager imod en udfyldt formular og kan ikke åbnes som side."),
    "bad_address_h1": N_("Adressen passer ikke"),
    "bad_address": N_("Ugyldig værdi i adressen: {problems}."),
    "bad_value": N_("{where} = {value} (skal være et helt tal)"),
    "unavailable_h1": N_("Databasen svarer ikke"),
    "unavailable": N_("Collectorens database kan ikke nås lige nu. Prøv igen om lidt."),
    "crash_h1": N_("Fejl på serveren"),
    "crash": N_(
        "Der skete en uventet fejl ({kind}). Prøv igen; sker det igen, så sig det til den, "
        "der driver collectoren."
    ),
}


def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations into ``lang``; Danish needs none (the messages are Danish)."""
    return locale.catalogue(DOMAIN, lang)


class Words:
    """Page words and number formats in one language, with the report's code labels."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "da"
        self.labels = Labels(lang=self.lang)
        self._gettext = catalogue(self.lang).gettext

    def t(self, key: str, **values: Any) -> str:
        """The message ``key`` in this language, with ``values`` put in."""
        return self._gettext(MESSAGES[key]).format(**values)

    def num(self, n: float | None) -> str:
        if n is None:
            return self.t("none")
        if isinstance(n, float) and not n.is_integer():
            text = f"{n:,.1f}"
            return (
                text.replace(",", "X").replace(".", ",").replace("X", ".")
                if self.lang == "da"
                else text
            )
        return self.labels.num(int(n))

    def pct(self, share: float | None) -> str:
        return self.labels.pct(share)

    def points(self, diff: float | None) -> str:
        if diff is None:
            return ""
        value = f"{diff * 100:+.1f}"
        if value in ("+0.0", "-0.0"):
            value = "±0.0"
        return value.replace(".", ",") if self.lang == "da" else value

    def metric(self, key: str, value: float | None) -> str:
        return self.pct(value) if METRIC_KIND[key] == "share" else self.num(value)

    def day(self, d: date) -> str:
        return self.labels.day(d)

    def period(self, period: Period) -> str:
        span = f"{self.day(period.start)} – {self.day(period.end)}"
        weeks = period.iso_weeks()
        if weeks:
            y, a, b = weeks
            label = self.t("week_range", a=a, b=b, y=y) if a != b else f"{self.t('week')} {a} {y}"
            return f"{label[0].upper()}{label[1:]} ({span})"
        return span
