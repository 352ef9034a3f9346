"""Running a large audit on Ray: each host group is one Ray task with its own browser.

A task gathers its group's portals straight into the shared run directory (each portal has its
own folder, so tasks never write the same file) and returns a small outcome; the driver writes
run.json and, once every task has ended, evaluates and renders the scorecard once. A task whose
worker dies (a killed process, a lost node) is retried by Ray, and the retry resumes each portal
from the pages that reached the run directory. Because a host group goes to exactly one task, no
two workers ever share a host's politeness budget.

Ray is imported only here, and only when `--ray` is used, so the default install stays small.
"""
from __future__ import annotations

import asyncio
import os
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.browser import BrowserNotFound, find_browser
from auditor.config import ConfigError, PortalConfig
from auditor.pipeline import GatherOutcome, gather, write_run
from auditor.plan import host_groups, parallel_portals
from auditor.progress import Progress
from auditor.redaction import collect_secrets

CONNECT_TIMEOUT = 10.0           # seconds for the TCP check of a cluster's address
LOCAL_STARTS = 2                 # attempts to start a local Ray instance
TASK_RETRIES = 3                 # a worker lost mid-group is retried this often, resuming from disk
# A local instance for one machine: no dashboard, a small object store (tasks pass only configs
# and outcomes), everything on loopback. Tests narrow num_cpus here.
LOCAL_RAY: dict[str, Any] = {"include_dashboard": False, "object_store_memory": 100 * 2**20,
                             "_node_ip_address": "127.0.0.1"}


class ClusterError(RuntimeError):
    """The Ray cluster cannot be used (not reachable, not installed); one sentence for the user."""


def audit_group(configs: list[PortalConfig], run_dir: str, browser_path: str | None,
                parallel: int | None) -> GatherOutcome:
    """One host group on a worker: its own browser, gather its portals into the shared run dir."""
    find_browser(browser_path)      # fail at once, before any request, on a worker without a browser
    return asyncio.run(gather(configs, Path(run_dir), Progress(quiet=True), browser_path,
                              parallel or parallel_portals(cpus=1), record_run=False))


def _import_ray():  # type: ignore[no-untyped-def]
    try:
        import ray
    except ImportError:
        raise ConfigError("--ray needs Ray: install it with pip install 'tender-audit[cluster]'") from None
    return ray


def _reachable(address: str) -> None:
    """A quick TCP check of host:port first: Ray itself retries an unreachable cluster for minutes."""
    netloc = address.split("://", 1)[-1]
    parts = urlsplit(f"//{netloc}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None:
        raise ClusterError(f"--ray {address}: give the cluster's address as HOST:PORT (or ray://HOST:PORT)")
    try:
        socket.create_connection((parts.hostname, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        raise ClusterError(f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}") from None


def _connect(ray: Any, address: str | None) -> bool:
    """Connect to the cluster at `address`, or start a local instance: True if this call connected.

    A caller already connected to Ray (a notebook, a test session) keeps its connection: it is
    used as it is and left open, so many runs can share one instance instead of starting their own.
    """
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")     # Ray must not phone home
    if ray.is_initialized():
        return False
    if address and address != "auto":
        _reachable(address)
    # Ray gives a starting local instance a fixed 30 s, which a loaded machine can overrun: try twice
    failure: Exception = RuntimeError("not started")
    for _ in range(1 if address else LOCAL_STARTS):
        try:
            if address:
                ray.init(address=address, include_dashboard=False, log_to_driver=False)
            else:
                ray.init(**LOCAL_RAY, log_to_driver=False)
            return True
        except Exception as exc:   # Ray raises ConnectionError, RuntimeError or its own types here
            ray.shutdown()
            failure = exc
    where = f"the Ray cluster at {address}" if address else "a local Ray instance"
    detail = str(failure).strip().splitlines()[0] if str(failure).strip() else type(failure).__name__
    raise ClusterError(f"cannot start or reach {where}: {detail}")


def run_on_ray(configs: list[PortalConfig], run_dir: Path, progress: Progress, address: str | None,
               browser_path: str | None = None, parallel: int | None = None) -> GatherOutcome:
    """Gather every host group as a Ray task, largest first; nothing one task gathered is lost
    when another fails. A group whose task failed has each of its portals marked failed, why."""
    collect_secrets(configs)     # the driver's messages are redacted too; a bad secret stops it before Ray
    ray = _import_ray()
    run_dir = Path(run_dir).resolve()      # workers may start elsewhere: the shared path, absolute
    connected = _connect(ray, address)
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        write_run(run_dir, configs, finished=False)
        task = ray.remote(num_cpus=1, max_retries=TASK_RETRIES)(audit_group)
        groups = host_groups(configs)
        pending = {task.remote(g.portals, str(run_dir), browser_path, parallel): g for g in groups}
        progress.event("portal", message=f"Ray: {len(configs)} portals in {len(groups)} host groups")
        outcome = GatherOutcome({}, {})
        while pending:
            [done], _ = ray.wait(list(pending), num_returns=1)
            group = pending.pop(done)
            try:
                result: GatherOutcome = ray.get(done)
            except BrowserNotFound as exc:    # Ray's error is an instance of its cause's class
                cause = getattr(exc, "cause", None) or exc
                why = f"no browser on the Ray worker: {str(cause).splitlines()[0]}"
                result = GatherOutcome({}, {p.slug: why for p in group.portals})
            except Exception as exc:   # a task out of retries, or a bug: that group fails, the others go on
                why = f"the Ray task for host group {group.key} failed: {type(exc).__name__}"
                result = GatherOutcome({}, {p.slug: why for p in group.portals})
            outcome.summaries.update(result.summaries)
            outcome.failed.update(result.failed)
            progress.event("portal", message=f"Ray: host group {group.key} done "
                                             f"({len(group.portals)} portals, {len(pending)} groups to go)")
    finally:
        if connected:
            ray.shutdown()
    write_run(run_dir, configs, finished=True)
    return outcome
