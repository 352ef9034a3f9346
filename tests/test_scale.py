"""National scale without a browser: the CSV register, host groups, the plan, shards and merge."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from model.artifacts import CrawlSummary
from auditor.cli import main
from auditor.config import ConfigError, load_config, parse_config
from auditor.pipeline import write_run
from auditor.samples.server import busiest_second
from auditor.progress import Progress
from auditor.plan import expected_pages, host_groups, host_key, make_plan, parallel_portals
from auditor.shards import merge_runs, write_shard
from auditor.store import PortalStore

P = Path("portals.yaml")


def configs(*entries: dict) -> list:
    return parse_config({"portals": list(entries)}, P)


def exit_code(argv: list[str]) -> int:
    """main()'s exit code, whether argparse exits by itself or main returns."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code)


def test_csv_register_is_read_like_the_yaml(tmp_path):
    register = tmp_path / "portals.csv"
    register.write_text("name,url,scope,max_pages,rate,probes\n"
                        "Northshire,https://contracts.northshire.gov.uk/,contracts.northshire.gov.uk docs.northshire.gov.uk,20,0.5,false\n"
                        "\n"
                        "Eastmoor,https://eastmoor.example.org/,,,,\n")
    north, east = load_config(register)
    assert (north.name, north.max_pages, north.rate, north.probes) == ("Northshire", 20, 0.5, False)
    assert north.scope.hosts == ["contracts.northshire.gov.uk", "docs.northshire.gov.uk"]
    assert (east.slug, east.max_pages, east.scope.hosts[0]) == ("eastmoor", 200, "eastmoor.example.org")


@pytest.mark.parametrize("text, words", [
    ("name,url,rate\nA,https://a.org/,fast\n", ["portals.csv", "row 2", "'A'", "'rate'"]),
    ("name,url\nA,https://a.org/\nB,ftp://b.org/\n", ["portals.csv", "row 3", "'B'", "'url'"]),
    ("name,url,max_pagez\nA,https://a.org/,3\n", ["portals.csv", "row 1", "'max_pagez'"]),
    ("name\nA\n", ["portals.csv", "row 1", "'url'"]),
    ("name,url\nA,https://a.org/,extra\n", ["portals.csv", "row 2", "3 cells"]),
    ("name,url\n", ["portals.csv", "no portals"]),
])
def test_csv_register_errors_name_file_row_and_key(tmp_path, text, words):
    register = tmp_path / "portals.csv"
    register.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(register)
    assert all(w in str(caught.value) for w in words), str(caught.value)


def test_host_key_groups_vendor_subdomains_and_addresses():
    assert host_key("buyer-a.in-tendhost.co.uk") == host_key("buyer-b.in-tendhost.co.uk") == "in-tendhost.co.uk"
    assert host_key("contracts.northshire.gov.uk") != host_key("contracts.southshire.gov.uk")
    assert host_key("127.0.0.2:8001") == host_key("127.0.0.2:8002") == "127.0.0.2"
    assert host_key("127.0.0.2:8001") != host_key("127.0.0.3:8001")
    assert host_key("localhost:8000") == "localhost"


def test_portals_sharing_a_host_or_a_scope_host_are_one_group():
    groups = host_groups(configs(
        {"name": "A", "url": "https://a.in-tendhost.co.uk/"},
        {"name": "B", "url": "https://b.in-tendhost.co.uk/"},
        {"name": "North", "url": "https://contracts.northshire.gov.uk/",
         "scope": {"hosts": ["contracts.northshire.gov.uk", "docs.proactis.com"]}},
        {"name": "Vendor", "url": "https://buyer.proactis.com/"},
        {"name": "Alone", "url": "https://tenders.eastmoor.org/"}))
    assert sorted(sorted(p.name for p in g.portals) for g in groups) == [["A", "B"], ["Alone"], ["North", "Vendor"]]


def test_plan_packs_groups_largest_first_into_balanced_shards():
    entries = [{"name": f"P{i}", "url": f"http://127.0.0.{i + 2}/", "max_pages": pages, "rate": 1}
               for i, pages in enumerate([90, 60, 50, 40, 30, 20])]
    groups = host_groups(configs(*entries))
    assert [g.pages for g in groups] == [90, 60, 50, 40, 30, 20]
    plan = make_plan(configs(*entries), 2)
    # LPT: 90 | 60, 50 -> 90+40 | 110 -> 130 | 110+30 -> 130+20 | 140
    assert [[g.pages for g in s.groups] for s in plan] == [[90, 40, 20], [60, 50, 30]]
    assert sorted(p.name for s in plan for p in s.portals) == sorted(e["name"] for e in entries)
    assert make_plan(configs(*entries), 8)[7].groups == []


def test_portals_on_one_host_share_its_rate_in_the_estimate():
    [group] = host_groups(configs(*[{"name": f"B{i}", "url": f"https://x.in-tendhost.co.uk/b{i}/",
                                     "scope": {"paths": [f"/b{i}/"]}, "max_pages": 100, "rate": 1} for i in range(3)]))
    assert group.pages == 300 and group.seconds == 300      # one host at one request a second


def test_estimate_from_a_previous_run_or_the_budgets(tmp_path):
    [portal] = configs({"name": "A", "url": "https://a.org/", "max_pages": 200, "rate": 0.1, "time_budget": 900})
    assert expected_pages(portal) == 90                       # the time budget allows 90 at 0.1/s
    store = PortalStore(tmp_path, portal.slug)
    store.write_crawl(CrawlSummary(pages=37, stopped_because="frontier exhausted"))
    assert expected_pages(portal, tmp_path) == 37


