"""The short labels of codes where the codebook's full label does not fit: the line's cells, the
counts under the line and the day's list.

Each table maps a code to its Danish label, a message of the app's catalogue; ``TABLE[lang]`` is
the table in ``lang``, so call sites read as ``SHORT_TYPES[lang].get(code, code)``.
"""

from __future__ import annotations

from collections.abc import Mapping

from tracetool.locale import N_, NC_
from tracetool.tui.texts import words


class Labels:
    """Danish labels by code; ``labels[lang]`` is the same table in ``lang``."""

    def __init__(self, danish: Mapping[str, str], context: str | None = None) -> None:
        self.danish = danish
        # The messages' context (NC_) where the same Danish has other English elsewhere.
        self.context = context
        self._by_lang: dict[str, dict[str, str]] = {}

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        table = self._by_lang.get(lang)
        if table is None:
            catalogue = words(lang)
            context = self.context
            table = {
                code: catalogue.pgettext(context, label)
                if context is not None
                else catalogue.gettext(label)
                for code, label in self.danish.items()
            }
            self._by_lang[lang] = table
        return table


# The line's cells (about 12 characters at 80 columns); the tiles and messages say it in full.
CELL_LABELS = Labels(
    {
        "PRSNLG": N_("Fremmøde"),
        "PRSNLGUD": N_("Fremmøde"),
        "TLFIND": N_("Telefon"),
        "TLFUD": N_("Telefon"),
        "EMLIND": N_("E-mail"),
        "EMLUD": N_("E-mail"),
        "PPRIND": N_("Brev"),
        "PPRUD": N_("Brev"),
        "SMSIND": N_("SMS"),
        "SMSUD": N_("SMS"),
        "DOCIND": N_("Digital Post"),
        "DOKUD": N_("Digital Post"),
        "MGRUD": N_("Output man."),
        "CHATIND": N_("Chat"),
        "CHATUD": N_("Chat"),
        "SOMEIND": N_("Socialt medie"),
        "SOMEUD": N_("Socialt medie"),
        "OPRET": N_("Ny sag"),
        "INFO": N_("Info om sag"),
        "STATUS": N_("Ny status"),
        "VEJL": N_("Vejledning"),
        "SLVBTJN": N_("Selvbetjening"),
        "FEJL": N_("Fejl"),
        "STRAKS": N_("Straks"),
        "HOLD": N_("Videre"),
    }
)

# Short names for the counts table, where a full label does not fit in 80 columns. "Ny sag" and
# "Fejl" are the cells' Danish too, but shorter in English: hence a context of their own.
SHORT_TYPES = Labels(
    {
        "OPRET": NC_("kort", "Ny sag"),
        "INFO": NC_("kort", "Info"),
        "STATUS": NC_("kort", "Status"),
        "VEJL": NC_("kort", "Vejl."),
        "SLVBTJN": NC_("kort", "Selvbtj."),
        "FEJL": NC_("kort", "Fejl"),
    },
    context="kort",
)

SHORT_CLOSINGS = Labels({"STRAKS": N_("Straks"), "HOLD": N_("Videre")})

SHORT_FORMS = Labels({"JA": N_("Ja"), "NEJ": N_("Nej")})

SHORT_CHANNELS = Labels(
    {
        "PRSNLG": N_("Fremm."),
        "TLFIND": N_("Tlf"),
        "EMLIND": N_("Mail"),
        "PPRIND": N_("Brev"),
        "SMSIND": N_("SMS"),
        "DOCIND": N_("D.Post"),
        "CHATIND": N_("Chat"),
        "SOMEIND": N_("SoMe"),
        "TLFUD": N_("Tlf ud"),
        "EMLUD": N_("Mail ud"),
        "PPRUD": N_("Brev ud"),
        "DOKUD": N_("DP ud"),
        "SMSUD": N_("SMS ud"),
        "MGRUD": N_("OM ud"),
        "PRSNLGUD": N_("Fremm. ud"),
        "CHATUD": N_("Chat ud"),
        "SOMEUD": N_("SoMe ud"),
    }
)
