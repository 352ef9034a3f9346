"""Page-type decisions on hand-made pages worded like real portals, including the traps."""
from urllib.parse import urlsplit

from model.artifacts import Form, FormField
from model.classify import classify_page, is_destructive, notice_signals, sibling_template
from tests.artifact_factory import BASE, link, page

START = BASE + "/"


def kind(p, overrides=None):
    return classify_page(p, START, overrides).type


def walled(path, status, **kw):
    p = page(path, **kw)
    p.status = status
    return p


def field(name, type_="text", required=False):
    return FormField(tag="input", type=type_, name=name, label=name, required=required)


def test_ted_notice():
    text = ("Notice number in OJ S\n123456-2026\nOfficial name and address\nCity of Lyon\n"
            "Type of procedure\nOpen procedure\nMain CPV code\n45233140-2 Roadworks\n"
            "Time limit for receipt of tenders\n15/05/2026 12:00\nEstimated total value\n€ 2 400 000")
    p = page("/en/notice/-/detail/123456-2026", depth=3, text=text, title="Roadworks - TED")
    assert kind(p) == "notice"
    assert {"reference", "deadline", "buyer", "cpv", "procedure", "value"} <= set(notice_signals(p))


def test_sam_gov_notice():
    text = ("Notice ID\nW912DY26R0042\nDepartment/Ind. Agency\nDEPT OF DEFENSE\n"
            "Contract Opportunity Type: Solicitation (Original)\nOriginal Response Date\nApr 30, 2026 05:00 pm\n"
            "NAICS Code\n236220")
    p = page("/opp/3f9e1c2a/view", depth=2, text=text)
    assert kind(p) == "notice"
    assert set(notice_signals(p)) >= {"reference", "buyer", "deadline", "cpv", "procedure"}


def test_public_contracts_scotland_and_contracts_finder_notices():
    pcs = page("/Search/Search_View.aspx?ID=MAR123456", depth=2,
               text="OCID: ocds-r6ebe6-0000123456\nPublished by: Scottish Water\nDeadline Date: 12/05/2026\n"
                    "Notice Type: Contract Notice")
    cf = page("/Notice/3f9e1c2a", depth=2,
              text="Contract value\n£100,000 to £250,000\nClosing\n30 April 2026\nOrganisation name\nLeeds City Council")
    assert kind(pcs) == "notice"
    assert kind(cf) == "notice"


def test_notice_without_documents_or_reference_label_is_still_a_notice():
    p = page("/tender/42", depth=2, text="Buyer\nEastshire Council\nValue\n£40,000\nDeadline\n2026-05-01")
    assert kind(p) == "notice"


def test_news_story_mentioning_a_tender_is_not_a_notice():
    text = ("Council seeks partner for road gritting\nThe council has launched a tender worth £1.2m. "
            "The closing date is 30 April and the contract will be let under the open procedure. "
            "Suppliers can find the reference on Find a Tender.")
    p = page("/news/2026/03/gritting", depth=2, text=text, title="News")
    assert kind(p) == "other"


def test_listing_with_many_notice_links_is_a_listing_not_a_notice():
    rows = "".join(f"Notice {i}\nClosing date: {i} May 2026\nValue: £{i}0,000\nBuyer: Council\n" for i in range(1, 6))
    links = [link(f"/notice/NS-2026-00{i}", f"Notice {i}") for i in range(1, 6)]
    p = page("/search", depth=1, text=rows, title="Search results", links=links)
    result = classify_page(p, START)
    assert result.type == "listing"
    assert "5 links to /notice/{id}" in result.evidence


def test_notice_linking_its_sibling_notices_stays_a_notice():
    links = [link(f"/notice/NS-{i}") for i in range(10, 16)]
    p = page("/notice/NS-1", depth=2, links=links,
             text="Reference: NS-1\nClosing date\n1 May 2026\nBuyer\nCouncil\nOther opportunities")
    assert kind(p) == "notice"


def test_query_string_listing_in_tend_style():
    links = [link(f"/procontract/ViewTender?tenderId={i}", f"Tender {i}") for i in range(3)]
    p = page("/procontract/opportunities", depth=1, links=links, title="Current opportunities")
    assert kind(p) == "listing"


def test_navigation_links_do_not_make_a_listing():
    links = [link(f"/{name}") for name in ("about", "contact", "news", "jobs", "council", "help", "privacy", "map", "faq")]
    assert kind(page("/about", depth=1, links=links)) == "other"


def test_mentioning_password_in_text_is_not_a_login_wall():
    p = page("/help", depth=1, title="Help",
             text="Forgotten your password? Use the reset link on the sign in page. You need to be signed in "
                  "to download documents. " + "More help text. " * 60)
    assert kind(p) == "other"


