"""What gunicorn's master does so its workers share what it built and keep less of their own
(serving/warmup.py: prepare_fork): gc.freeze after the warm-up, and glibc's mmap threshold. The
memory figures themselves come from the bench (`python -m bench`), not from here."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from serving import live, warmup

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GLIBC = (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")


def test_when_ready_freezes_after_the_warm_up(monkeypatch):
    import runpy

    calls = []
    monkeypatch.setattr(live, "STARTED_AFTER_FORK", False)  # when_ready sets it: restored afterwards
    monkeypatch.setattr(warmup, "warm", lambda app: calls.append(("warm", app)))
    monkeypatch.setattr(warmup, "prepare_fork", lambda: calls.append(("prepare_fork", None)))
    conf = runpy.run_path(os.path.join(ROOT, "gunicorn.conf.py"))

    class Server:
        class app:  # noqa: N801 - gunicorn's WSGIApplication, reduced to what when_ready uses
            @staticmethod
            def wsgi():
                return "the flask app"

    conf["when_ready"](Server())
    assert calls == [("warm", "the flask app"), ("prepare_fork", None)]


FREEZE = """
import gc, json, weakref
from serving import warmup

class Node:
    def __init__(self):
        self.other = self

garbage = Node()
dead = weakref.ref(garbage)
del garbage
alive = Node()
done = warmup.prepare_fork()
print(json.dumps({
    "garbage_freed": dead() is None,
    "frozen": done["frozen"] == gc.get_freeze_count() > 0,
    "alive_out_of_reach": not any(o is alive for o in gc.get_objects()),
    "mmap_threshold": done["mmap_threshold"],
}))
"""


@pytest.mark.integration
def test_prepare_fork_collects_garbage_then_freezes_the_survivors():
    """In a process of its own: gc.collect gives up while another thread collects, and a test process
    has background threads (the master gunicorn forks from has none)."""
    out = subprocess.run([sys.executable, "-c", FREEZE], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {
        "garbage_freed": True,  # a cycle that was garbage before the fork is freed, not frozen
        "frozen": True,
        "alive_out_of_reach": True,  # the workers' collections never touch what the master built
        "mmap_threshold": warmup.MMAP_THRESHOLD if GLIBC else None,
    }


MAPPED = """
import ctypes, sys
from serving import warmup
libc = ctypes.CDLL(None)
names = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()
fields = [(n, ctypes.c_size_t) for n in names]
libc.mallinfo2.restype = type("MallInfo2", (ctypes.Structure,), {"_fields_": fields})
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
if sys.argv[1] == "fixed":
    print(warmup.fix_mmap_threshold(warmup.MMAP_THRESHOLD))
libc.free(libc.malloc(8 << 20))  # freeing a mapped 8 MiB block lifts glibc's own threshold to 8 MiB
before = libc.mallinfo2().hblkhd
block = libc.malloc(2 << 20)
print("mapped" if libc.mallinfo2().hblkhd - before >= 2 << 20 else "heap")
"""


@pytest.mark.integration
@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
@pytest.mark.parametrize(
    "mode, expected", [("fixed", [str(warmup.MMAP_THRESHOLD), "mapped"]), ("default", ["heap"])]
)
def test_a_fixed_mmap_threshold_keeps_large_blocks_out_of_the_heap(mode, expected):
    """With glibc's sliding threshold, a 2 MiB block after an 8 MiB one is carved from the heap (which
    keeps its peak); with the threshold fixed it is mapped, and unmapped when freed."""
    out = subprocess.run(
        [sys.executable, "-c", MAPPED, mode], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == expected


def test_no_mmap_threshold_without_glibc(monkeypatch):
    def no_glibc(name):
        raise ValueError(name)

    monkeypatch.setattr(os, "confstr", no_glibc)
    assert warmup.fix_mmap_threshold(warmup.MMAP_THRESHOLD) is None
