"""The help screen's words (F1)."""

from __future__ import annotations

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
