"""Untrusted documents are parsed in a worker process with hard limits, never in the crawler.

pikepdf (qpdf) and zipfile run on bytes a portal chose. A thread that spins on a hostile file
cannot be stopped, keeps a core busy and stops the interpreter from exiting; a process can be
killed. So each inspection runs in a short-lived child (forked from a clean forkserver that has
the parsers loaded, so starting one costs milliseconds) with a hard CPU-time and address-space
limit, and the parent kills it past a wall-clock deadline or when the run is cancelled. At most
MAX_WORKERS run at once, so documents cannot add more than MAX_WORKERS × Limits.memory_bytes to a run.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import resource
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Callable

from auditor.documents.containers import DamagedArchive, inspect_office, inspect_zip
from auditor.documents.pdf import inspect_pdf

MAX_WORKERS = 2                   # inspections at once, across the whole run
_POLL = 0.1                       # how often the parent checks for a result or a cancellation

INSPECTORS: dict[str, Callable[..., Any]] = {"pdf": inspect_pdf, "office": inspect_office, "zip": inspect_zip}

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([__name__])
_SLOTS = threading.BoundedSemaphore(MAX_WORKERS)


@dataclass(frozen=True)
class Limits:
    """What one inspection may cost before its worker is stopped."""
    cpu_seconds: int = 20              # CPU time (RLIMIT_CPU: SIGXCPU, then SIGKILL)
    memory_bytes: int = 384 * 2**20    # address space (RLIMIT_AS: allocations fail past it)
    wall_seconds: float = 60.0         # killed past this, whatever it is doing


@dataclass
class Inspection:
    """What a worker sent back: the inspector's value, or why there is none."""
    value: Any = None
    error: str | None = None      # the file is damaged (a ZIP that is not one)
    limit: str | None = None      # the worker limit that stopped the inspection


async def inspect_untrusted(kind: str, data: bytes, *args: Any, limits: Limits = Limits()) -> Inspection:
    """INSPECTORS[kind](data, *args) in a limited worker process; never raises for bad input.

    Cancelling the awaiting task kills the worker at once."""
    cancelled = threading.Event()
    try:
        return await asyncio.to_thread(_run, kind, data, args, limits, cancelled)
    except asyncio.CancelledError:
        cancelled.set()
        raise


def _run(kind: str, data: bytes, args: tuple[Any, ...], limits: Limits,
         cancelled: threading.Event) -> Inspection:
    """Blocking: wait for a slot, start the worker, and wait for its answer within the limits."""
    while not _SLOTS.acquire(timeout=_POLL):
        if cancelled.is_set():
            return Inspection(limit="cancelled")
    try:
        receiver, sender = _CONTEXT.Pipe(duplex=False)
        worker = _CONTEXT.Process(target=_child, args=(sender, kind, data, args, limits), daemon=True)
        worker.start()
        sender.close()
        try:
            return _await_answer(worker, receiver, limits, cancelled)
        finally:
            if worker.is_alive():
                worker.kill()
            worker.join()
            receiver.close()
    finally:
        _SLOTS.release()


def _await_answer(worker: Any, receiver: Connection, limits: Limits,
                  cancelled: threading.Event) -> Inspection:
    deadline = time.monotonic() + limits.wall_seconds
    while not receiver.poll(_POLL):
        if cancelled.is_set():
            return Inspection(limit="cancelled")
        if time.monotonic() > deadline:
            return Inspection(limit=f"wall time: killed after {limits.wall_seconds:g} s")
        if not worker.is_alive() and not receiver.poll(0):
            break
    try:
        status, payload = receiver.recv()
    except (EOFError, OSError):       # the worker died without answering: a limit killed it
        worker.join()
        return Inspection(limit=_death(worker.exitcode, limits))
    if status == "ok":
        return Inspection(value=payload)
    if status == "damaged":
        return Inspection(error=payload)
    return Inspection(limit=payload)


def _death(exitcode: int | None, limits: Limits) -> str:
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return f"cpu time: killed after {limits.cpu_seconds} s of CPU"
    if exitcode is not None and exitcode < 0:   # e.g. a parser aborting on a failed allocation
        return (f"worker killed by {signal.Signals(-exitcode).name} "
                f"(memory limit {limits.memory_bytes // 2**20} MB)")
    return f"worker exited with code {exitcode} without an answer"


def _child(sender: Connection, kind: str, data: bytes, args: tuple[Any, ...], limits: Limits) -> None:
    """In the worker: limit ourselves, inspect, send (status, payload) back."""
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        answer: tuple[str, Any] = ("ok", INSPECTORS[kind](data, *args))
    except DamagedArchive as exc:
        answer = ("damaged", str(exc))
    except MemoryError:
        answer = ("limit", f"memory: more than {limits.memory_bytes // 2**20} MB")
    sender.send(answer)
    sender.close()
