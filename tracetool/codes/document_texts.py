"""The codebook document's fixed words and its display names, Danish first.

The words are gettext messages of the domain ``codebook``: the Danish text is the message id
(each marked ``N_``), the English is ``tracetool/locale/en/LC_MESSAGES/codebook.po``. The
document shows both languages side by side, so it reads both for every key.
"""

from __future__ import annotations

from typing import Final

from tracetool.locale import N_

DOMAIN: Final = "codebook"

# Package keys are data (tasks.toml); their display names live here because only the
# document needs them. An unknown package is shown by its key rather than failing.
PACKAGES: Final[dict[str, str]] = {
    "grundpakke-2013": N_("Grundpakken fra efteråret 2013"),
    "obligatorisk-2012": N_("De obligatoriske opgaver før efteråret 2013"),
    "udgaaet-2013": N_("Udgået af pakken i efteråret 2013"),
}

ENCODINGS: Final[dict[str, str]] = {
    "cp1252": "Windows-1252",
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 med BOM",
}

# Every fixed text.
TEXTS: Final[dict[str, str]] = {
    "title": N_("Kodebogen"),
    "generated": N_(
        "Denne fil er genereret af `tracetool codebook show --markdown` ud fra datafilerne i "
        "`codebook/`. Ret i datafilerne, ikke her; en test holder filen lig med dataene."
    ),
    "intro": N_(
        "Kodebogen forklarer hver kolonne og hver kode i de filer, tracetool læser og skriver "
        "efter KL's metode KOMHEN 2.0. Den samme kodebog gælder for import og eksport."
    ),
    "formats": N_("Filformater"),
    "property": N_("Egenskab"),
    "value": N_("Værdi"),
    "key": N_("Navn ved --format"),
    "delimiter": N_("Skilletegn"),
    "no_delimiter": N_("ingen (én JSON-linje pr. registrering)"),
    "encoding": N_("Tegnsæt ved eksport"),
    "date": N_("Datoformat"),
    "null": N_("Tom værdi skrives som"),
    "empty_string": N_("tom (intet mellem skilletegnene)"),
    "trailing": N_("Skilletegn sidst på hver linje"),
    "extra": N_("Ekstra spørgsmål"),
    "extra_yes": N_("én kolonne pr. ekstra spørgsmål efter de faste kolonner"),
    "extra_json": N_("i `answers`"),
    "yes": N_("ja"),
    "no": N_("nej"),
    "nr": N_("#"),
    "column": N_("Kolonne"),
    "meaning": N_("Betydning"),
    "example": N_("Eksempel"),
    "sample": N_("Overskrift og eksempellinje:"),
    "sample_json": N_("Eksempel på en linje:"),
    "question": N_("<spørgsmål 1>"),
    "directions": N_("Retning"),
    "directions_intro": N_("Det første valg ved registreringen: hvilken vej gik henvendelsen?"),
    "code": N_("Kode"),
    "label_da": N_("Dansk"),
    "label_en": N_("Engelsk"),
    "hotkey": N_("Tast"),
    "channels": N_("Kanaler"),
    "channels_intro": N_(
        "Kanalkoden står i kolonnen Kanal (udtræk) og Henvendelses Kanal (upload). Flisenummeret "
        "er tasten i registreringsappen, nummereret for sig i hver retning. Kanaler uden "
        "flisenummer registreres ikke ved skrivebordet men tælles fra systemudtræk. «(tracetool)» "
        "markerer koder, som KOMHEN ikke definerer, og som tracetool tilføjer."
    ),
    "asks_form": N_("Spørger om blanket"),
    "tile": N_("Flise"),
    "counted_by": N_("Tælles typisk"),
    "ours": N_("(tracetool)"),
    "types": N_("Henvendelsestyper"),
    "types_intro": N_(
        "Beslutningsspørgsmålet: kræver henvendelsen et referencenummer (CPR, CVR eller "
        "matrikel)? Ja: en sagsspecifik type ({sag}). Nej: en informationstype ({info})."
    ),
    "group": N_("Gruppe"),
    "note": N_("Note"),
    "groups": N_("Grupper af henvendelsestyper"),
    "closings": N_("Afslutning"),
    "closings_intro": N_(
        "Blev henvendelsen afsluttet med det samme, eller lagt til videre behandling?"
    ),
    "forms": N_("Blanket"),
    "forms_intro": N_(
        "Følger der en blanket med henvendelsen? En blanket tæller kun, hvis det er den relevante "
        "blanket, helt eller delvist udfyldt. Spørgsmålet stilles kun for de kanaler, der er "
        "markeret med «Spørger om blanket»; ellers er feltet tomt."
    ),
    "parameters": N_("Valgfrie parametre for enheder"),
    "parameters_intro": N_(
        "Spørgsmål, som koordinatoren kan slå til for en enhed i tælleplanen. Svaret gemmes under "
        "nøglen og står i eksporten i en kolonne med det danske spørgsmål som overskrift. Intet "
        "svar må kunne identificere en person: ingen fritekst, intet CPR-nummer, ingen navne."
    ),
    "answers": N_("Svar"),
    "postcode": N_("Svaret er et dansk postnummer (fire cifre)."),
    "tasks": N_("Opgavekataloget"),
    "tasks_intro": N_(
        "Opgaver er KLE-emner (KL's emnesystematik): hovedgruppe `NN`, gruppe `NN.NN`, emne "
        "`NN.NN.NN`; `NN.NN.00` læses «… i almindelighed». KOMHEN bruger sine egne korte "
        "opgavenavne. Alle KLE-emner kan tælles; de aktuelle indlæses med `tracetool codebook "
        "import-kle FIL` og findes med `tracetool codebook search TEKST`."
    ),
    "kle": N_("KLE"),
    "komhen_name": N_("KOMHEN-navn"),
    "english_name": N_("Engelsk navn"),
    "wave": N_("Bølge 2013"),
    "status_2013": N_("Status før efteråret 2013"),
    "task": N_("opgave"),
    "tasks_count": N_("opgaver"),
    "special_task": N_("særlig opgave"),
    "special_tasks": N_("særlige opgaver"),
    "notes": N_("Noter"),
    "note_null": N_("Tomme værdier"),
    "note_null_text": N_(
        "Et felt uden værdi, fx Blanket for en telefonhenvendelse eller Enhed for en "
        "hjemmesiderække, skrives sådan:"
    ),
    "note_encoding": N_("Tegnsæt"),
    "note_encoding_text": N_(
        "Ved import læses UTF-8 med og uden BOM samt Windows-1252/Latin-1. Dansk Excel forventer "
        "`;` som skilletegn og Windows-1252 eller UTF-8 med BOM. Eksporten bruger som standard:"
    ),
    "note_dates": N_("Datoer og tidspunkter"),
    "note_dates_text": N_(
        "Tidspunkter gemmes i UTC og vises og skrives i dansk tid (Europe/Copenhagen) i udtræk og "
        "upload. Formaterne (strftime), vist med 21. oktober 2013 kl. 09:20:41:"
    ),
    "note_fejl": N_("Fejlhenvendelse"),
    "note_fejl_text": N_(
        "en henvendelse, der er kommet det forkerte sted hen. Koden er tracetools eget valg og "
        "ikke et KLE-emne. Appen viser den som sin egen flise, og vælges den, bliver typen altid"
    ),
    "note_history": N_("Udgåede emner"),
    "note_history_text": N_(
        "KLE revideres to gange om året. Et emne, der er udgået eller flyttet, kan ikke vælges "
        "til nye registreringer, men gamle registreringer med det er stadig gyldige."
    ),
}
