"""Every word the app shows, in Danish (the default) and English, in one place.

Code labels (channels, types, tasks ...) come from the codebook; this holds the app's own words.
"""

from __future__ import annotations

LANGS = ("da", "en")

_DA: dict[str, str] = {
    "app_title": "TraceTool",
    "field.channel": "Kanal",
    "field.task": "Opgave",
    "field.type": "Type",
    "field.closing": "Afslutning",
    "field.form": "Blanket",
    "dir.IND": "ind",
    "dir.UD": "ud",
    "unset": "‹vælg›",
    "not_asked": "–",
    "hint.channel": (
        "{direction}: kanalens nummer · i = ind, u = ud · F5–F12: kanal fra alle felter"
    ),
    "help.channel_keys": "Kanal fra hvor som helst på linjen, retning og alt:",
    "hint.task": "Tast opgavens tegn (1–9, A–Z) · 0 = Fejlhenvendelse · / = søg · + = flere",
    "hint.task_edit": "Tast opgavens tegn (1–9, A–Z) · 0 = Fejlhenvendelse · / = søg",
    "hint.task_more": "Opgave {n} for samme henvendelse · Tilbage fjerner den",
    "hint.type": "CPR, CVR el. matrikel? Ja: 1–3 · Nej: 4–6 · s/v straks/videre · j/n blanket",
    "hint.closing": "1/s = afsluttet med det samme · 2/v = lagt til videre behandling",
    "hint.form": "Følger den relevante blanket (helt el. delvist udfyldt) med? 1/j ja · 2/n nej",
    "hint.param": "{question} – tast svarets nummer",
    "hint.postcode": "{question} – tast fire cifre",
    "hint.question": "{question} – tast svarets nummer",
    "hint.enter": "Enter gemmer",
    "timer": "Tid {time}",
    "timer.idle": "Tid –:––",
    "timer.paper": "Papir",
    "banner.test_frame": "⚠ TESTTILSTAND · tæller ikke med ⚠",
    "banner.paper": "PAPIR  Indtaster fra papirskema: dateres {day} kl. {hour:02d}–{next:02d}"
    "  ·  F3 slutter",
    "welcome": "Ny her? Tryk F1 – hjælpen viser alt, hvad du skal vide for at registrere.",
    "saved": "Gemt {time}: {summary}",
    "saved_many": "Gemt {n} registreringer {time}: {summary}",
    "saved_paper": "Gemt fra papir ({day} kl. {hour:02d}): {summary}",
    "guard": "Ignoreret: Enter holdt nede (gentaget inden for 0,15 s). Den er gemt én gang.",
    "missing": "Mangler: {field} – vælg og tryk Enter",
    "undone": "Fortrudt (gemt {when}): {summary}",
    "nothing_to_undo": "Der er intet at fortryde fra denne session",
    "edited": "Rettet (version {rev}): {summary}",
    "deleted": "Slettet: {summary}",
    "no_change": "Intet ændret",
    "reset": "Linjen er sat tilbage til sidste registrering",
    "added_task": "Vælg opgave nr. {n} til samme henvendelse",
    "error": "Kunne ikke gemme: {error}",
    "stats.total": "I alt",
    "stats.today": "I dag",
    "stats.period": "Periode",
    "stats.no_period": "Ingen tælleperiode i dag",
    "stats.pending": "Venter på synk.: {n}",
    "stats.last_sync": "Sidst synk.: {when}",
    "stats.never": "aldrig",
    "stats.test": "inkl. test",
    "today.title": "Dagens registreringer ({n})",
    "today.title_day": "Registreringer {day} ({n})",
    "today.empty": "Der er ingen registreringer i dag endnu",
    "today.focus": "↑↓ vælg · Enter ret · Delete slet · Esc tilbage",
    "col.time": "Tid",
    "col.channel": "Kanal",
    "col.task": "Opgave",
    "col.type": "Type",
    "col.closing": "Afsl.",
    "col.form": "Bl.",
    "col.mark": "Mærke",
    "mark.test": "TEST",
    "mark.paper": "PAPIR",
    "mark.edited": "rettet",
    "footer.save": "Gem",
    "footer.add_task": "Flere",
    "footer.search": "Søg",
    "footer.undo": "Fortryd",
    "footer.help": "Hjælp",
    "footer.today": "I dag",
    "footer.paper": "Papir",
    "footer.palette": "Kommandoer",
    "footer.quit": "Afslut",
    "no_plan.title": "Der er ingen tælleplan på denne computer endnu",
    "no_plan.body": (
        "Tælleplanen fortæller, hvilken kommune og enhed du registrerer for, og hvilke "
        "opgaver enheden har. Tovholderen sender normalt planfilen; tag den i brug med:\n\n"
        "    tracetool plan apply plan.toml\n\n"
        "Vil du bare prøve programmet, så lav en standardplan (testtilstand er slået "
        "til):\n\n"
        "    tracetool plan init\n\n"
        "Start derefter igen med: tracetool\n\n"
        "Tryk q eller Esc for at afslutte."
    ),
    "search.title": "Søg opgave",
    "search.placeholder": "Skriv KLE-nummer, titel eller stikord …",
    "search.help": "↑↓ flyt · Enter vælg · Ctrl+F vælg og gem som favorit · Esc luk",
    "palette.placeholder": "Søg efter en kommando …",
    "quit_hint.title": "Vil du afslutte?",
    "quit_hint": "Tryk {keys} for at afslutte",
    "search.none": "Ingen opgaver passer – prøv et andet ord eller et KLE-nummer",
    "search.uses": "brugt {n}×",
    "search.where.unit": "enhedens liste",
    "search.where.favourite": "favorit",
    "search.where.catalogue": "opgavekatalog",
    "search.where.kle": "KLE",
    "pinned": "Ny favorit for {unit} med egen tast: {task}",
    "pin_full": "Ny favorit (listen er fuld, så uden tast – find den med /): {task}",
    "unpinned": "Ikke længere favorit: {task}",
    "paper.title": "Indtastning fra papirskema",
    "paper.body": (
        "Registreringerne dateres til den dag og time, der står på papirskemaet, "
        "og mærkes som fra papir. Tiden måles ikke."
    ),
    "paper.day": "Dato (dd-mm-åååå)",
    "paper.hour": "Time (0–23)",
    "paper.start": "Start papirindtastning",
    "paper.cancel": "Annullér",
    "paper.bad_day": "Ugyldig dato – skriv fx 21-10-2013",
    "paper.bad_hour": "Ugyldig time – skriv et tal fra 0 til 23",
    "paper.future": "Datoen ligger i fremtiden",
    "paper.on": "Papirindtastning: {day} kl. {hour:02d}",
    "paper.off": "Papirindtastning er slået fra; registreringer dateres nu igen til nu",
    "paperline.placeholder": "Linje fra arket, fx 2341 x3 @09 – Enter gemmer, Tab til tastelinjen",
    "paperline.count": "Fra papir denne gang: {lines} linjer, {n} henvendelser",
    "paperline.saved": "Gemt fra papir: {text} (×{n})",
    "paperline.bad": "Linjen er ikke gemt – {error}",
    "edit.title": "Ret registrering fra {time}",
    "edit.help": "Vælg de nye værdier · Enter gemmer rettelsen · Esc annullerer",
    "quit.title": "Afslut med en linje, der ikke er gemt?",
    "quit.body": "{summary}\n\nLinjen er ikke gemt og går tabt.",
    "quit.yes": "Ja, afslut (j)",
    "quit.no": "Nej, tilbage til linjen (n)",
    "delete.title": "Slet registreringen?",
    "delete.body": "{summary}\n\nDen bevares i historikken som slettet.",
    "delete.yes": "Ja, slet (j)",
    "delete.no": "Nej (n)",
    "help.title": "Hjælp – alle taster",
    "help.close": "↑↓ PgUp PgDn ruller · Luk: Esc, F1 eller q",
    "cmd.theme": "Tema: lyst eller mørkt",
    "cmd.theme_help": "Vælg farvetema (fx textual-light eller textual-dark)",
    "cmd.quit": "Afslut",
    "cmd.quit_help": "Luk programmet (registreringerne er allerede gemt)",
    "cmd.unit": "Skift enhed: {name} ({login})",
    "cmd.unit_help": "Registrér for en anden enhed i tælleplanen",
    "cmd.paper_on": "Papirindtastning: start",
    "cmd.paper_off": "Papirindtastning: slut",
    "cmd.paper_help": "Indtast afkrydsninger fra et papirskema med deres dato og time",
    "cmd.test": "Testtilstand: vis status",
    "cmd.test_help": "Er testtilstand slået til? (tovholderen slår den fra)",
    "cmd.test_switch_off": "Testtilstand: slå fra (tovholder)",
    "cmd.test_switch_on": "Testtilstand: slå til (tovholder)",
    "cmd.test_switch_help": "Kun tovholderen: spørger først",
    "test_switch.title_off": "Slå testtilstand fra på denne pc?",
    "test_switch.title_on": "Slå testtilstand til på denne pc?",
    "test_switch.body_off": (
        "Herefter tæller hver registrering med i kommunens tal. Gør det kun, når "
        "tællingen begynder, og kun som tovholder."
    ),
    "test_switch.body_on": (
        "Herefter tæller registreringerne fra denne pc ikke med, før testtilstand slås fra igen."
    ),
    "test_switch.yes": "Ja (j)",
    "test_switch.no": "Nej (n)",
    "cmd.test_on": "Testtilstand er SLÅET TIL: registreringerne tæller ikke med",
    "cmd.test_off": "Testtilstand er slået fra: registreringerne tæller med",
    "cmd.sync": "Synkronisering: status",
    "cmd.sync_help": "Hvor mange ændringer der venter på at blive sendt",
    "cmd.sync_status": (
        "{n} ændringer venter på at blive sendt; sidst sendt: {when}. De sendes, når der "
        "synkroniseres med tællingens server (tracetool sync)."
    ),
    "cmd.today": "Dagens liste: ret eller slet",
    "cmd.today_help": "Gå til listen over dagens registreringer",
    "cmd.help": "Hjælp: alle taster",
    "cmd.help_help": "Vis hjælpeskærmen",
    "cmd.pin": "Favorit: gem den valgte opgave",
    "cmd.pin_help": "Gør opgaven på linjen til en favorit med egen tast",
    "cmd.unpin": "Favorit: fjern den valgte opgave",
    "cmd.unpin_help": "Fjern opgaven på linjen fra enhedens favoritter",
    "unit_switched": "Du registrerer nu for {name} ({login})",
    "config_error": "Indstillingsfilen {path} kunne ikke læses: {error}",
    "config_theme": "Indstillingsfilen {path}: theme = {value} er ikke et kendt farvetema;"
    " bruger standardtemaet {default}. Vælg et andet med Ctrl+P → Tema",
    "theme_not_saved": "Temaet {theme} kunne ikke gemmes til næste start: {error}",
    "config_ignored": "Indstillingsfilen {path}: {setting} = {value} bruges ikke ({reason})",
    "config_reason_lang": 'brug "da" eller "en"',
    "config_reason_action": "ukendt handling; kendte er {known}",
    "config_reason_keys": 'skriv tastnavne adskilt af komma, fx "ctrl+z,ctrl+u"',
    "config_reason_table": "[keys] skal være en tabel af handling = taster",
    "config_reason_keyname": 'ukendt tast "{name}"; brug fx "ctrl+z", "f4" eller "plus"',
    "config_reason_hotkey": '"{name}" alene vælger en værdi på linjen; brug fx "ctrl+{name}"',
}

