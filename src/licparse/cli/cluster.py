"""`--cluster`: the Dask client a run sends its inputs to."""

from __future__ import annotations

from typing import Any

import click

from .settings import Settings


def client_for(settings: Settings) -> Any:
    """The Dask client of `--cluster`, checked before any work (exit 2)."""
    if settings.cluster is None:
        return None
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise click.ClickException(
            "--cluster needs Dask distributed: pip install -e '.[dask]' in the licparse checkout"
        )
    from ..batch.cluster import ClusterError, connect

    try:
        client = connect(settings.cluster, settings.timeout or None)
    except ClusterError as exc:
        raise click.UsageError(f"--cluster {settings.cluster}: {exc}") from None
    import atexit

    atexit.register(client.close)
    return client
