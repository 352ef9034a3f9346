"""The one rule that lets a crawl leave its scope: a notice's documents link, followed through at
most MAX_GATEWAY_HOPS documents pages on any host (pure: no browser, no network)."""
from pathlib import Path

from model.artifacts import CrawlSummary, Link, PageArtifact, PageType
from model.classify import MAX_GATEWAY_HOPS
from auditor.config import parse_config
from auditor.crawl_state import CrawlState
from auditor.crawler import _enqueue_links
from auditor.frontier import Frontier


def state() -> CrawlState:
    [config] = parse_config({"portals": [{"name": "Notices", "url": "http://notices.test/"}]}, Path("<tests>"))
    return CrawlState(config=config, store=None, frontier=Frontier(config.max_depth), deadline=0.0,
                      summary=CrawlSummary())


def page(url: str, kind: str, *links: Link, depth: int = 2) -> PageArtifact:
    return PageArtifact(url=url, final_url=url, depth=depth, page_type=PageType(kind), links=list(links))


def queued(crawl: CrawlState) -> list[str]:
    urls = []
    while (entry := crawl.frontier.pop()) is not None:
        urls.append(entry.url)
    return urls


def test_a_notices_documents_link_is_followed_to_another_host_and_nothing_else_is():
    crawl = state()
    _enqueue_links(crawl, page("http://notices.test/notice/1", "notice",
                               Link("http://buyer.test/tender/1/documents", "View tender documents", kind="external"),
                               Link("http://news.test/", "Council news", kind="external")))
    assert queued(crawl) == ["http://buyer.test/tender/1/documents"]
    # a documents link on a page that is neither a notice nor reached from one stays out
    _enqueue_links(crawl, page("http://notices.test/help", "other",
                               Link("http://buyer.test/guide", "Guidance documents", kind="external")))
    assert queued(crawl) == [] and crawl.summary.skipped == {"external link": 2}   # the news link too


def test_documents_pages_are_followed_in_a_row_at_most_max_gateway_hops():
    crawl = state()
    url = "http://notices.test/notice/1"
    _enqueue_links(crawl, page(url, "notice", Link("http://buyer.test/d/1", "Documents", kind="external")))
    hops = 0
    while next_urls := queued(crawl):
        [url] = next_urls
        hops += 1
        _enqueue_links(crawl, page(url, "other", Link(f"http://buyer.test/d/{hops + 1}", "More documents",
                                                      kind="external")))
    assert hops == MAX_GATEWAY_HOPS
