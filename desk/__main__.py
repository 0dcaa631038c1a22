"""python -m desk: a working desk on a loopback address in one step (development only).

Creates or upgrades the database, then serves on 127.0.0.1. For production, use
waitress (see the README) with DESK_SECRET_KEY and a rate-limit store set.
"""
from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m desk", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000, help="0 picks a free port (the one used is printed)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DESK_ENV", "development")

    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from . import create_app

    app = create_app()
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    try:
        server = make_server(args.host, args.port, app, threaded=True)
    except OSError as exc:
        sys.exit(f"desk: cannot listen on {args.host}:{args.port} ({exc.strerror}); choose another with --port")
    # The port the server really has (with --port 0, the one the system chose).
    url = f"http://{args.host}:{server.server_port}/"
    print(f"Accessibility request desk: {url}", flush=True)
    print(f"Coordinator sign-in: {url}coordinator/login  (add an account with "
          "`flask --app desk create-coordinator --email ADDRESS`)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
