"""The KOMHEN 2.0 codebook, loaded from the data files in ``codebook/``.

Codes live in data, not in code: channels, inquiry types, closings, forms, optional unit
parameters, the task catalogue and the file formats all come from TOML files that a coordinator
can read and a test keeps equal to the generated ``codebook/README.md``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tracetool.errors import FileFormatError
from tracetool.locale import translator

_ = translator("core")

SPECIAL_FEJL = "fejl"


@dataclass(frozen=True)
class Code:
    """A code with its Danish and English label (direction, closing, form, group)."""

    code: str
    da: str
    en: str
    hotkey: int | None = None

    def label(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da


@dataclass(frozen=True)
class Channel(Code):
    direction: str = "IND"
    asks_form: bool = False
    counted_by: str = ""
    ours: bool = False

    @property
    def in_app(self) -> bool:
        """Channels with a tile number are registered at desks; the rest come from extracts."""
        return self.hotkey is not None


@dataclass(frozen=True)
class InquiryType(Code):
    group: str = "info"
    note: str = ""


@dataclass(frozen=True)
class Parameter:
    key: str
    da: str
    en: str
    kind: str
    answers: tuple[Code, ...]

    def label(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da

    def answer(self, code: str) -> Code | None:
        return next((a for a in self.answers if a.code == code), None)


@dataclass(frozen=True)
class Task:
    kle: str
    name: str
    name_en: str
    packages: tuple[str, ...] = ()
    wave: str | None = None
    status_2013: str | None = None
    special: str | None = None

    def label(self, lang: str = "da") -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class Column:
    name: str
    da: str
    en: str
    example: str


@dataclass(frozen=True)
class FileFormat:
    key: str
    da: str
    en: str
    delimiter: str
    encoding: str
    date: str
    null: str
    trailing: bool
    extra: bool
    columns: tuple[Column, ...]

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class Codebook:
    directions: tuple[Code, ...]
    channels: tuple[Channel, ...]
    types: tuple[InquiryType, ...]
    groups: tuple[Code, ...]
    closings: tuple[Code, ...]
    forms: tuple[Code, ...]
    parameters: tuple[Parameter, ...]
    tasks: tuple[Task, ...]
    formats: tuple[FileFormat, ...]
    _index: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("directions", "channels", "types", "closings", "forms", "groups"):
            self._index[name] = {c.code: c for c in getattr(self, name)}
        self._index["parameters"] = {p.key: p for p in self.parameters}
        self._index["tasks"] = {t.kle: t for t in self.tasks}
        self._index["formats"] = {f.key: f for f in self.formats}

    def channel(self, code: str) -> Channel | None:
        return self._index["channels"].get(code)  # type: ignore[no-any-return]

    def type(self, code: str) -> InquiryType | None:
        return self._index["types"].get(code)  # type: ignore[no-any-return]

    def closing(self, code: str) -> Code | None:
        return self._index["closings"].get(code)  # type: ignore[no-any-return]

    def form(self, code: str) -> Code | None:
        return self._index["forms"].get(code)  # type: ignore[no-any-return]

    def direction(self, code: str) -> Code | None:
        return self._index["directions"].get(code)  # type: ignore[no-any-return]

    def group(self, code: str) -> Code | None:
        return self._index["groups"].get(code)  # type: ignore[no-any-return]

    def parameter(self, key: str) -> Parameter | None:
        return self._index["parameters"].get(key)  # type: ignore[no-any-return]

    def task(self, kle: str) -> Task | None:
        return self._index["tasks"].get(kle)  # type: ignore[no-any-return]

    def format(self, key: str) -> FileFormat:
        fmt = self._index["formats"].get(key)
        if fmt is None:
            raise KeyError(key)
        return fmt  # type: ignore[no-any-return]

    def tasks_in(self, package: str) -> list[Task]:
        return [t for t in self.tasks if package in t.packages]

    def app_channels(self, direction: str) -> list[Channel]:
        chans = [c for c in self.channels if c.direction == direction and c.in_app]
        return sorted(chans, key=lambda c: c.hotkey or 0)

    @property
    def fejl_task(self) -> Task:
        return next(t for t in self.tasks if t.special == SPECIAL_FEJL)


def data_dir() -> Path:
    """The codebook files: shipped inside the wheel, or beside the package in a checkout."""
    packaged = Path(__file__).resolve().parents[1] / "_codebook"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "codebook"


def _read(name: str) -> dict[str, Any]:
    path = data_dir() / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(str(path), _("ugyldig TOML: {exc}").format(exc=exc)) from exc
    except OSError as exc:
        raise FileFormatError(
            str(path), _("kan ikke læses: {strerror}").format(strerror=exc.strerror)
        ) from exc


def _code(d: dict[str, Any]) -> Code:
    return Code(code=d["code"], da=d["da"], en=d["en"], hotkey=d.get("hotkey"))


@cache
def load_codebook() -> Codebook:
    codes = _read("codes.toml")
    channels = tuple(
        Channel(
            code=c["code"],
            da=c["da"],
            en=c["en"],
            hotkey=c.get("hotkey"),
            direction=c["direction"],
            asks_form=c["asks_form"],
            counted_by=c.get("counted_by", ""),
            ours=c.get("ours", False),
        )
        for c in _read("channels.toml")["channel"]
    )
    types = tuple(
        InquiryType(
            code=t["code"],
            da=t["da"],
            en=t["en"],
            hotkey=t.get("hotkey"),
            group=t["group"],
            note=t.get("note", ""),
        )
        for t in codes["type"]
    )
    parameters = tuple(
        Parameter(
            key=p["key"],
            da=p["da"],
            en=p["en"],
            kind=p["kind"],
            answers=tuple(
                Code(code=a["code"], da=a["da"], en=a["en"], hotkey=i)
                for i, a in enumerate(p["answers"], start=1)
            ),
        )
        for p in _read("parameters.toml")["parameter"]
    )
    tasks = tuple(
        Task(
            kle=t["kle"],
            name=t["name"],
            name_en=t["name_en"],
            packages=tuple(t.get("packages", ())),
            wave=t.get("wave"),
            status_2013=t.get("status_2013"),
            special=t.get("special"),
        )
        for t in _read("tasks.toml")["task"]
    )
    formats = tuple(
        FileFormat(
            key=f["key"],
            da=f["da"],
            en=f["en"],
            delimiter=f["delimiter"],
            encoding=f["encoding"],
            date=f["date"],
            null=f["null"],
            trailing=f["trailing"],
            extra=f["extra"],
            columns=tuple(Column(**c) for c in f["columns"]),
        )
        for f in _read("formats.toml")["format"]
    )
    return Codebook(
        directions=tuple(_code(d) for d in codes["direction"]),
        channels=channels,
        types=types,
        groups=tuple(_code(g) for g in codes["group"]),
        closings=tuple(_code(c) for c in codes["closing"]),
        forms=tuple(_code(f) for f in codes["form"]),
        parameters=parameters,
        tasks=tasks,
        formats=formats,
    )
