"""``python -m tracetool``: the same as the ``tracetool`` command."""

from tracetool.cli.main import run

if __name__ == "__main__":
    run()
