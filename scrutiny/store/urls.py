"""Where the index lives: the database URL, and whether its driver is installed."""

from __future__ import annotations

import os

from scrutiny.workspace import Workspace

ENV_DATABASE_URL = "SCRUTINY_DATABASE_URL"


def database_url(workspace: Workspace, explicit: str | None = None) -> str:
    """The index's URL: ``explicit``, ``$SCRUTINY_DATABASE_URL``, or ``.scrutiny/index.db``."""
    url = explicit or os.environ.get(ENV_DATABASE_URL)
    return normal_url(url) if url else f"sqlite:///{workspace.index_dir / 'index.db'}"


def normal_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3, the driver the extra installs."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def driver_problem(url: str) -> str | None:
    """Why the index cannot use ``url`` before anything connects, or None.

    A PostgreSQL URL needs the optional driver; without it, say how to install it
    rather than show SQLAlchemy's traceback.
    """
    url = normal_url(url)
    if url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        dialect = make_url(url).get_dialect()
        dialect.import_dbapi()
    except ArgumentError:
        return f"--database-url {url.split(':', 1)[0]}:…: not a database URL (e.g. postgresql://user@host/db)"
    except NoSuchModuleError as exc:
        return f"--database-url: {exc}"
    except ImportError:
        if url.startswith("postgresql"):
            return (
                "a postgresql:// index needs the PostgreSQL driver, which is not installed: "
                "pip install 'scrutiny[postgres]'"
            )
        return f"--database-url: the driver for {url.split(':', 1)[0]} is not installed"
    return None
