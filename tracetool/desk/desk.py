"""A desk: the codebook, the applied count plan and the local store, as front ends use them.

The CLI, the app and the importers all register through here, so the same rules hold for every
way in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracetool import paths, timeutil
from tracetool.codes.codebook import Codebook, load_codebook
from tracetool.errors import NotFoundError, TracetoolError
from tracetool.locale import N_, translator
from tracetool.model import Registration, Source
from tracetool.plan.model import Plan, Unit
from tracetool.plan.validation import Rules, TaskStatus, validate_registration
from tracetool.store import local_tasks, settings
from tracetool.store.db import open_database
from tracetool.store.registrations import Query, RegistrationStore

_ = translator("core")

NO_PLAN = N_(
    "ingen tælleplan er anvendt; kør først `tracetool plan init` eller `tracetool plan apply FIL`"
)


def rules_for(reg: Registration) -> Rules:
    """The rules a correction of ``reg`` is checked by: those it came in under.

    An imported row keeps the history rules (real extracts hold group-level task numbers,
    expired subjects, units outside the plan, form answers on any channel), also when its
    Datakilde said it was made at a desk, which is why the import key decides and not only the
    source. A row registered here, one by one or as a mass registration, keeps the app's rules.
    """
    if reg.import_key is not None or reg.source == Source.IMPORT:
        return "history"
    return "new"


@dataclass
class Desk:
    db: Database
    codebook: Codebook
    plan: Plan | None
    device: str
    store: RegistrationStore = field(init=False)

    def __post_init__(self) -> None:
        self.store = RegistrationStore(self.db)

    @classmethod
    def open(cls, db_path: Path | None = None) -> Desk:
        from tracetool.plan.planfile import load_plan  # the plan file module sits beside this one

        db = open_database(db_path)
        plan_file = paths.plan_path()
        plan = load_plan(plan_file) if plan_file.exists() else None
        return cls(db=db, codebook=load_codebook(), plan=plan, device=settings.device_id(db))

    def close(self) -> None:
        self.db.close()

    # -- plan and units -------------------------------------------------------------------

    def require_plan(self) -> Plan:
        if self.plan is None:
            raise TracetoolError(_(NO_PLAN))
        return self.plan

    def unit(self, login: str | None = None) -> Unit:
        """The named unit, else the last one used on this desk, else the plan's first."""
        plan = self.require_plan()
        name = login or settings.get(self.db, "current_unit")
        if name:
            found = plan.unit(name)
            if found is None:
                if login:
                    known = ", ".join(u.login for u in plan.units)
                    raise TracetoolError(
                        _("ukendt enhed {login!r}; planen har: {known}").format(
                            login=login, known=known
                        )
                    )
            else:
                return found
        if not plan.units:
            raise TracetoolError(_("tælleplanen har ingen enheder"))
        return plan.units[0]

    def use_unit(self, login: str) -> Unit:
        unit = self.unit(login)
        settings.put(self.db, "current_unit", unit.login)
        return unit

    @property
    def test_mode(self) -> bool:
        local = settings.test_mode(self.db)
        if local is not None:
            return local
        return self.plan.test_mode if self.plan is not None else False

    def set_test_mode(self, on: bool) -> None:
        settings.set_test_mode(self.db, on)

    # -- tasks ----------------------------------------------------------------------------

    def task_status(self, kle: str) -> TaskStatus:
        if self.codebook.task(kle) is not None:
            return "active"
        row = self.db.execute("SELECT active FROM kle_subject WHERE nr = ?", [kle]).fetchone()
        if row is None:
            return "unknown"
        return "active" if row[0] else "expired"

    def task_title(self, kle: str, lang: str = "da") -> str:
        task = self.codebook.task(kle)
        if task is not None:
            return task.label(lang)
        local = local_tasks.name(self.db, kle)
        if local is not None:
            return local
        row = self.db.execute("SELECT title FROM kle_subject WHERE nr = ?", [kle]).fetchone()
        return str(row[0]) if row else kle

    # -- registering ----------------------------------------------------------------------

    def build(
        self,
        *,
        channel: str,
        task: str,
        type: str,
        closing: str,
        form: str | None = None,
        direction: str | None = None,
        unit: str | None = None,
        at: datetime | None = None,
        started_at: datetime | None = None,
        answers: dict[str, str] | None = None,
        count: int = 1,
        source: Source | str = Source.CLI,
    ) -> Registration:
        """A validated registration for this desk's plan (not yet saved)."""
        plan = self.require_plan()
        the_unit = self.unit(unit)
        chan = self.codebook.channel(channel)
        fejl = self.codebook.fejl_task
        reg = Registration(
            municipality=plan.municipality,
            unit=the_unit.login,
            direction=direction or (chan.direction if chan is not None else "?"),
            channel=channel,
            task=task,
            type=type,
            closing=closing,
            form=form,
            saved_at=at or timeutil.now(),
            started_at=started_at,
            answers=dict(answers or {}),
            source=str(Source(source)),
            test_mode=self.test_mode,
            count=count,
            device=self.device,
        )
        if task == fejl.kle and type != "FEJL":
            reg = reg.but(type="FEJL")
        return validate_registration(reg, self.codebook, plan, task_status=self.task_status)

    def register(self, **choices: Any) -> Registration:
        reg = self.build(**choices)
        self.store.save(reg)
        settings.put(self.db, "current_unit", reg.unit or "")
        return reg

    def undo(self) -> Registration:
        last = self.store.last_saved(self.device)
        if last is None:
            raise NotFoundError(_("der er ingen registrering fra denne enhed at fortryde"))
        return self.store.delete(last.id)

    def undo_among(self, saved: list[str]) -> Registration | None:
        """Undo the newest still-live registration of ``saved`` (one session's own saves, in
        order), taking it off the list; None when there is none. A session never reaches
        back to rows it did not save, such as a paper sheet typed in days before."""
        while saved:
            current = self.store.get(saved.pop())
            if not current.deleted:
                return self.store.delete(current.id)
        return None

    def edit(self, reg_id: str, **changes: Any) -> Registration:
        old = self.store.get(reg_id)
        if "channel" in changes and "direction" not in changes:
            chan = self.codebook.channel(changes["channel"])
            if chan is not None:
                changes["direction"] = chan.direction
        candidate = old.but(**changes)
        validate_registration(
            candidate,
            self.codebook,
            self.plan,
            rules=rules_for(old),
            task_status=self.task_status,
        )
        return self.store.correct(old.id, **changes)

    def delete(self, reg_id: str) -> Registration:
        return self.store.delete(reg_id)

    def query(self, q: Query | None = None) -> list[Registration]:
        return list(self.store.query(q))


def register_all(desk: Desk, choices: list[dict[str, Any]], **common: Any) -> list[Registration]:
    """Save one registration per task of the line, all or none, in one transaction.

    Each is built and validated by the Desk exactly as ``Desk.register`` does; the rows are
    then written together. ``Desk.register`` would also rewrite the desk's current unit on
    every save, a second commit (and fsync) the app does not need, since it sets the unit once
    when it starts or switches.
    """
    regs = [desk.build(**{**c, **common}) for c in choices]
    if len(regs) == 1:
        desk.store.save(regs[0])
        return regs
    inserted, _updated = desk.store.save_many(regs)
    if inserted != len(regs):  # fresh ids never clash; if they did, say so rather than lose one
        raise TracetoolError(
            _("kun {inserted} af {n_regs} registreringer blev gemt").format(
                inserted=inserted, n_regs=len(regs)
            )
        )
    return regs
