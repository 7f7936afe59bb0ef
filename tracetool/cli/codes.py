"""What the command's exit code means, for scripts that run it."""

from __future__ import annotations

DONE = 0
# The input was refused (a wrong code, a missing file, no plan applied); the message says what.
REFUSED = 1
# The command line itself was wrong (an unknown option, a missing one): click's own code.
USAGE = 2
# A bug: sysexits.h's EX_SOFTWARE, so a script can tell it from refused input.
INTERNAL = 70
INTERRUPTED = 130
