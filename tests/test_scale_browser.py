"""National scale with real Chromium: eight generated portals on four loopback hosts, audited by
the local runner, on a local Ray instance, and as two shards merged; a Ray worker killed mid-group;
a worker without a browser. The sample servers' request logs show what each host was sent.
"""
from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from auditor import cluster
from auditor.cli import main
from auditor.config import load_config
from auditor.pipeline import write_run
from auditor.samples.server import busiest_second, serve_generated_hosts
from auditor.samples.site import SamplePortal
from tests.test_reproducible_browser import first_difference, without_times

# a loaded 2-core machine needs minutes for eight portals run three ways; each test is still lean
pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
pytest.importorskip("ray")

RATE = 5                       # requests per second per host, raised for local sample portals
PAGES = 4                      # of each generated portal's 7: the home page and what it links first
LEAN = {"max_pages": PAGES, "concurrency": 2, "probes": False, "screenshots": False, "documents": False, "time_budget": 120}


def results(run_dir: Path) -> Any:
    """results.json with times aside, and how often a portal waited for another on its host
    (shared_host), which timing decides too."""
    data = json.loads((run_dir / "results.json").read_text())
    for portal in data["portals"]:
        portal["crawl"].get("policy", {}).pop("shared_host", None)
    return without_times(data)


def write_config(path: Path, portals: list[SamplePortal], rate: float = RATE) -> Path:
    path.write_text(json.dumps({"defaults": {**LEAN, "rate": rate}, "portals": [
        {"name": p.name, "url": p.url, "slug": p.slug, "scope": {"paths": [f"/{p.slug}/"]}} for p in portals]}))
    return path


@pytest.fixture(scope="module")
def hosts():
    with serve_generated_hosts(hosts=4, portals=8, pages=7) as portals:
        yield portals


@pytest.fixture(scope="module")
def local_run(hosts, tmp_path_factory):
    """The baseline: the local asyncio runner over all eight portals."""
    root = tmp_path_factory.mktemp("local")
    config = write_config(root / "portals.json", hosts)
    start = [len(p.arrivals) for p in hosts]
    assert main(["run", str(config), "--out", str(root / "run")]) == 0
    return root / "run", config, {p.url.split("/buyer")[0]: p.arrivals[s:] for p, s in zip(hosts, start)}


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance (2 CPUs), started the way `--ray` starts one, for all of the module's
    runs: each run uses the connection it finds and leaves it open, so a run no longer pays for
    starting and stopping Ray, and a task finds workers that have its imports loaded already."""
    ray = pytest.importorskip("ray")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(cluster.LOCAL_RAY, "num_cpus", 2)
        assert cluster._connect(ray, None) is True
    yield ray
    ray.shutdown()


def test_ray_publishes_what_the_local_runner_does_and_each_host_keeps_its_rate(hosts, local_run, local_ray, tmp_path):
    local, config, local_arrivals = local_run
    start = [len(p.arrivals) for p in hosts]
    assert main(["run", str(config), "--out", str(tmp_path / "ray"), "--ray"]) == 0
    assert local_ray.is_initialized()          # the run used the instance it found and left it open
    ray_arrivals = {p.url.split("/buyer")[0]: p.arrivals[s:] for p, s in zip(hosts, start)}
    expected = results(local)
    assert [p["crawl"]["pages"] for p in expected["portals"]] == [PAGES] * 8
    assert first_difference(results(tmp_path / "ray"), expected) is None
    assert len(ray_arrivals) == 4
    for runner, arrivals in (("local", local_arrivals), ("ray", ray_arrivals)):
        for host, times in arrivals.items():
            assert len(times) > 2 * PAGES, (runner, host)     # both of the host's portals reached it
            assert busiest_second(times) <= RATE, (runner, host, busiest_second(times))


def test_two_shards_merged_equal_one_run(hosts, local_run, tmp_path, capsys):
    local, config, _ = local_run
    shards = [tmp_path / "shard-1", tmp_path / "shard-2"]
    for i, shard in enumerate(shards, 1):
        assert main(["run", str(config), "--out", str(shard), "--shard", f"{i}/2"]) == 0
    slugs = [{p["slug"] for p in json.loads((s / "results.json").read_text())["portals"]} for s in shards]
    assert len(slugs[0]) == len(slugs[1]) == 4 and not slugs[0] & slugs[1]       # two hosts each
    assert main(["merge", *map(str, shards), "--out", str(tmp_path / "merged")]) == 0
    assert first_difference(results(tmp_path / "merged"), results(local)) is None
    assert main(["report", str(tmp_path / "merged")]) == 0
    assert (tmp_path / "merged" / "index.html").exists()


class WorkerKiller(threading.Thread):
    """Kills the Ray worker running a host group once some of its pages reached the run directory,
    and notes which page files were there then."""

    def __init__(self, run_dir: Path, after_pages: int) -> None:
        super().__init__(daemon=True)
        self.run_dir, self.after_pages = run_dir, after_pages
        self.killed: int | None = None
        self.before: dict[Path, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        deadline = time.monotonic() + 180
        while not self.done.is_set() and time.monotonic() < deadline:
            pages = list(self.run_dir.glob("artifacts/*/pages/*.json"))
            workers = [p for p in psutil.Process().children(recursive=True)
                       if _cmdline(p).startswith("ray::audit_group")]
            if len(pages) >= self.after_pages and workers:
                self.before = {p: p.stat().st_mtime_ns for p in pages}
                workers[0].send_signal(signal.SIGKILL)
                self.killed = workers[0].pid
                return
            time.sleep(0.1)


def _cmdline(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return ""


def test_a_worker_killed_mid_group_is_retried_and_resumes_from_the_run_directory(hosts, local_ray, tmp_path):
    one_host = [p for p in hosts if p.url.startswith(hosts[0].url.split("/buyer")[0])]
    config = write_config(tmp_path / "portals.json", one_host, rate=1)
    killer = WorkerKiller(tmp_path / "run", after_pages=2)
    killer.start()
    try:
        assert main(["run", str(config), "--out", str(tmp_path / "run"), "--ray"]) == 0
    finally:
        killer.done.set()
        killer.join()
    assert killer.killed is not None
    done = json.loads((tmp_path / "run" / "results.json").read_text())
    assert [p["crawl"]["pages"] for p in done["portals"]] == [PAGES] * len(one_host)
    assert len(killer.before) < PAGES * len(one_host)                  # killed mid-group
    # what reached the run directory before the kill was kept, not gathered again
    assert {p: p.stat().st_mtime_ns for p in killer.before} == killer.before


def test_a_worker_without_a_browser_fails_clearly_and_loses_nothing(hosts, local_ray, tmp_path, capsys):
    config = write_config(tmp_path / "portals.json", hosts[:1])
    run = tmp_path / "run"
    write_run(run, load_config(config), finished=False)          # an earlier run to resume
    (run / "artifacts" / hosts[0].slug).mkdir(parents=True)
    kept = run / "artifacts" / hosts[0].slug / "crawl.json"
    kept.write_text('{"pages": 1}')
    assert main(["run", str(config), "--out", str(run), "--ray", "--browser", str(tmp_path / "no-chrome")]) == 3
    err = capsys.readouterr().err
    assert f"portal '{hosts[0].slug}'" in err and "no browser on the Ray worker" in err and "no-chrome" in err
    assert kept.read_text() == '{"pages": 1}'
