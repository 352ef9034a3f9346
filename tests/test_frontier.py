from auditor.frontier import Frontier
from auditor.urls import FACET_SHARE, TrapGuard, query_budget


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


def _facet_urls(params: int, values: int) -> list[str]:
    """Every one- and two-facet URL of a search page with `params` facets of `values` values each."""
    singles = [f"http://x.org/search?f{p}={v}" for p in range(params) for v in range(values)]
    pairs = [f"http://x.org/search?f{p}={v}&f{q}={w}" for p in range(params) for q in range(p + 1, params)
             for v in range(values) for w in range(values)]
    return singles + pairs


def test_facet_combinations_get_a_stated_share_of_the_page_budget():
    guard = TrapGuard(max_per_template=30, max_per_path=query_budget(200))
    admitted = [url for url in _facet_urls(8, 4) if guard.admit(url) is None]
    assert len(admitted) == 50 == 200 * FACET_SHARE       # of 32 + 448 combinations
    assert guard.admit("http://x.org/search?f0=0&f1=1") == "trap: query URLs beyond their share of max_pages"
    assert guard.admit("http://x.org/notice/7") is None     # other pages still get in
    assert any("share of max_pages" in reason for reason in guard.evidence)


def test_too_many_parameters_or_values_are_refused():
    guard = TrapGuard(max_per_template=3)
    assert guard.admit("http://x.org/s?a=1&b=2&c=3&d=4") is None
    assert guard.admit("http://x.org/s?a=1&b=2&c=3&d=4&e=5") == "trap: too many query parameters"
    for v in (2, 3):
        assert guard.admit(f"http://x.org/s?a={v}&b=1") is None
    assert guard.admit("http://x.org/s?a=4&c=1") == "trap: too many values of one parameter"
    assert guard.admit("http://x.org/s?a=3&c=1") is None    # a value already seen is no new combination
