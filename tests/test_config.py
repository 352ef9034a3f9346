from pathlib import Path

import pytest

from auditor.config import DEFAULTS, ConfigError, load_config, parse_config

P = Path("portals.yaml")


def test_minimal_entry_works_as_is(tmp_path):
    path = tmp_path / "portals.yaml"
    path.write_text('portals: [{name: Northshire, url: "https://contracts.northshire.gov.uk/"}]\n')
    [portal] = load_config(path)
    assert portal.slug == "northshire"
    assert portal.scope.hosts == ["contracts.northshire.gov.uk", "www.contracts.northshire.gov.uk"]
    assert portal.rate == DEFAULTS["rate"] and portal.max_pages == DEFAULTS["max_pages"]
    assert portal.obey_robots is True and portal.submit_forms is False


def test_defaults_block_and_overrides():
    [a, b] = parse_config({"defaults": {"rate": 0.5}, "portals": [
        {"name": "A", "url": "http://a.org/", "max_pages": 20},
        {"name": "B", "url": "http://b.org/", "rate": 2, "scope": {"hosts": ["b.org", "docs.b.org"], "paths": ["/t"]}}]}, P)
    assert (a.rate, a.max_pages) == (0.5, 20)
    assert b.rate == 2.0 and b.scope.hosts == ["b.org", "docs.b.org"] and b.scope.paths == ["/t"]


@pytest.mark.parametrize("url, hosts", [
    ("https://www.tenders.example.org/", ["www.tenders.example.org", "tenders.example.org"]),
    ("http://tenders.example.org:8080/", ["tenders.example.org:8080", "www.tenders.example.org:8080"]),
    ("http://127.0.0.1:8000/", ["127.0.0.1:8000"]),
    ("http://localhost:8000/", ["localhost:8000"]),
])
def test_default_scope_is_the_start_host_and_its_www_twin(url, hosts):
    [portal] = parse_config({"portals": [{"name": "A", "url": url}]}, P)
    assert portal.scope.hosts == hosts


@pytest.mark.parametrize("raw, words", [
    ({"portals": [{"name": "A", "url": "http://a.org/", "max_pagez": 3}]}, ["portals.yaml", "'A'", "max_pagez"]),
    ({"portals": [{"name": "A", "url": "ftp://a.org/"}]}, ["'A'", "url"]),
    ({"portals": [{"name": "A"}]}, ["'A'", "url"]),
    ({"portals": [{"url": "http://a.org/"}]}, ["portal #1", "name"]),
    ({"portals": [{"name": "A", "url": "http://a.org/", "rate": "fast"}]}, ["'A'", "rate"]),
    ({"portals": [{"name": "A", "url": "http://a.org/", "max_pages": 0}]}, ["'A'", "max_pages"]),
    ({"portals": [{"name": "A", "url": "http://a.org/", "page_types": {"notic": ["/n/"]}}]}, ["page_types.notic"]),
    ({"portals": [{"name": "A", "url": "http://a.org/", "scope": {"exclude": ["("]}}]}, ["scope.exclude"]),
    ({"portals": [{"name": "A", "url": "http://a.org/", "page_types": {"notice": {"selectors": ["dl..x"]}}}]},
     ["page_types.notice.selectors", "dl..x"]),
    ({"portals": [{"name": "A", "url": "http://a.org/", "page_types": {"notice": {"css": ["dl"]}}}]}, ["page_types.notice.css"]),
    ({"portals": [{"name": "A", "url": "http://a.org/", "page_types": {"notice": {"urls": ["("]}}}]}, ["page_types.notice.urls"]),
    ({"portals": [{"name": "A", "url": "http://a.org/"}, {"name": "a", "url": "http://b.org/"}]}, ["slug"]),
    ({"portalz": []}, ["portals"]),
    ({"portals": []}, ["non-empty"]),
])
def test_bad_config_names_file_portal_and_key(raw, words):
    with pytest.raises(ConfigError) as err:
        parse_config(raw, P)
    for word in words:
        assert word in str(err.value)


def test_unreadable_and_invalid_yaml(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("portals: [\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)


def test_public_config_never_holds_credentials():
    [portal] = parse_config({"portals": [{"name": "A", "url": "http://a.org/",
                                          "login": {"url": "http://a.org/login", "username_env": "U", "password_env": "P"}}]}, P)
    assert portal.public()["login"] is True
    assert "password_env" not in str(portal.public())


def test_page_types_take_url_patterns_or_selectors():
    [portal] = parse_config({"portals": [{"name": "A", "url": "http://a.org/", "page_types": {
        "notice": ["/tender/view/\\d+"],
        "listing": {"selectors": ["table.opportunities", "#results"]}}}]}, P)
    assert portal.page_types == {"notice": {"urls": ["/tender/view/\\d+"], "selectors": []},
                                 "listing": {"urls": [], "selectors": ["table.opportunities", "#results"]}}
    assert portal.type_selectors == ["#results", "table.opportunities"]
