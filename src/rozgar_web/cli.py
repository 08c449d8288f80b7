"""The `rozgar` command: serve, migrate, openapi, seed-demo."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from rozgar_web.logging_config import configure_logging
from rozgar_web.serving import serve


def main(argv: Sequence[str] | None = None) -> int:
    configure_logging()  # until the settings are read: JSON unless a terminal is attached
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    return int(args.run(args) or 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rozgar", description="Rozgar360 backend")
    commands = parser.add_subparsers(title="commands")

    serve_cmd = commands.add_parser("serve", help="run the API (migrates the database first)")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=None, help="default: $PORT or 3000")
    serve_cmd.add_argument("--workers", type=int, default=None, help="worker processes")
    serve_cmd.add_argument(
        "--threads", type=int, default=None, help="threads per worker: open WebSockets plus requests (default 100)"
    )
    serve_cmd.add_argument("--dev", action="store_true", help="Flask's reloading development server")
    serve_cmd.add_argument("--no-migrate", action="store_true", help="do not migrate on start")
    serve_cmd.set_defaults(run=_serve)

    migrate_cmd = commands.add_parser("migrate", help="upgrade the database schema to the latest version")
    migrate_cmd.add_argument("--revision", default="head")
    migrate_cmd.set_defaults(run=_migrate)

    openapi_cmd = commands.add_parser("openapi", help="print the OpenAPI document")
    openapi_cmd.set_defaults(run=_openapi)

    seed_cmd = commands.add_parser("seed-demo", help="add demo labours to the database (migrates it first)")
    seed_cmd.add_argument("--count", type=int, required=True, help="how many labours")
    seed_cmd.add_argument("--city", default=None, help="put them all in this city (default: 45 cities by size)")
    seed_cmd.add_argument("--seed", type=int, default=0, help="random seed: the same seed, the same labours")
    seed_cmd.set_defaults(run=_seed_demo)

    for name, help_text, run in (
        ("create-admin", "grant the admin role (creating the account if needed)", _create_admin),
        ("revoke-admin", "remove the admin role", _revoke_admin),
    ):
        admin_cmd = commands.add_parser(name, help=help_text)
        admin_cmd.add_argument("--phone", required=True, help="e.g. 9876543210")
        admin_cmd.set_defaults(run=run)
    return parser


def _container():  # type: ignore[no-untyped-def]
    from rozgar_adapters.container import build_container

    container = build_container()
    _configure_logging(container.settings())
    return container


def _configure_logging(settings: Any) -> None:
    """LOG_FORMAT / LOG_LEVEL; the console SMS sender may show login codes only outside production."""
    configure_logging(
        log_format=settings.log_format,
        level=settings.log_level,
        production=settings.is_production,
        reveal_sms_codes=not settings.is_production,
    )


def _serve(args: argparse.Namespace) -> int:
    container = _container()
    if not args.no_migrate:
        from rozgar_adapters.sql.migrate import upgrade

        upgrade(container.engine())
        container.engine().dispose()  # never carry open connections into forked workers
    settings = container.settings()
    serve(
        container,
        host=args.host,
        port=args.port or settings.port,
        workers=args.workers,
        dev=args.dev,
        threads=args.threads,
    )
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from rozgar_adapters.sql.migrate import current_revision, upgrade

    engine = _container().engine()
    upgrade(engine, args.revision)
    print(f"database at revision {current_revision(engine)}")
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from rozgar_adapters.sql.migrate import upgrade
    from rozgar_adapters.sql.seed import seed_demo

    engine = _container().engine()
    upgrade(engine)
    try:
        report = seed_demo(engine, args.count, city=args.city, seed=args.seed)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"added {report.count} demo labours in {report.seconds:.1f} s")
    return 0


def _create_admin(args: argparse.Namespace) -> int:
    return _change_admin(args.phone, grant=True)


def _revoke_admin(args: argparse.Namespace) -> int:
    return _change_admin(args.phone, grant=False)


def _change_admin(phone: str, *, grant: bool) -> int:
    from rozgar_adapters.sql.migrate import upgrade
    from rozgar_core.errors import RozgarError

    container = _container()
    upgrade(container.engine())
    try:
        use_case = container.grant_admin() if grant else container.revoke_admin()
        user = use_case(phone)
    except RozgarError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    state = "is now an admin" if grant else "is no longer an admin"
    print(f"{user.phone.masked} ({user.id}) {state}")
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from rozgar_adapters.container import build_memory_container
    from rozgar_web.app import create_app

    app = create_app(build_memory_container())
    with app.test_client() as client:
        document = client.get("/api/v1/openapi.json").get_json()
    json.dump(document, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