_EN: dict[str, str] = {
    "app_title": "TraceTool",
    "field.channel": "Channel",
    "field.task": "Task",
    "field.type": "Type",
    "field.closing": "Closing",
    "field.form": "Form",
    "dir.IND": "in",
    "dir.UD": "out",
    "unset": "‹choose›",
    "not_asked": "–",
    "hint.channel": (
        "{direction}: the channel's number · i = in, u = out · F5–F12: channel from any field"
    ),
    "help.channel_keys": "Channel from anywhere on the line, direction and all:",
    "hint.task": "Press the task's key (1–9, A–Z) · 0 = Misdirected · / = search · + = more",
    "hint.task_edit": "Press the task's key (1–9, A–Z) · 0 = Misdirected · / = search",
    "hint.task_more": "Task {n} for the same contact · Backspace removes it",
    "hint.type": "CPR, CVR or land reg. no.? Yes: 1–3 · No: 4–6 · s/v at once/later · y/n form",
    "hint.closing": "1/s = closed at once (straks) · 2/v = put aside for later (videre)",
    "hint.form": "Did the relevant form (fully or partly filled in) come with it? 1/y yes · 2/n no",
    "hint.param": "{question} – press the answer's number",
    "hint.postcode": "{question} – type four digits",
    "hint.question": "{question} – press the answer's number",
    "hint.enter": "Enter saves",
    "timer": "Time {time}",
    "timer.idle": "Time –:––",
    "timer.paper": "Paper",
    "banner.test_frame": "⚠ TEST MODE · does not count ⚠",
    "banner.paper": "PAPER  Typing in a paper sheet: dated {day} {hour:02d}–{next:02d}  ·  F3 ends",
    "welcome": "New here? Press F1 – the help shows all you need to know to register.",
    "saved": "Saved {time}: {summary}",
    "saved_many": "Saved {n} registrations {time}: {summary}",
    "saved_paper": "Saved from paper ({day} {hour:02d}:00): {summary}",
    "guard": "Ignored: Enter held down (repeated within 0.15 s). It is saved once.",
    "missing": "Missing: {field} – choose it and press Enter",
    "undone": "Undone (saved {when}): {summary}",
    "nothing_to_undo": "There is nothing to undo from this session",
    "edited": "Corrected (version {rev}): {summary}",
    "deleted": "Deleted: {summary}",
    "no_change": "Nothing changed",
    "reset": "The line is back to the last registration",
    "added_task": "Choose task no. {n} for the same contact",
    "error": "Could not save: {error}",
    "stats.total": "Total",
    "stats.today": "Today",
    "stats.period": "Period",
    "stats.no_period": "No count period today",
    "stats.pending": "Waiting to sync: {n}",
    "stats.last_sync": "Last sync: {when}",
    "stats.never": "never",
    "stats.test": "incl. test",
    "today.title": "Today's registrations ({n})",
    "today.title_day": "Registrations {day} ({n})",
    "today.empty": "There are no registrations today yet",
    "today.focus": "↑↓ choose · Enter correct · Delete deletes · Esc back",
    "col.time": "Time",
    "col.channel": "Channel",
    "col.task": "Task",
    "col.type": "Type",
    "col.closing": "Clos.",
    "col.form": "Form",
    "col.mark": "Mark",
    "mark.test": "TEST",
    "mark.paper": "PAPER",
    "mark.edited": "edited",
    "footer.save": "Save",
    "footer.add_task": "More",
    "footer.search": "Search",
    "footer.undo": "Undo",
    "footer.help": "Help",
    "footer.today": "Today",
    "footer.paper": "Paper",
    "footer.palette": "Commands",
    "footer.quit": "Quit",
    "no_plan.title": "There is no count plan on this computer yet",
    "no_plan.body": (
        "The count plan says which municipality and unit you register for and which "
        "tasks the unit has. The coordinator usually sends the plan file; apply it with:\n\n"
        "    tracetool plan apply plan.toml\n\n"
        "To just try the program, make a default plan (test mode is on):\n\n"
        "    tracetool plan init\n\n"
        "Then start again with: tracetool\n\n"
        "Press q or Esc to quit."
    ),
    "search.title": "Find a task",
    "search.placeholder": "Type a KLE number, title or keyword …",
    "search.help": "↑↓ move · Enter pick · Ctrl+F pick and pin as favourite · Esc close",
    "palette.placeholder": "Search for a command …",
    "quit_hint.title": "Do you want to quit?",
    "quit_hint": "Press {keys} to quit",
    "search.none": "No task matches – try another word or a KLE number",
    "search.uses": "used {n}×",
    "search.where.unit": "unit's list",
    "search.where.favourite": "favourite",
    "search.where.catalogue": "task catalogue",
    "search.where.kle": "KLE",
    "pinned": "New favourite of {unit} with its own key: {task}",
    "pin_full": "New favourite (the list is full, so no key – find it with /): {task}",
    "unpinned": "No longer a favourite: {task}",
    "paper.title": "Typing in a paper sheet",
    "paper.body": (
        "Registrations are dated to the day and hour written on the paper sheet "
        "and marked as from paper. No time is measured."
    ),
    "paper.day": "Date (dd-mm-yyyy)",
    "paper.hour": "Hour (0–23)",
    "paper.start": "Start paper entry",
    "paper.cancel": "Cancel",
    "paper.bad_day": "Invalid date – type e.g. 21-10-2013",
    "paper.bad_hour": "Invalid hour – type a number from 0 to 23",
    "paper.future": "The date is in the future",
    "paper.on": "Paper entry: {day} {hour:02d}:00",
    "paper.off": "Paper entry is off; registrations are dated now again",
    "paperline.placeholder": "A line from the sheet, e.g. 2341 x3 @09 – Enter saves, Tab: key line",
    "paperline.count": "From paper this time: {lines} lines, {n} inquiries",
    "paperline.saved": "Saved from paper: {text} (×{n})",
    "paperline.bad": "The line is not saved – {error}",
    "edit.title": "Correct the registration from {time}",
    "edit.help": "Choose the new values · Enter saves the correction · Esc cancels",
    "quit.title": "Quit with a line that is not saved?",
    "quit.body": "{summary}\n\nThe line is not saved and will be lost.",
    "quit.yes": "Yes, quit (y)",
    "quit.no": "No, back to the line (n)",
    "delete.title": "Delete the registration?",
    "delete.body": "{summary}\n\nIt is kept in the history as deleted.",
    "delete.yes": "Yes, delete (y)",
    "delete.no": "No (n)",
    "help.title": "Help – every key",
    "help.close": "↑↓ PgUp PgDn scroll · Close: Esc, F1 or q",
    "cmd.theme": "Theme: light or dark",
    "cmd.theme_help": "Choose a colour theme (e.g. textual-light or textual-dark)",
    "cmd.quit": "Quit",
    "cmd.quit_help": "Close the program (registrations are already saved)",
    "cmd.unit": "Switch unit: {name} ({login})",
    "cmd.unit_help": "Register for another unit in the count plan",
    "cmd.paper_on": "Paper entry: start",
    "cmd.paper_off": "Paper entry: end",
    "cmd.paper_help": "Type in ticks from a paper sheet with their date and hour",
    "cmd.test": "Test mode: show status",
    "cmd.test_help": "Is test mode on? (the coordinator switches it off)",
    "cmd.test_switch_off": "Test mode: switch off (coordinator)",
    "cmd.test_switch_on": "Test mode: switch on (coordinator)",
    "cmd.test_switch_help": "The coordinator only: asks first",
    "test_switch.title_off": "Switch test mode off on this PC?",
    "test_switch.title_on": "Switch test mode on on this PC?",
    "test_switch.body_off": (
        "From then on every registration counts in the municipality's figures. Do it only "
        "when the count starts, and only as the coordinator."
    ),
    "test_switch.body_on": (
        "From then on registrations from this PC do not count until test mode is switched off."
    ),
    "test_switch.yes": "Yes (y)",
    "test_switch.no": "No (n)",
    "cmd.test_on": "Test mode is ON: registrations do not count",
    "cmd.test_off": "Test mode is off: registrations count",
    "cmd.sync": "Sync: status",
    "cmd.sync_help": "How many changes are waiting to be sent",
    "cmd.sync_status": (
        "{n} changes are waiting to be sent; last sent: {when}. They are sent when this "
        "desk syncs with the count's server (tracetool sync)."
    ),
    "cmd.today": "Today's list: correct or delete",
    "cmd.today_help": "Go to the list of today's registrations",
    "cmd.help": "Help: every key",
    "cmd.help_help": "Show the help screen",
    "cmd.pin": "Favourite: pin the chosen task",
    "cmd.pin_help": "Give the task on the line its own key as a favourite",
    "cmd.unpin": "Favourite: unpin the chosen task",
    "cmd.unpin_help": "Remove the task on the line from the unit's favourites",
    "unit_switched": "You now register for {name} ({login})",
    "config_error": "The settings file {path} could not be read: {error}",
    "config_theme": "The settings file {path}: theme = {value} is not a known colour theme;"
    " using the default theme {default}. Choose another with Ctrl+P → Theme",
    "theme_not_saved": "The theme {theme} could not be saved for the next start: {error}",
    "config_ignored": "The settings file {path}: {setting} = {value} is not used ({reason})",
    "config_reason_lang": 'use "da" or "en"',
    "config_reason_action": "unknown action; known are {known}",
    "config_reason_keys": 'write key names separated by commas, e.g. "ctrl+z,ctrl+u"',
    "config_reason_table": "[keys] must be a table of action = keys",
    "config_reason_keyname": 'no key is called "{name}"; use e.g. "ctrl+z", "f4" or "plus"',
    "config_reason_hotkey": '"{name}" alone picks a value on the line; use e.g. "ctrl+{name}"',
}

