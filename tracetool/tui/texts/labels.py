"""The short labels of codes where a full label does not fit: the line's cells, the counts and
the day's list."""

from __future__ import annotations

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
