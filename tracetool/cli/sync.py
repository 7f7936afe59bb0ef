"""sync, sync status: send the outbox to the central collector and prove it arrived."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tracetool import timeutil
from tracetool.cli._common import err_console, fail, friendly, print_json
from tracetool.store import settings
from tracetool.store.db import open_database
from tracetool.sync import config, repair
from tracetool.sync.client import CollectorClient
from tracetool.sync.engine import Summary, Syncer, SyncFailed, status

app = typer.Typer(
    help="Synkronisér med den centrale collector: send registreringer, hent tælleplanen.",
    invoke_without_command=True,
    no_args_is_help=False,
)

ServerOpt = Annotated[
    str | None,
    typer.Option("--server", help="Collectorens adresse, fx https://tael.kommune.dk (huskes)"),
]
TokenOpt = Annotated[str | None, typer.Option("--token", help="Adgangsnøgle (huskes)")]
GiveUpOpt = Annotated[
    float | None,
    typer.Option("--give-up-after", min=1, help="Giv op efter så mange sekunder uden svar (30)"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON")]


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
            err_console.print(
                f"[yellow]{why or 'ingen forbindelse'}; prøver igen om {wait:.1f} s …[/]",
                highlight=False,
            )

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
    return (
        f"{summary.sent} sendt: {summary.accepted} nye, {summary.duplicates} allerede modtaget,"
        f" {summary.updated} rettelser, {summary.conflicts} konflikter, {summary.invalid} afvist;"
        f" {summary.pending} afventer"
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
    """Send alt, der venter, til collectoren (præcis én gang) og hent tælleplanen."""
    if ctx.invoked_subcommand is not None:
        return
    _remember(server, token)
    db = open_database()
    try:
        client = _client(settings.device_id(db), server, token, give_up_after, as_json)
        if client is None:
            fail(
                "ingen server: kør første gang `tracetool sync --server URL --token NØGLE`"
                " (adressen og nøglen huskes derefter)"
            )
        show_bar = not as_json and sys.stderr.isatty()
        with (
            client,
            Progress(
                TextColumn("Synkroniserer"),
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
                err_console.print(f"Nået inden stop: {_describe(exc.summary)}", highlight=False)
                fail(f"{exc} — intet er tabt; det, der mangler, sendes ved næste synkronisering")
    finally:
        db.close()
    if as_json:
        print_json(summary.as_json())
        return
    err_console.print(f"Synkroniseret: {_describe(summary)}.", highlight=False)
    if summary.unsendable:
        err_console.print(
            f"[yellow]{summary.unsendable} poster i udbakken kan ikke sendes (rækken mangler)[/]",
            highlight=False,
        )
    for problem in summary.problems[:10]:
        what = "afvist" if problem["status"] == "invalid" else "konflikt"
        err_console.print(
            f"[yellow]{what}:[/] {problem['id']} (version {problem['revision']}):"
            f" {problem['reason']}",
            highlight=False,
        )
    if summary.plan:
        err_console.print(f"Tælleplan: {summary.plan}", highlight=False)


@app.command("status")
@friendly
def sync_status(
    server: ServerOpt = None,
    token: TokenOpt = None,
    give_up_after: GiveUpOpt = None,
    as_json: JsonOpt = False,
    resend: Annotated[
        bool,
        typer.Option("--resend", help="Læg de id'er, der er forskellige fra serverens, i kø igen"),
    ] = False,
) -> None:
    """Vis hvad der venter, seneste synkronisering og serverens kvittering mod det lokale."""
    db = open_database()
    queued = None
    try:
        client = _client(settings.device_id(db), server, token, give_up_after or 10, True)
        if client is None:
            result = status(db, None)
            result.server_error = (
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
    print(f"Afventer afsendelse: {pending}" + (f" ({parts})" if parts else ""))
    last = (
        timeutil.show(timeutil.from_db(result.last_sync_at), "%d-%m-%Y %H:%M:%S")
        if result.last_sync_at
        else "aldrig"
    )
    print(f"Seneste synkronisering: {last}")
    print(f"Lokalt: {result.local_count} registreringer (kontrolsum {result.local_checksum})")
    if result.server is not None:
        print(
            f"Serveren: {result.server.get('count')} registreringer fra denne enhed"
            f" (kontrolsum {result.server.get('checksum')})"
        )
        if result.matches:
            print("Stemmer: ja — serveren har alt, hvad denne enhed har.")
        else:
            why = f"{pending} venter stadig" if pending else "kør `tracetool sync`"
            print(f"Stemmer: nej ({why})")
    else:
        print(f"Serveren: ukendt ({result.server_error})")
    _show_differences(result.differences, queued)
    if result.rejections:
        print(f"Afvist af serveren: {len(result.rejections)}")
        for r in result.rejections[:10]:
            print(f"  {r.entity} {r.entity_id} (version {r.revision}): {r.status}: {r.reason}")


def _show_differences(found: list[repair.Difference] | None, queued: int | None) -> None:
    if not found:
        return
    print(f"Forskellige id'er: {len(found)} (version her / på serveren; - = findes ikke)")
    for d in found[:20]:
        print(f"  {d.entity} {d.id}: {d.local or '-'} / {d.server or '-'}")
    if len(found) > 20:
        print(f"  … og {len(found) - 20} flere (alle med --json)")
    if queued is not None:
        print(f"Lagt i kø igen: {queued}; kør `tracetool sync` for at sende dem.")
    else:
        print("Send dem igen: `tracetool sync status --resend` og derefter `tracetool sync`.")
