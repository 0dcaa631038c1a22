"""python -m desk: a working desk on a loopback address in one step (development only).

Creates or upgrades the database, then serves on 127.0.0.1. For production, use
waitress (see the README) with DESK_SECRET_KEY and a rate-limit store set.
"""
from __future__ import annotations

import argparse
import os


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m desk", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args(argv)
    os.environ.setdefault("DESK_ENV", "development")

    from flask_migrate import upgrade

    from . import create_app

    app = create_app()
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    print(f"Accessibility request desk: http://{args.host}:{args.port}/  (coordinators: "
          "add one with `flask --app desk create-coordinator --email ADDRESS`)")
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
