"""Shards: one run split over an array-job runner (a Kubernetes Indexed Job, a CI matrix), merged after.

Each shard gathers its host groups (see plan.py) into its own run directory and records which
shard of which register it is, in `shard.json`; `merge` copies the shards' artifacts into one run
directory, in the register's order, so checks and the scorecard see one run, as if gathered at once.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from auditor.config import ConfigError, PortalConfig
from auditor.plan import Shard
from auditor.store import read_json, write_json

SHARD_FILE = "shard.json"


def write_shard(run_dir: Path, shard: Shard, register: list[PortalConfig]) -> None:
    """Which shard this directory holds, and every portal's place in the whole register."""
    write_json(Path(run_dir) / SHARD_FILE, {
        "index": shard.index, "count": shard.count, "register_size": len(register),
        "positions": {c.slug: i for i, c in enumerate(register)},
        "slugs": [c.slug for c in shard.portals]})


def _run_record(run_dir: Path) -> dict[str, Any]:
    path = run_dir / "run.json"
    if not path.is_file():
        raise ConfigError(f"{run_dir}: no run.json here; is it a tender-audit run directory?")
    return read_json(path)


def _check_shards(dirs: list[Path]) -> dict[str, int]:
    """The register positions of the portals, when every directory is a shard of one register;
    refuses a set with a shard missing or given twice."""
    shards = {d: read_json(d / SHARD_FILE) for d in dirs if (d / SHARD_FILE).is_file()}
    if not shards:
        return {}
    if len(shards) != len(dirs):
        plain = next(d for d in dirs if d not in shards)
        raise ConfigError(f"{plain}: not a shard (no {SHARD_FILE}), but the other directories are")
    counts = {s["count"] for s in shards.values()}
    if len(counts) != 1:
        raise ConfigError(f"the directories are shards of different splits (of {sorted(counts)})")
    count = counts.pop()
    seen: dict[int, Path] = {}
    for d, s in shards.items():
        if s["index"] in seen:
            raise ConfigError(f"{seen[s['index']]} and {d} are both shard {s['index']}/{count}")
        seen[s["index"]] = d
    missing = sorted(set(range(1, count + 1)) - set(seen))
    if missing:
        raise ConfigError(f"shard{'s' if len(missing) > 1 else ''} {', '.join(f'{i}/{count}' for i in missing)} "
                          f"missing: give every shard's directory")
    return {slug: pos for s in shards.values() for slug, pos in s["positions"].items()}


def merge_runs(dirs: list[Path], out: Path) -> None:
    """Combine run directories (normally the N shards of one run) into `out`, one run."""
    dirs = [Path(d) for d in dirs]
    out = Path(out)
    if len({d.resolve() for d in dirs}) != len(dirs):
        raise ConfigError("a run directory is given twice")
    if any(d.resolve() == out.resolve() for d in dirs):
        raise ConfigError(f"{out}: the merged run must go to a directory other than the ones merged")
    records = {d: _run_record(d) for d in dirs}
    positions = _check_shards(dirs)
    owner: dict[str, Path] = {}
    portals: list[dict[str, Any]] = []
    for d, record in records.items():
        for portal in record.get("portals", []):
            if portal["slug"] in owner:
                raise ConfigError(f"portal '{portal['slug']}' is in both {owner[portal['slug']]} and {d}")
            owner[portal["slug"]] = d
            portals.append(portal)
    portals.sort(key=lambda p: positions.get(p["slug"], len(positions)))   # stable: unsharded keep their order
    for slug, d in owner.items():
        source = d / "artifacts" / slug
        if source.is_dir():
            shutil.copytree(source, out / "artifacts" / slug, dirs_exist_ok=True)
    finished = [r.get("finished") for r in records.values()]
    write_json(out / "run.json", {
        "started": min((r["started"] for r in records.values() if r.get("started")), default=None),
        "tool": next(iter(records.values())).get("tool"),
        "portals": portals,
        "finished": None if None in finished else max(finished, default=None),
        "merged_from": [str(d) for d in dirs]})
