"""collector serve | migrate | token create/list/revoke | rollup rebuild | publish-plan | export."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tracetool import paths
from tracetool.cli._common import console, err_console, fail, friendly, print_json
from tracetool.collector import auth
from tracetool.collector.backends import open_storage
from tracetool.collector.rebuild import rebuild_rollups
from tracetool.collector.storage import SqlStorage
from tracetool.locale import N_, translator
from tracetool.sync import config
from tracetool.sync.client import CollectorClient, SyncError, error_text
from tracetool.sync.protocol import API

_ = translator("cli")

app = typer.Typer(help=N_("Den centrale collector: server, adgangsnøgler, plan og eksport."))
token_app = typer.Typer(help=N_("Adgangsnøgler: opret, vis, tilbagekald."))
app.add_typer(token_app, name="token")
rollup_app = typer.Typer(help=N_("Dashboardenes forudberegnede tal (rollups)."))
app.add_typer(rollup_app, name="rollup")

# The collector's own packages come with the extra, so a desk installs no server stack; each
# entry is a set of module names of which one is enough (python-multipart renamed its module).
EXTRA_MODULES = (
    ("fastapi",),
    ("uvicorn",),
    ("python_multipart", "multipart"),
    ("psycopg",),
    ("psycopg_pool",),
    ("prometheus_client",),
    ("fastapi_offline",),
)


@app.callback()
def _needs_extra() -> None:
    """Refuse every collector command where the collector extra is missing."""
    missing = [names[0] for names in EXTRA_MODULES if not any(map(_installed, names))]
    if missing:
        fail(
            _("collectoren kræver ekstrapakken 'collector' (mangler {missing}): {install}").format(
                missing=", ".join(missing), install=escape("pip install 'tracetool[collector]'")
            )
        )


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ValueError:  # in sys.modules without a spec
        return False


def default_db() -> str:
    return f"sqlite:///{paths.home() / 'collector.db'}"


DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help=N_("sqlite:///sti/til/fil.db eller postgresql://... (standard: datamappen)")
    ),
]


def _open(db: str | None) -> SqlStorage:
    return open_storage(db or os.environ.get("TRACETOOL_COLLECTOR_DB") or default_db())


# Over 80 lines for its eleven options, each a Typer parameter; the body is some 45 lines.
@app.command("serve", help=N_("Start collectoren (OpenAPI på /docs, Prometheus-tal på /metrics)."))
@friendly
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help=N_("Adresse at lytte på"))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=N_("Port at lytte på"))] = 8080,
    workers: Annotated[int, typer.Option("--workers", min=1, help=N_("Antal processer"))] = 1,
    max_rows: Annotated[
        int, typer.Option("--max-rows", min=1, help=N_("Rækker pr. sending"))
    ] = 10_000,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1024, help=N_("Bytes pr. sending (som sendt)"))
    ] = 16 * 2**20,
    max_decompressed_bytes: Annotated[
        int,
        typer.Option("--max-decompressed-bytes", min=1024, help=N_("Bytes pr. sending udpakket")),
    ] = 64 * 2**20,
    access_log: Annotated[
        bool, typer.Option("--access-log", help=N_("Log hver forespørgsel"))
    ] = False,
    log_format: Annotated[
        str, typer.Option("--log-format", help=N_("text, eller json: ét JSON-objekt pr. linje"))
    ] = "text",
    graceful_timeout: Annotated[
        int,
        typer.Option(
            "--graceful-timeout", min=1, help=N_("Sekunder til at gøre sendinger færdige")
        ),
    ] = 30,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help=N_("Proxyer, hvis X-Forwarded-* stoles på (kommasepareret)"),
        ),
    ] = "127.0.0.1",
) -> None:
    import uvicorn

    from tracetool.collector.app import ENV_DB, ENV_LIMITS, Limits, create_app
    from tracetool.collector.logs import log_config

    if log_format not in ("text", "json"):
        fail(_("--log-format {value}: brug text eller json").format(value=repr(log_format)))
    url = db or os.environ.get(ENV_DB) or default_db()
    limits = Limits(
        max_rows=max_rows, max_bytes=max_bytes, max_decompressed_bytes=max_decompressed_bytes
    )
    storage = open_storage(url)  # migrates once here, before any worker starts
    err_console.print(
        _(
            "Collector på http://{host}:{port} (database: {dialect}, {workers} proces(ser)); "
            "OpenAPI: /docs; Prometheus: /metrics"
        ).format(host=host, port=port, dialect=storage.dialect, workers=workers),
        highlight=False,
    )
    level = "info" if access_log else "warning"
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": access_log,
        "log_level": level,
        "log_config": log_config("json" if log_format == "json" else "text", level),
        # SIGTERM: stop taking connections, let every request in flight (a batch) finish.
        "timeout_graceful_shutdown": graceful_timeout,
        "proxy_headers": True,
        "forwarded_allow_ips": forwarded_allow_ips,
    }
    if workers > 1:
        storage.close()
        os.environ[ENV_DB] = url
        os.environ[ENV_LIMITS] = json.dumps(limits.__dict__)
        with metrics_across_workers():
            uvicorn.run(
                "tracetool.collector.app:app_from_env", factory=True, workers=workers, **common
            )
        return
    try:
        uvicorn.run(create_app(storage, limits), **common)
    finally:
        storage.close()


@contextmanager
def metrics_across_workers() -> Iterator[None]:
    """Each worker counts in files of one folder, which ``/metrics`` adds up (made here unless
    the operator named one)."""
    from tracetool.collector.metrics import MULTIPROC_ENV

    if os.environ.get(MULTIPROC_ENV):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="tracetool-metrics-") as folder:
        os.environ[MULTIPROC_ENV] = folder
        try:
            yield
        finally:
            del os.environ[MULTIPROC_ENV]


@app.command("migrate", help=N_("Opret eller opdatér collectorens databaseskema."))
@friendly
def migrate(db: DbOpt = None) -> None:
    storage = _open(db)
    try:
        console.print(
            _("Skemaversion {version} ({dialect}).").format(
                version=storage.schema_version(), dialect=storage.dialect
            )
        )
    finally:
        storage.close()


@token_app.command(
    "create", help=N_("Opret en adgangsnøgle; den vises kun denne ene gang (sidste linje).")
)
@friendly
def token_create(
    role: Annotated[str, typer.Option("--role", help=N_("registrant, coordinator eller admin"))],
    municipality: Annotated[
        int | None, typer.Option("--municipality", help=N_("Kommunenummer, fx 259"))
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help=N_("Enhedens login, fx 259telefon"))
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help=N_("Hvem eller hvad nøglen er til"))
    ] = None,
    db: DbOpt = None,
) -> None:
    problem = auth.token_problem(role, municipality, unit, note)
    if problem:
        fail(f"--{problem[1]}")  # the same rule as the API's (its field first)
    storage = _open(db)
    try:
        token = auth.new_token()
        account = storage.create_account(auth.hash_token(token), role, municipality, unit, note)
    finally:
        storage.close()
    scope = (
        _("kommune {number}").format(number=municipality) if municipality else _("alle kommuner")
    )
    if unit:
        scope += ", " + _("enhed {login}").format(login=unit)
    err_console.print(
        _("Nøgle {id} oprettet: {role}, {scope}. Gem den nu; den vises ikke igen.").format(
            id=account.id, role=role, scope=scope
        ),
        highlight=False,
    )
    sys.stdout.write(token + "\n")


@token_app.command("list", help=N_("Vis adgangsnøgler (aldrig selve nøglen, kun dens id)."))
@friendly
def token_list(
    municipality: Annotated[int | None, typer.Option("--municipality")] = None,
    db: DbOpt = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    storage = _open(db)
    try:
        accounts = storage.list_accounts(municipality)
    finally:
        storage.close()
    if as_json:
        for a in accounts:
            print_json(a.as_json())
        return
    table = Table(title=_("Adgangsnøgler ({n})").format(n=len(accounts)))
    for col in TOKEN_COLUMNS:
        table.add_column(_(col), overflow="fold")
    for a in accounts:
        table.add_row(
            a.id, a.role, str(a.municipality or _("alle")), a.unit or "", a.created_at[:19],
            (a.revoked_at or "")[:19], a.note or "",
        )  # fmt: skip
    console.print(table)


@token_app.command(
    "revoke",
    help=N_("Tilbagekald en adgangsnøgle; den virker ikke længere fra næste forespørgsel."),
)
@friendly
def token_revoke(
    token_id: Annotated[str, typer.Argument(metavar="ID", help=N_("Nøglens id (fra token list)"))],
    db: DbOpt = None,
) -> None:
    storage = _open(db)
    try:
        account = storage.revoke_account(token_id)
    finally:
        storage.close()
    if account is None:
        fail(_("ingen nøgle med id {id}").format(id=repr(token_id)))
    console.print(
        _("Nøgle {id} er tilbagekaldt ({at}).").format(id=account.id, at=account.revoked_at),
        highlight=False,
    )


@rollup_app.command(
    "rebuild",
    help=N_(
        "Genopbyg rollups fra registreringerne i én transaktion (reparation; ingest holder dem)."
    ),
)
@friendly
def rollup_rebuild(
    db: DbOpt = None,
    municipality: Annotated[
        int | None, typer.Option("--municipality", help=N_("Kun denne kommune, fx 259"))
    ] = None,
) -> None:
    storage = _open(db)
    try:
        done = rebuild_rollups(storage, municipality)
    finally:
        storage.close()
    console.print(done.text(), highlight=False, soft_wrap=True)


# The token list's columns.
TOKEN_COLUMNS = (
    "Id",
    N_("Rolle"),
    N_("Kommune"),
    N_("Enhed"),
    N_("Oprettet"),
    N_("Tilbagekaldt"),
    N_("Note"),
)

# -- a coordinator's remote commands (through the HTTP API) ----------------------------------

ServerOpt = Annotated[str | None, typer.Option("--server", help=N_("Collectorens adresse"))]
TokenOpt = Annotated[str | None, typer.Option("--token", help=N_("Adgangsnøgle (tovholder)"))]


def _remote(server: str | None, token: str | None) -> CollectorClient:
    remembered = config.load()
    server = server or os.environ.get("TRACETOOL_SERVER") or remembered.server
    token = token or os.environ.get("TRACETOOL_TOKEN") or remembered.token
    if not server or not token:
        fail(
            _(
                "angiv --server og --token"
                " (eller kør først `tracetool sync --server URL --token NØGLE`)"
            )
        )
    return CollectorClient(server, token, give_up_after=remembered.give_up_after)


@app.command(
    "publish-plan",
    help=N_("Udgiv en tælleplan på collectoren; enhederne henter den ved næste synkronisering."),
)
@friendly
def publish_plan(
    file: Annotated[Path, typer.Argument(help=N_("Tælleplanen (TOML)"))],
    municipality: Annotated[int | None, typer.Option("--municipality")] = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(_("{file}: kan ikke læses: {error}").format(file=file, error=exc))
    with _remote(server, token) as client:
        _response, record = client.call(
            "PUT",
            f"{API}/plan",
            content=text.encode(),
            headers={"Content-Type": "text/plain; charset=utf-8"},
            params={"municipality": municipality} if municipality else None,
        )
    console.print(
        _("Plan udgivet for kommune {number}: version {version}.").format(
            number=record["municipality"], version=record["version"]
        ),
        highlight=False,
    )


@app.command("export", help=N_("Hent kommunens registreringer for en periode fra collectoren."))
@friendly
def export(
    from_: Annotated[str | None, typer.Option("--from", help=N_("Fra dato, fx 2013-10-21"))] = None,
    to: Annotated[str | None, typer.Option("--to", help=N_("Til og med dato"))] = None,
    out: Annotated[Path | None, typer.Option("--out", help=N_("Fil (standard: stdout)"))] = None,
    fmt: Annotated[
        str, typer.Option("--format", help=N_("ndjson, dl, upload eller xlsx"))
    ] = "ndjson",
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    municipality: Annotated[int | None, typer.Option("--municipality")] = None,
    include_test: Annotated[
        bool, typer.Option("--include-test", help=N_("Medtag testdata"))
    ] = False,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    params = {
        "from": from_, "to": to, "format": fmt, "unit": unit, "municipality": municipality,
        "include_test": str(include_test).lower(),
    }  # fmt: skip
    client = _remote(server, token)
    lines = 0
    try:
        with client.http.stream(
            "GET", f"{API}/export", params={k: v for k, v in params.items() if v is not None}
        ) as response:
            if response.status_code != 200:
                response.read()
                fail(
                    _("eksporten blev afvist ({status}): {error}").format(
                        status=response.status_code, error=error_text(response)
                    )
                )
            sink = out.open("wb") if out else sys.stdout.buffer
            try:
                for chunk in response.iter_bytes():
                    sink.write(chunk)
                    lines += chunk.count(b"\n")
            finally:
                if out:
                    sink.close()
    except SyncError as exc:
        fail(str(exc))
    except Exception as exc:  # httpx errors: one line, the file may be incomplete
        if type(exc).__module__.startswith("httpx"):
            fail(_("eksporten blev afbrudt: {error}").format(error=exc))
        raise
    finally:
        client.close()
    if out:
        err_console.print(
            _("{n} registreringer skrevet til {file}").format(n=lines, file=out), highlight=False
        )
