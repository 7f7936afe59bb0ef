"""Nothing acknowledged as saved is lost: SIGKILL a writer mid-stream and count."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tracetool.store.db import open_database

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from tracetool.model import Registration
    from tracetool.store.db import open_database
    from tracetool.store.registrations import RegistrationStore

    store = RegistrationStore(open_database(__import__("pathlib").Path(sys.argv[1])))
    while True:
        reg = Registration(
            municipality=259, unit="259borgerservice", direction="IND", channel="TLFIND",
            task="23.05.10", type="VEJL", closing="STRAKS", form=None,
            saved_at=datetime.now(UTC),
        )
        store.save(reg)
        # Printed only after save() returned: this line is the acknowledgement.
        sys.stdout.write(reg.id + "\\n")
        sys.stdout.flush()
    """
)


def test_sigkill_mid_stream_loses_no_acknowledged_registration(tmp_path: Path) -> None:
    db_path = tmp_path / "kill.db"
    open_database(db_path).close()
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        acked: list[str] = []
        for line in proc.stdout:
            acked.append(line.strip())
            if len(acked) >= 150:
                break
        os.kill(proc.pid, signal.SIGKILL)
        acked += [line.strip() for line in proc.stdout if line.strip()]
        proc.wait()
        assert proc.returncode == -signal.SIGKILL

        db = open_database(db_path)
        held = {row[0] for row in db.execute("SELECT id FROM registration")}
        queued = {row[0] for row in db.execute("SELECT entity_id FROM outbox")}
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
        missing = [i for i in acked if i not in held]
        assert not missing, f"{len(missing)} acknowledged registrations lost"
        assert set(acked) <= queued, "a saved registration lost its outbox entry"
