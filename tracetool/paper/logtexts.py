"""The log sheet's own words, Danish first and English complete (codes stay as in the codebook)."""

from __future__ import annotations

LOG_TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Logark – én linje pr. henvendelse",
        "task_title": "Opgaver og taster",
        "doc_title": "Logark – {unit}",
        "date": "Dato",
        "unit": "Enhed",
        "hour": "Time",
        "sheet_no": "Ark nr.",
        "box_nr": "Nr.",
        "box_channel": "Kanal",
        "box_task": "Opgave",
        "box_kle": "el. KLE-nr.",
        "box_type": "Type",
        "box_closing": "Afsl.",
        "box_form": "Blanket",
        "box_question": "Spm.",
        "box_count": "Antal ×",
        "box_hour": "Time",
        "in": "Kanal ind",
        "out": "Kanal ud",
        "type": "Type",
        "closing": "Afslutning",
        "form": "Blanket (kun {mark})",
        "digits": "4 cifre",
        "tasks": "Opgave (tast, KLE-nr., navn)",
        "unkeyed": " – opgaver uden tast: skriv KLE-nummeret i linjen",
        "see_task_page": "Opgavernes taster står på opgavesiden (side 1).",
        "question": "{name} (kun opgave {tasks}): {text}  {answers}",
        "instruction": (
            "Én linje pr. henvendelse med appens taster · samme igen: antal i ×-feltet, ikke en"
            " ny linje · opgave uden tast: KLE-nummeret · ingen navne, CPR-numre eller fritekst"
        ),
        "footer": (
            "Side {page} · Tastes ind med: tracetool paper enter --date DD-MM-ÅÅÅÅ --unit {unit}"
            " (linje fx 2341 x3 @09) · tracetool, KOMHEN 2.0"
        ),
    },
    "en": {
        "title": "Log sheet – one line per inquiry",
        "task_title": "Tasks and keys",
        "doc_title": "Log sheet – {unit}",
        "date": "Date",
        "unit": "Unit",
        "hour": "Hour",
        "sheet_no": "Sheet no.",
        "box_nr": "No.",
        "box_channel": "Channel",
        "box_task": "Task",
        "box_kle": "or KLE no.",
        "box_type": "Type",
        "box_closing": "Closing",
        "box_form": "Form",
        "box_question": "Q.",
        "box_count": "Count ×",
        "box_hour": "Hour",
        "in": "Channel in",
        "out": "Channel out",
        "type": "Type",
        "closing": "Closing",
        "form": "Form (only {mark})",
        "digits": "4 digits",
        "tasks": "Task (key, KLE no., name)",
        "unkeyed": " – tasks without a key: write the KLE number on the line",
        "see_task_page": "The tasks' keys are on the task page (page 1).",
        "question": "{name} (task {tasks} only): {text}  {answers}",
        "instruction": (
            "One line per inquiry in the app's keys · the same again: a count in the × box, not a"
            " new line · a task without a key: its KLE number · no names, CPR numbers or free text"
        ),
        "footer": (
            "Page {page} · Keyed in with: tracetool paper enter --date DD-MM-YYYY --unit {unit}"
            " (line e.g. 2341 x3 @09) · tracetool, KOMHEN 2.0"
        ),
    },
}
