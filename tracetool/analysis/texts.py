"""The report's words (the terminal, JSON and HTML reports), Danish first and English complete.

The words are gettext messages of the domain ``report``: the Danish text is the message id
(each marked ``N_``), the English is ``tracetool/locale/en/LC_MESSAGES/report.po``. The
renderers name a message by its key (``Labels.t("total")``), so a table or chart says which
words it shows without repeating them.
"""

from __future__ import annotations

from tracetool.locale import N_

DOMAIN = "report"

MESSAGES: dict[str, str] = {
    "title": N_("Henvendelser"),
    "subtitle": N_("Rapport efter KOMHEN 2.0"),
    "total": N_("Henvendelser i alt"),
    "registrations": N_("registreringer"),
    "inquiries": N_("henvendelser"),
    "count": N_("Antal"),
    "share": N_("Andel"),
    "direction": N_("Retning"),
    "channel": N_("Kanal"),
    "type": N_("Henvendelsestype"),
    "closing": N_("Afslutning"),
    "form": N_("Blanket"),
    "task": N_("Opgave"),
    "unit": N_("Enhed"),
    "group": N_("Afdeling"),
    "no_group": N_("(ingen afdeling)"),
    "all_groups": N_("alle afdelinger"),
    "hour": N_("Time på dagen"),
    "day": N_("Dag"),
    "week": N_("Uge"),
    "shares": N_("Straksafsluttet og blanket pr. kanal"),
    "straks_share": N_("Straksafsluttet"),
    "form_share": N_("Med blanket"),
    "straks_short": N_("Straks"),
    "form_short": N_("Blanket"),
    "channel_by_type": N_("Kanal × henvendelsestype"),
    "task_by_channel": N_("Opgave × kanal"),
    "timing": N_("Registreringstid pr. opgave (median)"),
    "median": N_("Median"),
    "median_time": N_("Median registreringstid"),
    "timed": N_("Tidtagne"),
    "coverage": N_("Dækning: registreret i forhold til totaltal"),
    "registered": N_("Registreret"),
    "totals": N_("Totaltal"),
    "coverage_share": N_("Dækning"),
    "period": N_("Periode"),
    "all_time": N_("alle datoer"),
    "all_units": N_("alle enheder"),
    "test_included": N_("Testdata er medtaget"),
    "no_data": N_("Ingen henvendelser i den valgte periode."),
    "no_unit": N_("(ingen enhed)"),
    "no_form": N_("Ikke spurgt"),
    "generated": N_("Lavet"),
    "seconds": N_("sek."),
    "minutes": N_("min."),
    "saved_in": N_("Rapporten er gemt i"),
    "group_pages": N_("En side pr. afdeling"),
    "group_pages_saved": N_("og {n} sider pr. afdeling"),
    "selection": N_("Udvalg"),
    "compare": N_("Sammenligning: {label} mod {before}"),
    "now": N_("Nu"),
    "before": N_("Før"),
    "change": N_("Ændring"),
    "share_now": N_("Andel nu"),
    "share_before": N_("Andel før"),
    "shift_pp": N_("Skift (pct.-point)"),
    "costs": N_("Kanalpriser: udgift pr. {label}"),
    "cost": N_("Udgift (kr.)"),
    "price": N_("Pris (kr.)"),
    "unpriced": N_("Uden pris i planen (ikke regnet med): {items}."),
    "potential": N_("Potentiale: flyt til selvbetjening"),
    "potential_web": N_("Svaret ja til 'kunne have brugt hjemmesiden'"),
    "potential_shift": N_("Valgt andel: {items}"),
    "moved": N_("Flyttes"),
    "saving": N_("Besparelse (kr.)"),
    "no_self_price": N_(
        "Selvbetjening (SLVBTJN) har ingen pris i planen; potentialet kan ikke regnes."
    ),
    "answers": N_("Svar: {question}"),
    "no_answer": N_("(intet svar)"),
    "pivot": N_("Krydstabel: {rows} × {columns}"),
    "answers_by_task": N_("Svar pr. opgave: {question}"),
    "note_answers": N_("Andelen regnes blandt henvendelser med svar på spørgsmålet."),
    "time_by_type": N_("Tid pr. henvendelsestype"),
    "time_by_task": N_("Tid pr. opgave"),
    "time_by_unit": N_("Tid pr. enhed"),
    "time_by_channel": N_("Tid pr. kanal"),
    "p25": N_("25 %"),
    "p75": N_("75 %"),
    "mean": N_("Gns."),
    "untimed": N_(
        "{n} registreringer uden tid er ikke med (ingen starttid, start = gemt eller gemt før "
        "start)."
    ),
    "untimed_short": N_("{n} uden tid"),
    "excluded": N_(
        "{rows} registreringer ({n} henvendelser) er udeladt af udeladelsesreglerne ({rules}; "
        "tracetool exclude list); --no-exclusions tager dem med."
    ),
    "note_box": N_("Stregen er medianen, boksen den midterste halvdel (25 % til 75 %)."),
    "sum": N_("I alt"),
    "in": N_("ind"),
    "out": N_("ud"),
    "whole": N_("hele kommunen"),
    "top": N_("De {n} største"),
    "top_of": N_("de {n} største af {of}"),
    "note_mass": N_("Alle tal er henvendelser: en masseregistrering af N tæller N."),
    "note_stacked": N_("Tallene i søjlerne er procent af kanalens henvendelser."),
    "note_shares_chart": N_("Diagrammet viser andelen straksafsluttede pr. kanal."),
    "note_coverage": N_("Dækningen regnes over totaltallenes egne perioder."),
    "note_form": N_("Blanketandelen regnes blandt henvendelser, hvor der blev spurgt om blanket."),
    "note_hour": N_("Dansk tid. Masseregistreringer fra udtræk ligger kl. 00."),
    "note_days": N_("Perioden har {n} dage; se fordelingen pr. uge."),
    "none": N_("–"),
    "yes": N_("Ja"),
    "no": N_("Nej"),
}

# Monday first, as date.weekday() counts.
WEEKDAYS: tuple[str, ...] = (
    N_("man"),
    N_("tir"),
    N_("ons"),
    N_("tor"),
    N_("fre"),
    N_("lør"),
    N_("søn"),
)
