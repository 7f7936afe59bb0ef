"""The log sheet's own words, Danish first and English complete (codes stay as in the codebook).

The words are gettext messages of the domain ``paper``: the Danish text is the message id
(each marked ``N_``), the English is ``tracetool/locale/en/LC_MESSAGES/paper.po``.
"""

from __future__ import annotations

from tracetool.locale import N_

DOMAIN = "paper"

LOG_TEXTS: dict[str, str] = {
    "title": N_("Logark – én linje pr. henvendelse"),
    "task_title": N_("Opgaver og taster"),
    "doc_title": N_("Logark – {unit}"),
    "date": N_("Dato"),
    "unit": N_("Enhed"),
    "hour": N_("Time"),
    "sheet_no": N_("Ark nr."),
    "box_nr": N_("Nr."),
    "box_channel": N_("Kanal"),
    "box_task": N_("Opgave"),
    "box_kle": N_("el. KLE-nr."),
    "box_type": N_("Type"),
    "box_closing": N_("Afsl."),
    "box_form": N_("Blanket"),
    "box_question": N_("Spm."),
    "box_count": N_("Antal ×"),
    "box_hour": N_("Time"),
    "in": N_("Kanal ind"),
    "out": N_("Kanal ud"),
    "type": N_("Type"),
    "closing": N_("Afslutning"),
    "form": N_("Blanket (kun {mark})"),
    "digits": N_("4 cifre"),
    "tasks": N_("Opgave (tast, KLE-nr., navn)"),
    "unkeyed": N_(" – opgaver uden tast: skriv KLE-nummeret i linjen"),
    "see_task_page": N_("Opgavernes taster står på opgavesiden (side 1)."),
    "question": N_("{name} (kun opgave {tasks}): {text}  {answers}"),
    "instruction": N_(
        "Én linje pr. henvendelse med appens taster · samme igen: antal i ×-feltet, ikke en ny "
        "linje · opgave uden tast: KLE-nummeret · ingen navne, CPR-numre eller fritekst"
    ),
    "footer": N_(
        "Side {page} · Tastes ind med: tracetool paper enter --date DD-MM-ÅÅÅÅ --unit {unit} "
        "(linje fx 2341 x3 @09) · tracetool, KOMHEN 2.0"
    ),
}
