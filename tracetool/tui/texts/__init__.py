"""The app's own words, Danish first and English complete (gettext domain ``app``).

The Danish text is the message id (``MESSAGES``, each marked ``N_``); the English is the catalogue
``tracetool/locale/en/LC_MESSAGES/app.po``, compiled with Babel to the ``.mo`` beside it
(``scripts/messages.py app``, then ``make catalogues``). The code names a message by its key:
``Texts("en")("saved", time=..., summary=...)``. tests/test_catalogues.py fails when a message has
no English. Beside this: the short labels of codes (``labels``) and the help screen (``help``);
code labels in full (channels, types, tasks ...) come from the codebook.
"""

from __future__ import annotations

import gettext

from tracetool import locale
from tracetool.locale import N_

DOMAIN = "app"

MESSAGES: dict[str, str] = {
    "app_title": N_("TraceTool"),
    "field.channel": N_("Kanal"),
    "field.task": N_("Opgave"),
    "field.type": N_("Type"),
    "field.closing": N_("Afslutning"),
    "field.form": N_("Blanket"),
    "dir.IND": N_("ind"),
    "dir.UD": N_("ud"),
    "unset": N_("‹vælg›"),
    "not_asked": N_("–"),
    "hint.channel": N_(
        "{direction}: kanalens nummer · i = ind, u = ud · F5–F12: kanal fra alle felter"
    ),
    "help.channel_keys": N_("Kanal fra hvor som helst på linjen, retning og alt:"),
    "hint.task": N_("Tast opgavens tegn (1–9, A–Z) · 0 = Fejlhenvendelse · / = søg · + = flere"),
    "hint.task_edit": N_("Tast opgavens tegn (1–9, A–Z) · 0 = Fejlhenvendelse · / = søg"),
    "hint.task_more": N_("Opgave {n} for samme henvendelse · Tilbage fjerner den"),
    "hint.type": N_("CPR, CVR el. matrikel? Ja: 1–3 · Nej: 4–6 · s/v straks/videre · j/n blanket"),
    "hint.closing": N_("1/s = afsluttet med det samme · 2/v = lagt til videre behandling"),
    "hint.form": N_(
        "Følger den relevante blanket (helt el. delvist udfyldt) med? 1/j ja · 2/n nej"
    ),
    "hint.param": N_("{question} – tast svarets nummer"),
    "hint.postcode": N_("{question} – tast fire cifre"),
    "hint.question": N_("{question} – tast svarets nummer"),
    "hint.enter": N_("Enter gemmer"),
    "timer": N_("Tid {time}"),
    "timer.idle": N_("Tid –:––"),
    "timer.paper": N_("Papir"),
    "banner.test_frame": N_("⚠ TESTTILSTAND · tæller ikke med ⚠"),
    "banner.paper": N_(
        "PAPIR  Indtaster fra papirskema: dateres {day} kl. {hour:02d}–{next:02d}  ·  F3 slutter"
    ),
    "welcome": N_("Ny her? Tryk F1 – hjælpen viser alt, hvad du skal vide for at registrere."),
    "saved": N_("Gemt {time}: {summary}"),
    "saved_many": N_("Gemt {n} registreringer {time}: {summary}"),
    "saved_paper": N_("Gemt fra papir ({day} kl. {hour:02d}): {summary}"),
    "guard": N_("Ignoreret: Enter holdt nede (gentaget inden for 0,15 s). Den er gemt én gang."),
    "missing": N_("Mangler: {field} – vælg og tryk Enter"),
    "undone": N_("Fortrudt (gemt {when}): {summary}"),
    "nothing_to_undo": N_("Der er intet at fortryde fra denne session"),
    "edited": N_("Rettet (version {rev}): {summary}"),
    "deleted": N_("Slettet: {summary}"),
    "no_change": N_("Intet ændret"),
    "reset": N_("Linjen er sat tilbage til sidste registrering"),
    "added_task": N_("Vælg opgave nr. {n} til samme henvendelse"),
    "error": N_("Kunne ikke gemme: {error}"),
    "stats.total": N_("I alt"),
    "stats.today": N_("I dag"),
    "stats.period": N_("Periode"),
    "stats.no_period": N_("Ingen tælleperiode i dag"),
    "stats.pending": N_("Venter på synk.: {n}"),
    "stats.last_sync": N_("Sidst synk.: {when}"),
    "stats.never": N_("aldrig"),
    "stats.test": N_("inkl. test"),
    "today.title": N_("Dagens registreringer ({n})"),
    "today.title_day": N_("Registreringer {day} ({n})"),
    "today.empty": N_("Der er ingen registreringer i dag endnu"),
    "today.focus": N_("↑↓ vælg · Enter ret · Delete slet · Esc tilbage"),
    "col.time": N_("Tid"),
    "col.channel": N_("Kanal"),
    "col.task": N_("Opgave"),
    "col.type": N_("Type"),
    "col.closing": N_("Afsl."),
    "col.form": N_("Bl."),
    "col.mark": N_("Mærke"),
    "mark.test": N_("TEST"),
    "mark.paper": N_("PAPIR"),
    "mark.edited": N_("rettet"),
    "footer.save": N_("Gem"),
    "footer.add_task": N_("Flere"),
    "footer.search": N_("Søg"),
    "footer.undo": N_("Fortryd"),
    "footer.help": N_("Hjælp"),
    "footer.today": N_("I dag"),
    "footer.paper": N_("Papir"),
    "footer.palette": N_("Kommandoer"),
    "footer.quit": N_("Afslut"),
    "no_plan.title": N_("Der er ingen tælleplan på denne computer endnu"),
    "no_plan.body": N_(
        "Tælleplanen fortæller, hvilken kommune og enhed du registrerer for, og hvilke "
        "opgaver enheden har. Tovholderen sender normalt planfilen; tag den i brug med:\n\n"
        "    tracetool plan apply plan.toml\n\n"
        "Vil du bare prøve programmet, så lav en standardplan (testtilstand er slået "
        "til):\n\n"
        "    tracetool plan init\n\n"
        "Start derefter igen med: tracetool\n\n"
        "Tryk q eller Esc for at afslutte."
    ),
    "search.title": N_("Søg opgave"),
    "search.placeholder": N_("Skriv KLE-nummer, titel eller stikord …"),
    "search.help": N_("↑↓ flyt · Enter vælg · Ctrl+F vælg og gem som favorit · Esc luk"),
    "palette.placeholder": N_("Søg efter en kommando …"),
    "quit_hint.title": N_("Vil du afslutte?"),
    "quit_hint": N_("Tryk {keys} for at afslutte"),
    "search.none": N_("Ingen opgaver passer – prøv et andet ord eller et KLE-nummer"),
    "search.uses": N_("brugt {n}×"),
    "search.where.unit": N_("enhedens liste"),
    "search.where.favourite": N_("favorit"),
    "search.where.catalogue": N_("opgavekatalog"),
    "search.where.kle": N_("KLE"),
    "pinned": N_("Ny favorit for {unit} med egen tast: {task}"),
    "pin_full": N_("Ny favorit (listen er fuld, så uden tast – find den med /): {task}"),
    "unpinned": N_("Ikke længere favorit: {task}"),
    "paper.title": N_("Indtastning fra papirskema"),
    "paper.body": N_(
        "Registreringerne dateres til den dag og time, der står på papirskemaet, "
        "og mærkes som fra papir. Tiden måles ikke."
    ),
    "paper.day": N_("Dato (dd-mm-åååå)"),
    "paper.hour": N_("Time (0–23)"),
    "paper.start": N_("Start papirindtastning"),
    "paper.cancel": N_("Annullér"),
    "paper.bad_day": N_("Ugyldig dato – skriv fx 21-10-2013"),
    "paper.bad_hour": N_("Ugyldig time – skriv et tal fra 0 til 23"),
    "paper.future": N_("Datoen ligger i fremtiden"),
    "paper.on": N_("Papirindtastning: {day} kl. {hour:02d}"),
    "paper.off": N_("Papirindtastning er slået fra; registreringer dateres nu igen til nu"),
    "paperline.placeholder": N_(
        "Linje fra arket, fx 2341 x3 @09 – Enter gemmer, Tab til tastelinjen"
    ),
    "paperline.count": N_("Fra papir denne gang: {lines} linjer, {n} henvendelser"),
    "paperline.saved": N_("Gemt fra papir: {text} (×{n})"),
    "paperline.bad": N_("Linjen er ikke gemt – {error}"),
    "edit.title": N_("Ret registrering fra {time}"),
    "edit.help": N_("Vælg de nye værdier · Enter gemmer rettelsen · Esc annullerer"),
    "quit.title": N_("Afslut med en linje, der ikke er gemt?"),
    "quit.body": N_("{summary}\n\nLinjen er ikke gemt og går tabt."),
    "quit.yes": N_("Ja, afslut (j)"),
    "quit.no": N_("Nej, tilbage til linjen (n)"),
    "delete.title": N_("Slet registreringen?"),
    "delete.body": N_("{summary}\n\nDen bevares i historikken som slettet."),
    "delete.yes": N_("Ja, slet (j)"),
    "delete.no": N_("Nej (n)"),
    "help.title": N_("Hjælp – alle taster"),
    "help.close": N_("↑↓ PgUp PgDn ruller · Luk: Esc, F1 eller q"),
    "cmd.theme": N_("Tema: lyst eller mørkt"),
    "cmd.theme_help": N_("Vælg farvetema (fx textual-light eller textual-dark)"),
    "cmd.quit": N_("Afslut"),
    "cmd.quit_help": N_("Luk programmet (registreringerne er allerede gemt)"),
    "cmd.unit": N_("Skift enhed: {name} ({login})"),
    "cmd.unit_help": N_("Registrér for en anden enhed i tælleplanen"),
    "cmd.paper_on": N_("Papirindtastning: start"),
    "cmd.paper_off": N_("Papirindtastning: slut"),
    "cmd.paper_help": N_("Indtast afkrydsninger fra et papirskema med deres dato og time"),
    "cmd.test": N_("Testtilstand: vis status"),
    "cmd.test_help": N_("Er testtilstand slået til? (tovholderen slår den fra)"),
    "cmd.test_switch_off": N_("Testtilstand: slå fra (tovholder)"),
    "cmd.test_switch_on": N_("Testtilstand: slå til (tovholder)"),
    "cmd.test_switch_help": N_("Kun tovholderen: spørger først"),
    "test_switch.title_off": N_("Slå testtilstand fra på denne pc?"),
    "test_switch.title_on": N_("Slå testtilstand til på denne pc?"),
    "test_switch.body_off": N_(
        "Herefter tæller hver registrering med i kommunens tal. Gør det kun, når "
        "tællingen begynder, og kun som tovholder."
    ),
    "test_switch.body_on": N_(
        "Herefter tæller registreringerne fra denne pc ikke med, før testtilstand slås fra igen."
    ),
    "test_switch.yes": N_("Ja (j)"),
    "test_switch.no": N_("Nej (n)"),
    "cmd.test_on": N_("Testtilstand er SLÅET TIL: registreringerne tæller ikke med"),
    "cmd.test_off": N_("Testtilstand er slået fra: registreringerne tæller med"),
    "cmd.sync": N_("Synkronisering: status"),
    "cmd.sync_help": N_("Hvor mange ændringer der venter på at blive sendt"),
    "cmd.sync_status": N_(
        "{n} ændringer venter på at blive sendt; sidst sendt: {when}. De sendes, når der "
        "synkroniseres med tællingens server (tracetool sync)."
    ),
    "cmd.today": N_("Dagens liste: ret eller slet"),
    "cmd.today_help": N_("Gå til listen over dagens registreringer"),
    "cmd.help": N_("Hjælp: alle taster"),
    "cmd.help_help": N_("Vis hjælpeskærmen"),
    "cmd.pin": N_("Favorit: gem den valgte opgave"),
    "cmd.pin_help": N_("Gør opgaven på linjen til en favorit med egen tast"),
    "cmd.unpin": N_("Favorit: fjern den valgte opgave"),
    "cmd.unpin_help": N_("Fjern opgaven på linjen fra enhedens favoritter"),
    "unit_switched": N_("Du registrerer nu for {name} ({login})"),
    "config_error": N_("Indstillingsfilen {path} kunne ikke læses: {error}"),
    "config_theme": N_(
        "Indstillingsfilen {path}: theme = {value} er ikke et kendt farvetema;"
        " bruger standardtemaet {default}. Vælg et andet med Ctrl+P → Tema"
    ),
    "theme_not_saved": N_("Temaet {theme} kunne ikke gemmes til næste start: {error}"),
    "config_ignored": N_("Indstillingsfilen {path}: {setting} = {value} bruges ikke ({reason})"),
    "config_reason_lang": N_('brug "da" eller "en"'),
    "config_reason_action": N_("ukendt handling; kendte er {known}"),
    "config_reason_keys": N_('skriv tastnavne adskilt af komma, fx "ctrl+z,ctrl+u"'),
    "config_reason_table": N_("[keys] skal være en tabel af handling = taster"),
    "config_reason_keyname": N_('ukendt tast "{name}"; brug fx "ctrl+z", "f4" eller "plus"'),
    "config_reason_hotkey": N_('"{name}" alene vælger en værdi på linjen; brug fx "ctrl+{name}"'),
    "config_unparsable": N_("{path}: ugyldig TOML: {error}"),
    "config_theme_unwritable": N_("{path}: temaet kan ikke skrives ind i filen; ret den i hånden"),
}


def words(lang: str) -> gettext.NullTranslations:
    """The app's catalogue for ``lang``; a language the app does not speak is Danish."""
    return locale.catalogue(DOMAIN, lang if lang in locale.LANGUAGES else locale.LANGUAGES[0])


def text(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (Danish where it has no English), with ``values`` put in."""
    message = MESSAGES.get(key)
    template = words(lang).gettext(message) if message else key
    return template.format(**values) if values else template


class Texts:
    """The texts of one language, as ``t("key", n=3)``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in locale.LANGUAGES else locale.LANGUAGES[0]

    def __call__(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)