# Short names for the counts table, where a full label does not fit in 80 columns.
SHORT_TYPES: dict[str, dict[str, str]] = {
    "da": {
        "OPRET": "Ny sag",
        "INFO": "Info",
        "STATUS": "Status",
        "VEJL": "Vejl.",
        "SLVBTJN": "Selvbtj.",
        "FEJL": "Fejl",
    },
    "en": {
        "OPRET": "New",
        "INFO": "Info",
        "STATUS": "Status",
        "VEJL": "Advice",
        "SLVBTJN": "Self-s.",
        "FEJL": "Misdir.",
    },
}

# The line's cells (about 12 characters at 80 columns); the tiles and messages say it in full.
CELL_LABELS: dict[str, dict[str, str]] = {
    "da": {
        "PRSNLG": "Fremmøde",
        "PRSNLGUD": "Fremmøde",
        "TLFIND": "Telefon",
        "TLFUD": "Telefon",
        "EMLIND": "E-mail",
        "EMLUD": "E-mail",
        "PPRIND": "Brev",
        "PPRUD": "Brev",
        "SMSIND": "SMS",
        "SMSUD": "SMS",
        "DOCIND": "Digital Post",
        "DOKUD": "Digital Post",
        "MGRUD": "Output man.",
        "CHATIND": "Chat",
        "CHATUD": "Chat",
        "SOMEIND": "Socialt medie",
        "SOMEUD": "Socialt medie",
        "OPRET": "Ny sag",
        "INFO": "Info om sag",
        "STATUS": "Ny status",
        "VEJL": "Vejledning",
        "SLVBTJN": "Selvbetjening",
        "FEJL": "Fejl",
        "STRAKS": "Straks",
        "HOLD": "Videre",
    },
    "en": {
        "PRSNLG": "Visit",
        "PRSNLGUD": "Visit",
        "TLFIND": "Phone",
        "TLFUD": "Phone",
        "EMLIND": "E-mail",
        "EMLUD": "E-mail",
        "PPRIND": "Letter",
        "PPRUD": "Letter",
        "SMSIND": "SMS",
        "SMSUD": "SMS",
        "DOCIND": "Digital Post",
        "DOKUD": "Digital Post",
        "MGRUD": "Output man.",
        "CHATIND": "Chat",
        "CHATUD": "Chat",
        "SOMEIND": "Social media",
        "SOMEUD": "Social media",
        "OPRET": "New case",
        "INFO": "Case info",
        "STATUS": "New status",
        "VEJL": "Advice",
        "SLVBTJN": "Self-service",
        "FEJL": "Misdirected",
        "STRAKS": "At once",
        "HOLD": "Later",
    },
}

