from auditor.frontier import Frontier
from auditor.urls import TrapGuard


def test_breadth_first_by_depth():
    f = Frontier(max_depth=5)
    f.push("http://x.org/", 0, None)
    f.push("http://x.org/deep", 2, "p")
    f.push("http://x.org/near", 1, "p")
    assert [f.pop().url for _ in range(3)] == ["http://x.org/", "http://x.org/near", "http://x.org/deep"]
    assert f.pop() is None


def test_priority_links_jump_ahead_of_ordinary_ones():
    f = Frontier(max_depth=5)
    f.push("http://x.org/news", 1, "p", priority=0)
    f.push("http://x.org/opportunities", 2, "p", priority=9)
    assert f.pop().url == "http://x.org/opportunities"


def test_shorter_path_replaces_queued_longer_one():
    f = Frontier(max_depth=5)
    f.push("http://x.org/a", 3, "deep")
    assert f.push("http://x.org/a/", 1, "home")       # same page, shorter path
    entry = f.pop()
    assert (entry.depth, entry.parent) == (1, "home")
    assert f.pop() is None


def test_done_urls_and_depth_limit_are_refused():
    f = Frontier(max_depth=1)
    f.mark_done("http://x.org/a")
    assert not f.push("http://x.org/a/", 1, None)
    assert not f.push("http://x.org/b", 2, None)
    assert f.skipped["beyond max_depth"] == 1


def test_trap_refusals_are_counted():
    f = Frontier(max_depth=9, guard=TrapGuard(max_per_template=3))
    for month in range(1, 13):
        f.push(f"http://x.org/cal?m={month}", 1, None)
    assert len(f) == 3
    assert f.skipped["trap: too many URLs of one pattern"] == 9
