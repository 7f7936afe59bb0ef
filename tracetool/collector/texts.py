"""The words of the collector's pages, Danish first and English complete, in one place, and
the number and date formats that go with each language."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracetool.analysis.report import Labels
from tracetool.collector.dashboard import METRIC_KIND, Period

TEXT: dict[str, dict[str, str]] = {
    "da": {
        "brand": "TraceTool · KOMHEN 2.0",
        "overview": "Landsoverblik",
        "overview_h1": "Henvendelser pr. kommune",
        "mine": "Min kommune",
        "upload": "Upload",
        "sign_in": "Log ind",
        "sign_out": "Log ud",
        "signed_in": "Logget ind som {role} · {scope}",
        "role_coordinator": "tovholder",
        "role_admin": "administrator",
        "all": "alle kommuner",
        "lang": "Sprog",
        "period": "Periode",
        "year": "År",
        "weeks": "Uger",
        "dates": "Datoer",
        "from": "Fra",
        "to": "Til",
        "show": "Vis",
        "or": "eller",
        "count_periods": "Tælleperioder",
        "spring": "Forår",
        "autumn": "Efterår",
        "week_range": "uge {a}–{b} {y}",
        "rank": "Nr.",
        "municipality": "Kommune",
        "n": "Henvendelser",
        "inbound": "Indgående",
        "outbound": "Udgående",
        "digital_share": "Digital andel",
        "straks_share": "Straksafsluttet",
        "form_share": "Med blanket",
        "coverage": "Dækning",
        "national": "Hele landet",
        "average": "Landsgennemsnit",
        "avg_count": "gns. pr. kommune",
        "avg_share": "landstal",
        "participating": "Kommuner med tal",
        "of_all": "af {n}",
        "sorted": "Rangliste efter {m}, {d}.",
        "desc": "højest først",
        "asc": "lavest først",
        "no_data": "Ingen henvendelser i perioden.",
        "bar": "Søjle",
        "note_overview": (
            "Tallene er henvendelser uden testdata; en masseregistrering af N tæller N. "
            "Under hver andel står afstanden til landstallet i procentpoint. Enheder vises ikke "
            "her. Kommuner uden henvendelser i perioden er ikke med."
        ),
        "note_digital": "Digitale kanaler: {codes}.",
        "note_coverage": "Dækning: registrerede henvendelser ÷ totaltal, over totaltallenes "
        "egne perioder.",
        "note_form": "Blanketandelen regnes blandt henvendelser, hvor der blev spurgt om blanket.",
        "pp": "point",
        "test_flag": "Testdata er medtaget på denne side (ikke i sammenligningen med landet)",
        "with_test": "Medtag testdata",
        "downloads": "Hent data",
        "dl": "Råudtræk (dl, CSV)",
        "upload_fmt": "Upload-skabelon (CSV)",
        "xlsx": "Excel (xlsx)",
        "unit": "Enhed",
        "all_units": "alle enheder",
        "distance": "Afstand til landsgennemsnittet",
        "metric": "Nøgletal",
        "this": "Kommunen",
        "difference": "Forskel",
        "place": "Placering",
        "place_of": "{r} af {n}",
        "channels_in": "Kanaler, indgående",
        "channels_out": "Kanaler, udgående",
        "channel": "Kanal",
        "count": "Antal",
        "share": "Andel",
        "share_nat": "Andel, landet",
        "per_channel": "Straksafsluttet og blanket pr. kanal",
        "straks_nat": "Straks, landet",
        "form_nat": "Blanket, landet",
        "types": "Henvendelsestyper",
        "channel_types": "Kanal × henvendelsestype",
        "tasks": "De største opgaver",
        "tasks_note": "De {n} største af {of} opgaver.",
        "task": "Opgave",
        "per_day": "Henvendelser pr. dag",
        "per_week": "Henvendelser pr. uge",
        "per_hour": "Henvendelser pr. time (dansk tid)",
        "day": "Dag",
        "week": "Uge",
        "hour": "Time",
        "per_unit": "Pr. enhed",
        "coverage_h": "Dækning pr. kanal",
        "registered": "Registreret",
        "totals": "Totaltal",
        "whole": "hele kommunen",
        "no_totals": "Der er ikke indsendt totaltal for perioden.",
        "sum": "I alt",
        "none": "–",
        "chart_legend": "Søjlen er kommunen; den lodrette streg er landsgennemsnittet.",
        "stacked_note": "Tallene i søjlerne er procent af kanalens henvendelser.",
        "sign_in_h1": "Log ind",
        "sign_in_lead": "Log ind med en tovholder- eller administratornøgle "
        "(fra `tracetool collector token create`). Nøglen gemmes ikke i browseren; du får en "
        "session, der udløber efter {h} timer.",
        "token": "Adgangsnøgle",
        "bad_token": "Nøglen er ukendt eller tilbagekaldt.",
        "wrong_role": "Kun tovholder- og administratornøgler kan logge ind her.",
        "forbidden_h1": "Ingen adgang",
        "forbidden": "Du er logget ind som {who} og kan ikke se kommune {m}.",
        "not_found": "Siden findes ikke.",
        "upload_h1": "Upload til {m}",
        "upload_reg_h": "Registreringer fra en CSV-fil",
        "upload_reg_lead": "Råudtræk (dl) eller upload-skabelonen, ; eller , og Windows-1252 "
        "eller UTF-8. Alle rækker kontrolleres som med `tracetool import`; er én forkert, "
        "gemmes intet. Samme fil to gange gemmer intet dobbelt.",
        "file": "Fil",
        "send": "Send",
        "upload_totals_h": "Totaltal pr. kanal og periode",
        "upload_totals_lead": "Alle henvendelser på en kanal i en periode fra kommunens egne "
        "systemer (telefoni, mailserver, kø- og postsystemer). Skriv ét tal her, eller send en "
        "CSV-fil med kolonnerne Kanal;Enhed;Fra;Til;Antal.",
        "totals_file": "Eller en CSV-fil",
        "stored_totals": "Indsendte totaltal",
        "delete": "Slet",
        "result_ok": "Gemt: {stored} nye registreringer; {already} fandtes allerede.",
        "result_bad": "Intet er gemt: {n} problem(er). Ret filen og send den igen.",
        "result_rows": "{file}: {layout}, {enc}, '{delim}', {rows} rækker.",
        "line": "Linje",
        "column": "Kolonne",
        "value": "Værdi",
        "reason": "Fejl",
        "warnings": "Advarsler",
        "totals_ok": "Gemt: {n} totaltal.",
        "totals_bad": "Intet er gemt: {n} problem(er).",
        "where": "Hvor",
        "total_deleted": "Totaltallet er slettet.",
        "delete_h1": "Slet totaltallet?",
        "delete_ask": "Totaltallet herunder slettes. Det gemmes i historikken, men tæller ikke "
        "længere med i dækningen.",
        "delete_yes": "Ja, slet det",
        "delete_no": "Fortryd",
        "no_total": "Totaltallet findes ikke i kommune {m} (det er måske allerede slettet).",
        "more_problems": "… og {n} problemer mere.",
        "footer": "TraceTool · KOMHEN 2.0 · data fra kommunernes registreringer",
        "goto": "Kommunens side",
        "error_h1": "Fejl {status}",
        "not_found_h1": "Siden findes ikke",
        "no_municipality": "Kommune {m} findes ikke; et kommunenummer har tre cifre.",
        "method_h1": "Adressen er en formulars",
        "method": "Adressen tager imod en udfyldt formular og kan ikke åbnes som side.",
        "bad_address_h1": "Adressen passer ikke",
        "bad_address": "Ugyldig værdi i adressen: {problems}.",
        "bad_value": "{where} = {value} (skal være et helt tal)",
        "unavailable_h1": "Databasen svarer ikke",
        "unavailable": "Collectorens database kan ikke nås lige nu. Prøv igen om lidt.",
        "crash_h1": "Fejl på serveren",
        "crash": "Der skete en uventet fejl ({kind}). Prøv igen; sker det igen, så sig det til "
        "den, der driver collectoren.",
    },
    "en": {
        "brand": "TraceTool · KOMHEN 2.0",
        "overview": "National overview",
        "overview_h1": "Inquiries per municipality",
        "mine": "My municipality",
        "upload": "Upload",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "signed_in": "Signed in as {role} · {scope}",
        "role_coordinator": "coordinator",
        "role_admin": "administrator",
        "all": "all municipalities",
        "lang": "Language",
        "period": "Period",
        "year": "Year",
        "weeks": "Weeks",
        "dates": "Dates",
        "from": "From",
        "to": "To",
        "show": "Show",
        "or": "or",
        "count_periods": "Count periods",
        "spring": "Spring",
        "autumn": "Autumn",
        "week_range": "weeks {a}–{b} {y}",
        "rank": "No.",
        "municipality": "Municipality",
        "n": "Inquiries",
        "inbound": "Inbound",
        "outbound": "Outbound",
        "digital_share": "Digital share",
        "straks_share": "Closed at once",
        "form_share": "With form",
        "coverage": "Coverage",
        "national": "Whole country",
        "average": "National average",
        "avg_count": "mean per municipality",
        "avg_share": "national figure",
        "participating": "Municipalities with figures",
        "of_all": "of {n}",
        "sorted": "Ranked by {m}, {d}.",
        "desc": "highest first",
        "asc": "lowest first",
        "no_data": "No inquiries in the period.",
        "bar": "Bar",
        "note_overview": (
            "Figures are inquiries without test data; a mass registration of N counts N. "
            "Under each share is its distance from the national figure in percentage points. "
            "Units are not shown here. Municipalities without inquiries in the period are left "
            "out."
        ),
        "note_digital": "Digital channels: {codes}.",
        "note_coverage": "Coverage: registered inquiries ÷ totals, over the totals' own periods.",
        "note_form": "The form share is taken among inquiries where the form question was asked.",
        "pp": "points",
        "test_flag": "Test data is included on this page (not in the comparison with the nation)",
        "with_test": "Include test data",
        "downloads": "Download data",
        "dl": "Raw extract (dl, CSV)",
        "upload_fmt": "Upload template (CSV)",
        "xlsx": "Excel (xlsx)",
        "unit": "Unit",
        "all_units": "all units",
        "distance": "Distance from the national average",
        "metric": "Figure",
        "this": "Municipality",
        "difference": "Difference",
        "place": "Place",
        "place_of": "{r} of {n}",
        "channels_in": "Channels, inbound",
        "channels_out": "Channels, outbound",
        "channel": "Channel",
        "count": "Count",
        "share": "Share",
        "share_nat": "Share, nation",
        "per_channel": "Closed at once and form share per channel",
        "straks_nat": "At once, nation",
        "form_nat": "Form, nation",
        "types": "Inquiry types",
        "channel_types": "Channel × inquiry type",
        "tasks": "The largest tasks",
        "tasks_note": "The {n} largest of {of} tasks.",
        "task": "Task",
        "per_day": "Inquiries per day",
        "per_week": "Inquiries per week",
        "per_hour": "Inquiries per hour (Danish time)",
        "day": "Day",
        "week": "Week",
        "hour": "Hour",
        "per_unit": "Per unit",
        "coverage_h": "Coverage per channel",
        "registered": "Registered",
        "totals": "Totals",
        "whole": "whole municipality",
        "no_totals": "No totals have been sent for the period.",
        "sum": "Total",
        "none": "–",
        "chart_legend": "The bar is the municipality; the vertical line is the national average.",
        "stacked_note": "The numbers in the bars are per cent of the channel's inquiries.",
        "sign_in_h1": "Sign in",
        "sign_in_lead": "Sign in with a coordinator or administrator token (from `tracetool "
        "collector token create`). The token is not kept in the browser; you get a session "
        "that expires after {h} hours.",
        "token": "Token",
        "bad_token": "The token is unknown or revoked.",
        "wrong_role": "Only coordinator and administrator tokens can sign in here.",
        "forbidden_h1": "No access",
        "forbidden": "You are signed in as {who} and cannot see municipality {m}.",
        "not_found": "No such page.",
        "upload_h1": "Upload to {m}",
        "upload_reg_h": "Registrations from a CSV file",
        "upload_reg_lead": "A raw extract (dl) or the upload template, ; or , and Windows-1252 "
        "or UTF-8. Every row is checked as by `tracetool import`; if one is wrong, nothing is "
        "stored. The same file twice stores nothing twice.",
        "file": "File",
        "send": "Send",
        "upload_totals_h": "Totals per channel and period",
        "upload_totals_lead": "All inquiries on a channel in a period, from the municipality's "
        "own systems (telephony, mail server, queue and post systems). Type one figure here, or "
        "send a CSV file with the columns Kanal;Enhed;Fra;Til;Antal.",
        "totals_file": "Or a CSV file",
        "stored_totals": "Totals sent",
        "delete": "Delete",
        "result_ok": "Stored: {stored} new registrations; {already} were already there.",
        "result_bad": "Nothing stored: {n} problem(s). Fix the file and send it again.",
        "result_rows": "{file}: {layout}, {enc}, '{delim}', {rows} rows.",
        "line": "Line",
        "column": "Column",
        "value": "Value",
        "reason": "Problem",
        "warnings": "Warnings",
        "totals_ok": "Stored: {n} totals.",
        "totals_bad": "Nothing stored: {n} problem(s).",
        "where": "Where",
        "total_deleted": "The total was deleted.",
        "delete_h1": "Delete this total?",
        "delete_ask": "The total below will be deleted. It is kept in the history but no longer "
        "counts in the coverage.",
        "delete_yes": "Yes, delete it",
        "delete_no": "Cancel",
        "no_total": "There is no such total in municipality {m} (it may already have been "
        "deleted).",
        "more_problems": "… and {n} more problems.",
        "footer": "TraceTool · KOMHEN 2.0 · data from the municipalities' registrations",
        "goto": "Municipality page",
        "error_h1": "Error {status}",
        "not_found_h1": "Page not found",
        "no_municipality": "There is no municipality {m}; a municipality number has three digits.",
        "method_h1": "This address is a form's",
        "method": "This address takes a filled-in form and cannot be opened as a page.",
        "bad_address_h1": "The address does not fit",
        "bad_address": "A value in the address is not valid: {problems}.",
        "bad_value": "{where} = {value} (must be a whole number)",
        "unavailable_h1": "The database is not answering",
        "unavailable": "The collector's database cannot be reached right now. Try again in a "
        "moment.",
        "crash_h1": "Server error",
        "crash": "Something unexpected went wrong ({kind}). Try again; if it happens again, tell "
        "whoever runs the collector.",
    },
}


class Words:
    """Page words and number formats in one language, with the report's code labels."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in TEXT else "da"
        self.labels = Labels(lang=self.lang)

    def t(self, key: str, **values: Any) -> str:
        return TEXT[self.lang][key].format(**values)

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