SHORT_CLOSINGS: dict[str, dict[str, str]] = {
    "da": {"STRAKS": "Straks", "HOLD": "Videre"},
    "en": {"STRAKS": "At once", "HOLD": "Later"},
}

SHORT_FORMS: dict[str, dict[str, str]] = {
    "da": {"JA": "Ja", "NEJ": "Nej"},
    "en": {"JA": "Yes", "NEJ": "No"},
}

SHORT_CHANNELS: dict[str, dict[str, str]] = {
    "da": {
        "PRSNLG": "Fremm.",
        "TLFIND": "Tlf",
        "EMLIND": "Mail",
        "PPRIND": "Brev",
        "SMSIND": "SMS",
        "DOCIND": "D.Post",
        "CHATIND": "Chat",
        "SOMEIND": "SoMe",
        "TLFUD": "Tlf ud",
        "EMLUD": "Mail ud",
        "PPRUD": "Brev ud",
        "DOKUD": "DP ud",
        "SMSUD": "SMS ud",
        "MGRUD": "OM ud",
        "PRSNLGUD": "Fremm. ud",
        "CHATUD": "Chat ud",
        "SOMEUD": "SoMe ud",
    },
    "en": {
        "PRSNLG": "Visit",
        "TLFIND": "Phone",
        "EMLIND": "Mail",
        "PPRIND": "Letter",
        "SMSIND": "SMS",
        "DOCIND": "D.Post",
        "CHATIND": "Chat",
        "SOMEIND": "Social",
        "TLFUD": "Phone out",
        "EMLUD": "Mail out",
        "PPRUD": "Letter out",
        "DOKUD": "DP out",
        "SMSUD": "SMS out",
        "MGRUD": "OM out",
        "PRSNLGUD": "Visit out",
        "CHATUD": "Chat out",
        "SOMEUD": "Social out",
    },
}

