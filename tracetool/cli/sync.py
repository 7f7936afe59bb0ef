"""sync, sync status: send the outbox to the central collector and prove it arrived."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tracetool import timeutil
from tracetool.cli._common import err_console, fail, friendly, print_json
from tracetool.locale import N_, translator
from tracetool.store import settings
from tracetool.store.db import open_database
from tracetool.sync import config, repair
from tracetool.sync.client import CollectorClient
from tracetool.sync.engine import Summary, Syncer, SyncFailed, status

_ = translator("cli")

app = typer.Typer(
    help=N_("Synkronisér med den centrale collector: send registreringer, hent tælleplanen."),
    invoke_without_command=True,
    no_args_is_help=False,
)

ServerOpt = Annotated[
    str | None,
    typer.Option("--server", help=N_("Collectorens adresse, fx https://tael.kommune.dk (huskes)")),
]
TokenOpt = Annotated[str | None, typer.Option("--token", help=N_("Adgangsnøgle (huskes)"))]
GiveUpOpt = Annotated[
    float | None,
    typer.Option(
        "--give-up-after", min=1, help=N_("Giv op efter så mange sekunder uden svar (30)")
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help=N_("Skriv resultatet som JSON"))]


def _client(
    db_device: str, server: str | None, token: str | None, give_up: float | None, quiet: bool
) -> CollectorClient | None:
    remembered = config.load()
    server = server or os.environ.get("TRACETOOL_SERVER") or remembered.server
    token = token or os.environ.get("TRACETOOL_TOKEN") or remembered.token
    if server is None:
        return None

    def notice(attempt: int, why: str, wait: float) -> None:
        if not quiet:
            again = _("{why}; prøver igen om {seconds} s …").format(
                why=why or _("ingen forbindelse"), seconds=f"{wait:.1f}"
            )
            err_console.print(f"[yellow]{again}[/]", highlight=False)

    return CollectorClient(
        server,
        token,
        device=db_device,
        give_up_after=give_up or remembered.give_up_after,
        on_retry=notice,
    )


def _remember(server: str | None, token: str | None) -> None:
    if server is None and token is None:
        return
    remembered = config.load()
    new_server = server or remembered.server
    new_token = token or remembered.token
    if new_server and new_token:
        config.save(new_server, new_token)


def _describe(summary: Summary) -> str:
    return _(
        "{sent} sendt: {accepted} nye, {duplicates} allerede modtaget, {updated} rettelser, "
        "{conflicts} konflikter, {invalid} afvist; {pending} afventer"
    ).format(
        sent=summary.sent,
        accepted=summary.accepted,
        duplicates=summary.duplicates,
        updated=summary.updated,
        conflicts=summary.conflicts,
        invalid=summary.invalid,
        pending=summary.pending,
    )


@app.callback(invoke_without_command=True)
@friendly
def sync(
    ctx: typer.Context,
    server: ServerOpt = None,
    token: TokenOpt = None,
    give_up_after: GiveUpOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Send what waits to the collector (exactly once) and fetch the plan (the help is the
    Typer app's)."""
    if ctx.invoked_subcommand is not None:
        return
    _remember(server, token)
    db = open_database()
    try:
        client = _client(settings.device_id(db), server, token, give_up_after, as_json)
        if client is None:
            fail(
                _(
                    "ingen server: kør første gang `tracetool sync --server URL --token NØGLE`"
                    " (adressen og nøglen huskes derefter)"
                )
            )
        show_bar = not as_json and sys.stderr.isatty()
        with (
            client,
            Progress(
                TextColumn(_("Synkroniserer")),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err_console,
                disable=not show_bar,
                transient=True,
            ) as bar,
        ):
            task = bar.add_task("sync", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            try:
                summary = Syncer(db, client, progress=progress).run()
            except SyncFailed as exc:
                if as_json:
                    print_json(exc.summary.as_json())
                    raise typer.Exit(1) from None
                err_console.print(
                    _("Nået inden stop: {summary}").format(summary=_describe(exc.summary)),
                    highlight=False,
                )
                fail(
                    _(
                        "{error} — intet er tabt; det, der mangler, sendes ved næste synkronisering"
                    ).format(error=exc)
                )
    finally:
        db.close()
    if as_json:
        print_json(summary.as_json())
        return
    err_console.print(
        _("Synkroniseret: {summary}.").format(summary=_describe(summary)), highlight=False
    )
    if summary.unsendable:
        unsendable = _("{n} poster i udbakken kan ikke sendes (rækken mangler)").format(
            n=summary.unsendable
        )
        err_console.print(f"[yellow]{unsendable}[/]", highlight=False)
    for problem in summary.problems[:10]:
        what = _("afvist") if problem["status"] == "invalid" else _("konflikt")
        err_console.print(
            f"[yellow]{what}:[/] {problem['id']} "
            + _("(version {revision}):").format(revision=problem["revision"])
            + f" {problem['reason']}",
            highlight=False,
        )
    if summary.plan:
        err_console.print(_("Tælleplan: {plan}").format(plan=summary.plan), highlight=False)


@app.command(
    "status",
    help=N_("Vis hvad der venter, seneste synkronisering og serverens kvittering mod det lokale."),
)
@friendly
def sync_status(
    server: ServerOpt = None,
    token: TokenOpt = None,
    give_up_after: GiveUpOpt = None,
    as_json: JsonOpt = False,
    resend: Annotated[
        bool,
        typer.Option(
            "--resend", help=N_("Læg de id'er, der er forskellige fra serverens, i kø igen")
        ),
    ] = False,
) -> None:
    db = open_database()
    queued = None
    try:
        client = _client(settings.device_id(db), server, token, give_up_after or 10, True)
        if client is None:
            result = status(db, None)
            result.server_error = _(
                "ingen server er sat op (tracetool sync --server URL --token NØGLE)"
            )
        else:
            with client:
                result = status(db, client)
        if resend and result.differences:
            queued = repair.resend(db, result.differences)
    finally:
        db.close()
    if as_json:
        print_json({**result.as_json(), "resent": queued})
        return
    pending = sum(result.pending.values())
    parts = ", ".join(f"{n} {k}" for k, n in result.pending.items())
    print(_("Afventer afsendelse: {n}").format(n=pending) + (f" ({parts})" if parts else ""))
    last = (
        timeutil.show(timeutil.from_db(result.last_sync_at), "%d-%m-%Y %H:%M:%S")
        if result.last_sync_at
        else _("aldrig")
    )
    print(_("Seneste synkronisering: {at}").format(at=last))
    print(
        _("Lokalt: {n} registreringer (kontrolsum {checksum})").format(
            n=result.local_count, checksum=result.local_checksum
        )
    )
    if result.server is not None:
        print(
            _("Serveren: {n} registreringer fra denne enhed (kontrolsum {checksum})").format(
                n=result.server.get("count"), checksum=result.server.get("checksum")
            )
        )
        if result.matches:
            print(_("Stemmer: ja — serveren har alt, hvad denne enhed har."))
        else:
            why = _("{n} venter stadig").format(n=pending) if pending else _("kør `tracetool sync`")
            print(_("Stemmer: nej ({why})").format(why=why))
    else:
        print(_("Serveren: ukendt ({why})").format(why=result.server_error))
    _show_differences(result.differences, queued)
    if result.rejections:
        print(_("Afvist af serveren: {n}").format(n=len(result.rejections)))
        for r in result.rejections[:10]:
            version = _("(version {revision})").format(revision=r.revision)
            print(f"  {r.entity} {r.entity_id} {version}: {r.status}: {r.reason}")


def _show_differences(found: list[repair.Difference] | None, queued: int | None) -> None:
    if not found:
        return
    print(
        _("Forskellige id'er: {n} (version her / på serveren; - = findes ikke)").format(
            n=len(found)
        )
    )
    for d in found[:20]:
        print(f"  {d.entity} {d.id}: {d.local or '-'} / {d.server or '-'}")
    if len(found) > 20:
        print("  " + _("… og {n} flere (alle med --json)").format(n=len(found) - 20))
    if queued is not None:
        print(_("Lagt i kø igen: {n}; kør `tracetool sync` for at sende dem.").format(n=queued))
    else:
        print(_("Send dem igen: `tracetool sync status --resend` og derefter `tracetool sync`."))
