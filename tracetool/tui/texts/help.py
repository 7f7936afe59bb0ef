"""The help screen's words (F1), Danish first: sections of (keys, what they do).

``{key:ACTION}`` in the keys column is replaced by the key currently bound to that action, so
remapped keys show as they are; ``{channels}`` by the channel rows the line offers. Keys that are
words (not key names) are messages too.
"""

from __future__ import annotations

from tracetool.locale import N_
from tracetool.tui.texts import words

HELP: list[tuple[str, list[tuple[str, str]]]] = [
    (
        N_("Sådan registrerer du"),
        [
            (
                "1.",
                N_(
                    "Registrér hver henvendelse, når du afslutter den – én gang, af den, der "
                    "afslutter den."
                ),
            ),
            (
                "2.",
                N_(
                    "Linjen starter med værdierne fra enhedens seneste registrering. Ret kun "
                    "det, der er anderledes, og tryk Enter."
                ),
            ),
            (
                "3.",
                N_(
                    "Samme slags henvendelse igen: bare Enter. Ny opgave, resten som før: "
                    "opgavens tast og Enter."
                ),
            ),
            ("4.", N_("Ét tryk vælger en værdi og går videre til næste felt.")),
            (
                "5.",
                N_(
                    "Handler henvendelsen om to opgaver, er det to registreringer: tast + mellem "
                    "opgaverne."
                ),
            ),
        ],
    ),
    (
        N_("Felterne"),
        [
            ("i / u", N_("Kanal: indgående eller udgående, så kanalens nummer:")),
            ("{channels}", ""),
            ("1–9, A–Z", N_("Opgave fra enhedens liste (/ søger i alle opgaver)")),
            ("0", N_("Fejlhenvendelse: kom det forkerte sted hen")),
            (
                "1–6",
                N_(
                    "Type. Kræver den CPR, CVR eller matrikel? Ja: 1 ny sag, 2 info om "
                    "eksisterende sag, 3 ændring af status. Nej: 4 råd og vejledning, 5 hjælp "
                    "til selvbetjening, 6 fejlhenvendelse"
                ),
            ),
            (
                "1–2, s/v",
                N_(
                    "Afslutning: 1/s afsluttet med det samme (straks), 2/v lagt til videre "
                    "behandling"
                ),
            ),
            (
                N_("1–2, j/n"),
                N_(
                    "Blanket (kun hvor kanalen spørger): ja kun hvis den relevante blanket, helt "
                    "eller delvist udfyldt, følger med"
                ),
            ),
            (N_("s v j n"), N_("Virker også i felterne type og afslutning: ingen Tab")),
            ("1–9", N_("Ekstra spørgsmål, hvis tovholderen har slået dem til")),
        ],
    ),
    (
        N_("Taster"),
        [
            ("{key:save}", N_("Gem (Enter holdt nede gemmer kun én gang)")),
            ("{key:add_task}", N_("Endnu en opgave til samme henvendelse")),
            ("{key:search}", N_("Søg opgave: KLE-nummer, titel eller stikord")),
            ("{key:next_field}", N_("Næste felt")),
            ("{key:prev_field}", N_("Forrige felt")),
            ("{key:backspace}", N_("Fjern en tilføjet opgave eller et svar")),
            ("{key:reset}", N_("Sæt linjen tilbage til seneste registrering")),
            ("{key:undo}", N_("Fortryd den seneste registrering")),
            ("{key:today}", N_("Dagens liste: Enter retter, Delete sletter")),
            ("{key:paper}", N_("Papirindtastning med dato og time (igen: slut)")),
            ("{key:help}", N_("Denne hjælp")),
            ("Ctrl+P", N_("Kommandoer: enhed, papir, testtilstand, synk., tema")),
            ("Ctrl+Q", N_("Afslut")),
            (N_("Mus"), N_("Klik på et felt eller en værdi for at vælge den")),
        ],
    ),
    (
        N_("Skærmen"),
        [
            (N_("TEST"), N_("Testtilstand: registreringerne tæller ikke med")),
            (N_("PAPIR"), N_("Papirindtastning: dato og time står i bjælken")),
            (N_("Tid"), N_("Fra første tast til Enter; urørt i 10 min: forfra")),
            (N_("Tal"), N_("I dag og i tælleperioden pr. kanal og type")),
            (N_("Synk."), N_("Antal, der venter på at blive sendt, og hvornår sidst")),
        ],
    ),
]


def help_sections(lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """``HELP`` in ``lang``."""
    gettext = words(lang).gettext

    def said(message: str) -> str:
        # Not "": gettext's translation of the empty message is the catalogue's header.
        return gettext(message) if message else message

    return [
        (said(title), [(said(keys), said(what)) for keys, what in rows]) for title, rows in HELP
    ]