def test_login_wall_signals():
    assert classify_page(walled("/members/", 401, depth=1), START).evidence == ["HTTP 401"]
    redirected = page("/tender/docs", depth=2, redirects=[BASE + "/tender/docs"])
    redirected.final_url = BASE + "/login?next=%2Ftender%2Fdocs"
    assert kind(redirected) == "login"
    form = page("/members/form/", depth=1, forms=[Form(fields=[field("user"), field("pw", "password")])])
    assert kind(form) == "login"
    bare = page("/secure", depth=1, text="Please log in to view this notice.")
    assert kind(bare) == "login"


def test_notice_with_a_header_sign_in_box_is_a_notice():
    header = Form(fields=[field("username"), field("password", "password"), field("go", "submit")])
    p = page("/advert/77", depth=2, forms=[header],
             text="Tender ref: AB-77\nReturn date: 1 May 2026\nContact officer: J Smith")
    assert kind(p) == "notice"


def test_registration_forms():
    long_form = Form(fields=[field(f"f{i}", required=i < 5) for i in range(8)] + [field("pw", "password")])
    assert kind(page("/account/new", depth=1, forms=[long_form])) == "registration"
    two_passwords = Form(fields=[field("email"), field("pw", "password"), field("pw2", "password")])
    assert kind(page("/join", depth=1, forms=[two_passwords])) == "registration"
    first_step = Form(fields=[field("org"), field("name"), field("email"), field("phone")])
    assert kind(page("/supplier/register", depth=1, forms=[first_step], title="Register")) == "registration"
    newsletter = Form(fields=[field("email")])
    assert kind(page("/register-interest", depth=1, forms=[newsletter])) != "registration"


def test_accessibility_statement_needs_title_and_wording():
    statement = page("/accessibility", depth=1, headings=["h1: Accessibility statement for Hub"],
                     text="This website is partially compliant with the Web Content Accessibility Guidelines")
    assert kind(statement) == "statement"
    policy = page("/accessibility-help", depth=1, headings=["h1: Accessibility statement"], text="Change font size.")
    assert kind(policy) == "other"
    audit_tender = page("/notice/9", depth=2, headings=["h1: Accessibility audit of our website"],
                        text="Reference: 9\nClosing date: 1 May\nBuyer: Council\nMust test against WCAG 2.2")
    assert kind(audit_tender) == "notice"


def test_start_page_is_home_unless_walled():
    links = [link(f"/notice/{i}") for i in range(10)]
    home = classify_page(page("/", links=links, title="Find opportunities"), START)
    assert home.type == "home" and home.evidence[0] == "the start page"
    assert kind(walled("/", 403)) == "login"


def test_open_data_page():
    p = page("/open-data", depth=1, headings=["h1: Open contracting data"],
             links=[link("/api/ocds/releases.json", "OCDS", "document")])
    assert kind(p) == "open_data"


def test_config_patterns_override_heuristics():
    p = page("/weird/path/7", depth=1, text="nothing")
    result = classify_page(p, START, {"notice": [r"/weird/path/\d+"]})
    assert (result.type, result.source) == ("notice", "config")


def test_sibling_templates():
    host = urlsplit(BASE).netloc
    assert sibling_template(BASE + "/notice/NS-2026-0041") == host + "/notice/{id}"
    assert sibling_template(BASE + "/#/notice/SV-101") == host + "/#/notice/{id}"
    assert sibling_template(BASE + "/tenders/list.htm") == host + "/tenders/{*}"
    assert sibling_template(BASE + "/View?b=1&id=3") == host + "/{*}?b&id"


def test_links_never_followed_inside_a_signed_in_session():
    for path, text in [("/logout", "Log out"), ("/account", "Sign out"), ("/bid/7/withdraw", "Withdraw"),
                       ("/bid/7", "Withdraw my response"), ("/tender/3/decline", "Decline to bid"),
                       ("/response/9/submit", "Submit response"), ("/profile/close", "Close my account")]:
        assert is_destructive(link(path, text)), path
    for path, text in [("/opportunities", "Find opportunities"), ("/tender/3/documents", "Tender documents"),
                       ("/account", "My account")]:
        assert not is_destructive(link(path, text)), path


def test_config_selectors_and_patterns_override_the_heuristics():
    notice_like = page("/view?id=9", text="Reference: NS-9\nClosing date: 1 May 2026\nEstimated value: £20,000\nBuyer: Northshire",
                       matched_selectors=["div.opportunity-detail"])
    rules = {"listing": {"urls": [], "selectors": ["table.results"]},
             "other": {"urls": [], "selectors": ["div.opportunity-detail"]}}
    decided = classify_page(notice_like, START, rules)
    assert decided.type == "other" and decided.evidence == ["config selector 'div.opportunity-detail' matches an element on the page"]
    assert kind(notice_like, {"listing": {"urls": [], "selectors": ["table.results"]}}) == "notice"   # selector absent: heuristics
    assert kind(notice_like, {"listing": ["/view\\?id="]}) == "listing"     # the list form stored by older runs
