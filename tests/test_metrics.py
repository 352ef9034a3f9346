from auditor.artifacts import DocumentArtifact, PageType
from checks.metrics import LinkGraph, compute_metrics
from tests.artifact_factory import BASE, link, page, portal


def typed(p, kind):
    p.page_type = PageType(kind, ["test"])
    return p


def test_click_depth_is_shortest_path_whatever_the_recorded_depth():
    # the notice was first reached by a long path (recorded depth 3) but home links it directly
    home = page("/", links=[link("/a"), link("/n/1")])
    a = page("/a", depth=1, links=[link("/b")])
    notice = typed(page("/n/1", depth=3, links=[link("/d/spec.pdf", "Spec", "document")]), "notice")
    doc = DocumentArtifact(url=BASE + "/d/spec.pdf", found_on=[BASE + "/n/1"], status=200, format="pdf")
    m = compute_metrics(portal(home, a, notice, documents=[doc]))
    assert m["clicks_to_notice"] == 1
    assert m["clicks_to_documents"] == 2
    assert m["notices_found"] == 1
    assert m["documents"]["count"] == 1 and m["documents"]["per_notice"] == 1.0


def test_documents_behind_login_are_not_reached():
    home = page("/", links=[link("/n/1")])
    notice = typed(page("/n/1", depth=1, links=[link("/d/pack.zip", "Pack", "document")]), "notice")
    doc = DocumentArtifact(url=BASE + "/d/pack.zip", found_on=[BASE + "/n/1"], status=200, format="zip",
                           requires_login=True, login_evidence="redirect to /login")
    m = compute_metrics(portal(home, notice, documents=[doc]))
    assert m["clicks_to_documents"] is None
    assert m["documents_require_login"] is True
    assert m["documents"]["zip_bundles"] == 1


def test_no_notice_means_unknown_clicks():
    m = compute_metrics(portal(page("/")))
    assert m["clicks_to_notice"] is None and m["notices_found"] == 0
    assert m["documents"]["per_notice"] == 0.0


def test_path_to_gives_the_click_path():
    home = page("/", links=[link("/a")])
    a = page("/a", depth=1, links=[link("/b")])
    graph = LinkGraph.build(portal(home, a, page("/b", depth=2)))
    assert graph.path_to(BASE + "/", BASE + "/b") == [BASE + "/", BASE + "/a", BASE + "/b"]