# The help screen (F1): sections of (keys, what they do). {key:ACTION} is replaced by the key
# currently bound to that action, so remapped keys show as they are.
HELP: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {
    "da": [
        (
            "Sådan registrerer du",
            [
                (
                    "1.",
                    "Registrér hver henvendelse, når du afslutter den – én gang, af den, "
                    "der afslutter den.",
                ),
                (
                    "2.",
                    "Linjen starter med værdierne fra enhedens seneste registrering. Ret "
                    "kun det, der er anderledes, og tryk Enter.",
                ),
                (
                    "3.",
                    "Samme slags henvendelse igen: bare Enter. Ny opgave, resten som "
                    "før: opgavens tast og Enter.",
                ),
                ("4.", "Ét tryk vælger en værdi og går videre til næste felt."),
                (
                    "5.",
                    "Handler henvendelsen om to opgaver, er det to registreringer: tast "
                    "+ mellem opgaverne.",
                ),
            ],
        ),
        (
            "Felterne",
            [
                ("i / u", "Kanal: indgående eller udgående, så kanalens nummer:"),
                ("{channels}", ""),
                ("1–9, A–Z", "Opgave fra enhedens liste (/ søger i alle opgaver)"),
                ("0", "Fejlhenvendelse: kom det forkerte sted hen"),
                ("1–6", "Type. Kræver den CPR, CVR eller matrikel? Ja:"),
                ("", "1 ny sag, 2 info om eksisterende sag, 3 ændring af status."),
                ("", "Nej: 4 råd og vejledning, 5 hjælp til selvbetjening,"),
                ("", "6 fejlhenvendelse"),
                ("1–2, s/v", "Afslutning: 1/s afsluttet med det samme (straks),"),
                ("", "2/v lagt til videre behandling"),
                ("1–2, j/n", "Blanket (kun hvor kanalen spørger): ja kun hvis den"),
                ("", "relevante blanket, helt eller delvist udfyldt, følger med"),
                ("s v j n", "Virker også i felterne type og afslutning: ingen Tab"),
                ("1–9", "Ekstra spørgsmål, hvis tovholderen har slået dem til"),
            ],
        ),
        (
            "Taster",
            [
                ("{key:save}", "Gem (Enter holdt nede gemmer kun én gang)"),
                ("{key:add_task}", "Endnu en opgave til samme henvendelse"),
                ("{key:search}", "Søg opgave: KLE-nummer, titel eller stikord"),
                ("{key:next_field}", "Næste felt"),
                ("{key:prev_field}", "Forrige felt"),
                ("{key:backspace}", "Fjern en tilføjet opgave eller et svar"),
                ("{key:reset}", "Sæt linjen tilbage til seneste registrering"),
                ("{key:undo}", "Fortryd den seneste registrering"),
                ("{key:today}", "Dagens liste: Enter retter, Delete sletter"),
                ("{key:paper}", "Papirindtastning med dato og time (igen: slut)"),
                ("{key:help}", "Denne hjælp"),
                ("Ctrl+P", "Kommandoer: enhed, papir, testtilstand, synk., tema"),
                ("Ctrl+Q", "Afslut"),
                ("Mus", "Klik på et felt eller en værdi for at vælge den"),
            ],
        ),
        (
            "Skærmen",
            [
                ("TEST", "Testtilstand: registreringerne tæller ikke med"),
                ("PAPIR", "Papirindtastning: dato og time står i bjælken"),
                ("Tid", "Fra første tast til Enter; urørt i 10 min: forfra"),
                ("Tal", "I dag og i tælleperioden pr. kanal og type"),
                ("Synk.", "Antal, der venter på at blive sendt, og hvornår sidst"),
            ],
        ),
    ],
    "en": [
        (
            "How to register",
            [
                ("1.", "Register each inquiry when you close it – once, by whoever closes it."),
                (
                    "2.",
                    "The line starts with the values of the unit's last registration. "
                    "Change only what differs and press Enter.",
                ),
                (
                    "3.",
                    "The same kind of inquiry again: just Enter. A different task, the "
                    "rest unchanged: its key and Enter.",
                ),
                ("4.", "One key picks a value and moves on to the next field."),
                (
                    "5.",
                    "An inquiry about two tasks is two registrations: press + between the tasks.",
                ),
            ],
        ),
        (
            "The fields",
            [
                ("i / u", "Channel: inbound or outbound, then its number:"),
                ("{channels}", ""),
                ("1–9, A–Z", "Task from the unit's list (/ searches all tasks)"),
                ("0", "Misdirected: the inquiry came to the wrong place"),
                ("1–6", "Type. Does it need a CPR, CVR or land register no.?"),
                ("", "Yes: 1 new case, 2 info on a case, 3 change of status."),
                ("", "No: 4 advice, 5 help with self-service, 6 misdirected"),
                ("1–2, s/v", "Closing: 1/s closed at once (straks),"),
                ("", "2/v put aside for later handling (videre)"),
                ("1–2, y/n", "Form (only where the channel asks): yes only when the"),
                ("", "relevant form, fully or partly filled in, came with it"),
                ("s v y j n", "Also work in the type and closing fields: no Tab"),
                ("1–9", "Extra questions, when the coordinator switched them on"),
            ],
        ),
        (
            "Keys",
            [
                ("{key:save}", "Save (Enter held down saves only once)"),
                ("{key:add_task}", "Another task for the same contact"),
                ("{key:search}", "Find a task: KLE number, title or keyword"),
                ("{key:next_field}", "Next field"),
                ("{key:prev_field}", "Previous field"),
                ("{key:backspace}", "Remove an added task or an answer"),
                ("{key:reset}", "Put the line back to the last registration"),
                ("{key:undo}", "Undo the last registration"),
                ("{key:today}", "Today's list: Enter corrects, Delete deletes"),
                ("{key:paper}", "Paper entry with date and hour (again: end)"),
                ("{key:help}", "This help"),
                ("Ctrl+P", "Commands: unit, paper, test mode, sync, theme"),
                ("Ctrl+Q", "Quit"),
                ("Mouse", "Click a field or a value to choose it"),
            ],
        ),
        (
            "The screen",
            [
                ("TEST", "Test mode: registrations do not count"),
                ("PAPER", "Paper entry: the date and hour are in the bar"),
                ("Time", "From the first key to Enter; idle 10 min: restarts"),
                ("Counts", "Today and in the count period by channel and type"),
                ("Sync", "How many wait to be sent, and when it last ran"),
            ],
        ),
    ],
}

_ALL = {"da": _DA, "en": _EN}


def text(lang: str, key: str, **values: object) -> str:
    table = _ALL.get(lang, _DA)
    template = table.get(key) or _DA.get(key) or key
    return template.format(**values) if values else template


class Texts:
    """The texts of one language, as ``t("key", n=3)``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "da"

    def __call__(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)