def test_parallel_portals_follow_cores_and_memory():
    assert parallel_portals(cpus=8, available_bytes=64 * 2**30) == 16
    assert parallel_portals(cpus=8, available_bytes=2 * 2**30) == 5
    assert parallel_portals(cpus=1, available_bytes=100 * 2**20) == 1
    assert parallel_portals() >= 1


def test_plan_command_prints_groups_and_shards(tmp_path, capsys):
    register = tmp_path / "portals.csv"
    register.write_text("name,url,max_pages\nA,https://a.in-tendhost.co.uk/,50\nB,https://b.in-tendhost.co.uk/,50\n"
                        "C,https://tenders.eastmoor.org/,10\n")
    assert exit_code(["plan", str(register), "--shards", "2"]) == 0
    out = capsys.readouterr().out
    assert "3 portals in 2 host groups" in out and "shard 1/2" in out and "shard 2/2" in out
    assert out.index("in-tendhost.co.uk") < out.index("eastmoor.org")


@pytest.mark.parametrize("shard", ["3/2", "0/2", "x", "1/0"])
def test_shard_out_of_range_is_a_usage_error(tmp_path, shard, capsys):
    config = tmp_path / "portals.yaml"
    config.write_text('portals: [{name: A, url: "http://127.0.0.2:9/"}]\n')
    assert exit_code(["run", str(config), "--out", str(tmp_path / "out"), "--shard", shard]) == 2
    assert "--shard" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_unreachable_ray_address_fails_in_one_sentence_and_keeps_the_run(tmp_path, capsys):
    pytest.importorskip("ray")
    config = tmp_path / "portals.yaml"
    config.write_text('portals: [{name: A, url: "http://127.0.0.2:9/"}]\n')
    out = tmp_path / "out"
    write_run(out, load_config(config), finished=False)          # an earlier run to resume
    PortalStore(out, "a").write_crawl(CrawlSummary(pages=3))
    before = (out / "artifacts" / "a" / "crawl.json").read_bytes()
    assert exit_code(["run", str(config), "--out", str(out), "--ray", "127.0.0.1:1"]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: cannot reach the Ray cluster at 127.0.0.1:1") and len(err.splitlines()) == 1
    assert (out / "artifacts" / "a" / "crawl.json").read_bytes() == before


class ConnectedRay:
    """Ray as a caller already connected to it (a notebook, a test session) has it."""
    calls: list[str] = []

    @classmethod
    def is_initialized(cls) -> bool:
        return True

    @classmethod
    def init(cls, **options: object) -> None:
        cls.calls.append("init")

    @classmethod
    def shutdown(cls) -> None:
        cls.calls.append("shutdown")


def test_a_run_uses_a_ray_connection_it_finds_and_leaves_it_open(tmp_path, monkeypatch):
    from auditor import cluster
    monkeypatch.setattr(cluster, "_import_ray", lambda: ConnectedRay)
    monkeypatch.setattr(ConnectedRay, "remote", lambda **options: lambda f: None, raising=False)
    outcome = cluster.run_on_ray([], tmp_path / "run", Progress(quiet=True), "127.0.0.1:1")
    assert outcome.summaries == {} and ConnectedRay.calls == []      # no new connection, none closed
    assert (tmp_path / "run" / "run.json").exists()


def _fake_shard(root: Path, register: list, index: int, count: int) -> Path:
    shard = make_plan(register, count)[index - 1]
    run_dir = root / f"shard-{index}"
    write_shard(run_dir, shard, register)
    write_run(run_dir, [c for c in register if c in shard.portals], finished=True)
    for config in shard.portals:
        PortalStore(run_dir, config.slug).write_portal(config.name, config.url, {})
    return run_dir


def test_merge_orders_portals_as_the_register_and_refuses_gaps_and_overlaps(tmp_path):
    register = configs(*[{"name": f"P{i}", "url": f"http://127.0.0.{i + 2}/", "max_pages": 10 * (i + 1)}
                         for i in range(5)])
    dirs = [_fake_shard(tmp_path, register, i, 3) for i in (1, 2, 3)]
    merge_runs(dirs, tmp_path / "merged")
    run = json.loads((tmp_path / "merged" / "run.json").read_text())
    assert [p["slug"] for p in run["portals"]] == [c.slug for c in register]
    assert all((tmp_path / "merged" / "artifacts" / c.slug / "portal.json").exists() for c in register)
    with pytest.raises(ConfigError, match="shard 2/3 missing"):
        merge_runs([dirs[0], dirs[2]], tmp_path / "partial")
    shutil.copytree(dirs[0], tmp_path / "shard-1-again")
    with pytest.raises(ConfigError, match="both shard 1/3"):
        merge_runs([*dirs, tmp_path / "shard-1-again"], tmp_path / "twice")
    with pytest.raises(ConfigError, match="other than"):
        merge_runs(dirs, dirs[0])


def test_busiest_second_counts_requests_within_any_one_second():
    assert busiest_second([]) == 0
    assert busiest_second([0.0, 0.5, 0.99, 1.0, 1.5]) == 3        # 0.0, 0.5, 0.99
    assert busiest_second([0.0, 0.2, 0.4, 0.6, 0.8, 1.0]) == 5


def test_ray_not_installed_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)        # import ray now raises ImportError
    config = tmp_path / "portals.yaml"
    config.write_text('portals: [{name: A, url: "http://127.0.0.2:9/"}]\n')
    assert exit_code(["run", str(config), "--out", str(tmp_path / "out"), "--ray"]) == 2
    assert "pip install 'tender-audit[cluster]'" in capsys.readouterr().err
