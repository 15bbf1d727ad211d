"""The web UI in a real browser: what a person sees and can do on each page.

Headless Chromium opens the pages of a real server (see conftest.py); each
test fails on a console error, a page error, a CSP violation, a dialog or a
request that leaves the machine, besides its own checks.
"""

from __future__ import annotations

import re
from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

import pytest

from hodo.models import CLAIM_TYPES

PAGES = ["/", "/search", "/documents", "/entities", "/charts", "/map"]
# Pages whose content is widest: long URLs, tables, charts, side-by-side columns.
WIDE_PAGES = ["/?day=2025-07-20", "/documents/https://example.org/web/bryansk-depot", "/entities/ru.mod",
              "/charts?claimant=ru.mod&claimant=ua.air_force&type=air_defense&kind=bar", "/map?contested=true"]  # fmt: skip


def _box(locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, "the element is not shown"
    return box


def _side_by_side(left: dict[str, float], right: dict[str, float]) -> bool:
    """Two boxes in one row: one ends before the other starts, and their tops line up."""
    return left["x"] + left["width"] <= right["x"] + 1 and abs(left["y"] - right["y"]) < 2


def _column_of(card, figure: str):
    return card.locator(".claimant-column").filter(has=card.page.locator(".figure-chip", has_text=re.compile(rf"^{figure} ")))


def test_every_page_of_the_store_opens_without_a_fault(desk, page_paths) -> None:
    """Each event, document, entity and search of the store: no console error, no violation.

    A claim's URL only redirects to its document, opened here anyway.
    """
    pages = [path for path in page_paths if not path.startswith("/claims/")]
    assert len(pages) > 50
    for path in pages:
        desk.open(path)
        assert desk.page.locator("main h1").count() == 1, path
        assert not desk.problems(), f"{path}: " + "; ".join(desk.problems())


def test_the_front_page_shows_the_contested_figures_side_by_side(desk, contested_event) -> None:
    day = "2025-07-20"  # the fixture documents' day
    desk.open(f"/?day={day}")
    page = desk.page
    assert page.locator("h1").inner_text() == f"Events of {day}"
    card = page.locator(".contested-events .event-card").filter(has=page.locator(f"#title-{contested_event['event_id']}"))
    assert card.count() == 1, "the contested event is listed under Contested"
    assert page.locator(".event-card").first.evaluate("e => e.classList.contains('contested')"), "contested comes first"
    assert "contested" in card.locator(".facts").inner_text()
    assert "Bryansk Oblast" in card.locator(".facts").inner_text()
    assert card.locator(".facts time").get_attribute("datetime") == day
    assert "1 outlet" in card.locator(".outlet-count").inner_text()
    twelve, two = _column_of(card, "12"), _column_of(card, "2")
    assert twelve.count() == 1 and two.count() == 1, "each side's figure is in its claimant's column"
    assert "General Staff" in twelve.locator(".claimant").inner_text()
    assert _side_by_side(_box(twelve), _box(two)), "the two sides' columns stand side by side"
    assert "denies" in card.locator(".claimant-column", has_text="Ministry of Defence").inner_text()


def test_the_day_picker_moves_through_days(desk) -> None:
    desk.open("/?day=2025-07-20")
    page = desk.page
    page.locator("a[rel=prev]").click()
    page.wait_for_url(re.compile(r"day=2025-07-19$"))
    assert page.locator("h1").inner_text() == "Events of 2025-07-19"
    page.locator("#day-input").fill("2025-06-11")  # the change submits the form (hodo.js)
    page.wait_for_url(re.compile(r"day=2025-06-11$"))
    assert page.locator(".event-card").count() > 0
    page.keyboard.press("]")
    page.wait_for_url(re.compile(r"day=(?!2025-06-11)"))
    assert page.locator("h1").inner_text() > "Events of 2025-06-11"


def test_the_event_page_sets_claimants_side_by_side_with_the_clash_highlighted(desk, contested_event) -> None:
    desk.open("/?day=2025-07-20")
    page = desk.page
    page.locator(f"#title-{contested_event['event_id']} a").click()
    page.wait_for_url(f"**/events/{contested_event['event_id']}")
    columns = page.locator("main .side-by-side > .claimant-column")
    assert columns.count() == 3
    twelve = columns.filter(has=page.locator(".figure-chip.clash", has_text=re.compile("^12 installations$")))
    two = columns.filter(has=page.locator(".figure-chip.clash", has_text=re.compile("^2 installations$")))
    assert _side_by_side(_box(twelve), _box(two))
    marked = twelve.locator("mark.figure")
    assert marked.first.inner_text() == "12基", "the figure is highlighted in the sentence as written"
    rows = page.locator("table.discrepancies tbody tr")
    installations = rows.filter(has_text="installations")
    assert "12 installations" in installations.inner_text() and "2 installations" in installations.inner_text()
    assert "denies the strike" in rows.filter(has_text="strike").first.inner_text()
    assert page.locator(".timeline li").count() == len(contested_event["claims"])
    source = twelve.locator("a", has_text="source").first.get_attribute("href")
    assert source.startswith("https://example.org/web/bryansk-depot#:~:text="), "the source link opens the sentence"


def test_a_claim_opens_highlighted_in_its_document(desk, contested_event) -> None:
    desk.open(f"/events/{contested_event['event_id']}")
    page = desk.page
    page.locator(".claimant-column", has_text="General Staff").locator(".claim-card", has_text="12 installations").locator(
        "a", has_text="in its document"
    ).click()
    page.wait_for_url(re.compile(r"/documents/.+#claim-"))
    claim_id = urlsplit(page.url).fragment.removeprefix("claim-")
    mark = page.locator(f".claim-mark[data-claims~='{claim_id}']")
    assert mark.count() == 1
    assert "燃料タンク12基を破壊した" in mark.inner_text()
    assert "t-" in mark.get_attribute("class")
    # Opened at the claim, the panel already shows it.
    panel = page.locator("#claim-panel")
    assert panel.locator(".claim-card").first.is_visible()
    assert "General Staff" in panel.inner_text()
    assert page.locator(".report-header").first.inner_text().startswith("Report 1")


def test_hovering_or_focusing_a_highlight_shows_its_claim(desk, contested_event) -> None:
    doc = "https://example.org/web/bryansk-depot"
    desk.open(f"/documents/{doc}")
    page = desk.page
    marks = page.locator(".claim-mark")
    assert marks.count() == 3
    panel = page.locator("#claim-panel")
    marks.nth(1).hover()
    assert "ブリャンスク州の知事" in panel.inner_text() and "2 installations" not in panel.inner_text()
    assert "2基" in panel.locator("mark.figure").first.inner_text()
    # The keyboard: focus moves to the highlight, and the panel follows.
    marks.nth(1).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('claim-mark')")
    assert "Ministry of Defence" in panel.inner_text() and "denied" in panel.inner_text()
    page.keyboard.press("Escape")
    assert panel.locator(".claim-card").count() == 0
    # Colours follow the claim type: a strike and an equipment-loss highlight differ.
    colours = {marks.nth(i).evaluate("e => getComputedStyle(e).borderBottomColor") for i in range(3)}
    assert len(colours) >= 2


def test_a_search_narrows_by_facets_and_the_url_holds_it(desk) -> None:
    desk.open("/search")
    page = desk.page
    page.locator("#search-text").fill("無人機")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"contains=%E7%84%A1%E4%BA%BA%E6%A9%9F"))

    def total() -> int:
        return int(page.locator(".results-count").inner_text().split()[0])

    everything = total()
    assert everything > 3
    assert page.locator(".claim-card mark.hit").first.inner_text() == "無人機"
    air_defense = page.locator(".facet", has=page.locator("h2", has_text="Type")).locator("a", has_text="Air defense")
    expected = int(air_defense.locator(".count").inner_text())
    air_defense.click()
    page.wait_for_url(re.compile(r"type=air_defense"))
    narrowed = total()
    assert narrowed == expected < everything
    badges = page.locator(".results .claim-card .type-badge").all_inner_texts()
    assert badges and set(badges) == {"Air defense"}
    mod = page.locator(".facet", has=page.locator("h2", has_text="Claimant")).locator("a", has_text="Ministry of Defence (Russia)")
    both = int(mod.locator(".count").inner_text())
    mod.click()
    page.wait_for_url(re.compile(r"claimant=ru.mod"))
    assert total() == both <= narrowed
    chips = page.locator(".active-filters li").all_inner_texts()
    assert any(c.startswith("claimant Ministry of Defence (Russia)") for c in chips), chips
    assert any(c.startswith("type Air defense") for c in chips), chips
    query = parse_qs(urlsplit(page.url).query)
    assert query["contains"] == ["無人機"] and query["type"] == ["air_defense"] and query["claimant"] == ["ru.mod"]
    shared = page.url
    # The URL is the search: opened afresh, it shows the same claims.
    shown = page.locator(".results .claim-card").evaluate_all("cards => cards.map(c => c.id)")
    page.goto("about:blank")
    page.goto(shared)
    assert page.locator(".results .claim-card").evaluate_all("cards => cards.map(c => c.id)") == shown
    # Removing a filter widens the search again.
    page.locator(".active-filters a[aria-label^='Remove the filter type']").click()
    page.wait_for_url(lambda url: "type=" not in url)
    assert total() >= both


def test_every_facet_counts_and_a_day_and_a_polarity_combine(desk) -> None:
    desk.open("/search")
    page = desk.page
    headings = page.locator(".facets .facet h2").all_inner_texts()
    assert [h.lower() for h in headings] == ["type", "claimant", "outlet", "place", "day", "polarity"]

    def facet(name: str, value: str):
        return page.locator(".facet", has=page.locator("h2", has_text=name)).locator("a", has_text=value)

    day = facet("Day", "2025-07-20")
    on_the_day = int(day.locator(".count").inner_text())
    day.click()
    page.wait_for_url(re.compile(r"since=2025-07-20&until=2025-07-20"))
    assert int(page.locator(".results-count").inner_text().split()[0]) == on_the_day
    denied = facet("Polarity", "denied")
    expected = int(denied.locator(".count").inner_text())
    denied.click()
    page.wait_for_url(re.compile(r"polarity=denied"))
    cards = page.locator(".results .claim-card")
    assert cards.count() == expected >= 1
    assert cards.locator(".badge.denied").count() == expected, "every claim shown is a denial"
    assert set(cards.locator("time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")) == {"2025-07-20"}
    assert facet("Polarity", "denied").get_attribute("aria-current") == "true", "the facet in force is marked"


def test_search_results_come_a_page_at_a_time(desk) -> None:
    desk.open("/search?limit=4")
    page = desk.page
    first = page.locator(".results .claim-card").evaluate_all("cards => cards.map(c => c.id)")
    assert len(first) == 4
    page.locator("a[rel=next]").click()
    page.wait_for_url(re.compile(r"cursor="))
    second = page.locator(".results .claim-card").evaluate_all("cards => cards.map(c => c.id)")
    assert second and not set(first) & set(second)
    page.locator("a", has_text="First page").click()
    page.wait_for_url(lambda url: "cursor=" not in url)
    assert page.locator(".results .claim-card").evaluate_all("cards => cards.map(c => c.id)") == first


def test_markup_in_a_document_shows_as_text(desk, site) -> None:
    desk.open("/documents/" + "javascript%3Aalert%283%29")
    page = desk.page
    assert page.locator("h1").inner_text() == '"><img src=x onerror=alert(4)><script>alert(5)</script>'
    text = page.locator(".document-text").inner_text()
    assert "<script>alert(1)</script>" in text and '"><img src=x onerror=alert(2)>' in text
    assert page.locator("img").count() == 0
    assert page.locator("main script").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert "javascript:alert(3)" in page.locator(".document-facts").inner_text(), "the URL is shown, not linked"
    # The payload's claims are listed and searchable, still as text.
    desk.open("/search?contains=onerror")
    assert '"><img src=x onerror=alert(2)>' in page.locator(".results").inner_text()
    assert page.locator("img").count() == 0
    assert not desk.dialogs


def test_the_chart_has_points_that_open_their_claims(desk) -> None:
    desk.open("/charts?claimant=ru.mod&type=air_defense&item=drones")
    page = desk.page
    points = page.locator("svg.chart-svg a.point")
    assert points.count() >= 3
    assert page.locator("svg.chart-svg path.line").count() == 1
    labels = points.evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
    assert any("2025-07-18: 35 drones" in label for label in labels)
    assert any("2025-07-19: 52 drones" in label for label in labels)
    heights = points.locator("circle").evaluate_all("cs => cs.map(c => Number(c.getAttribute('cy')))")
    assert len(set(heights)) > 1, "different figures stand at different heights"
    page.locator("input[name=kind][value=bar]").check()
    page.locator(".chart-form button").click()
    page.wait_for_url(re.compile(r"kind=bar"))
    assert page.locator("svg.chart-svg a.point rect").count() == points.count()
    page.locator("svg.chart-svg a.point[aria-label*='2025-07-18']").click()
    page.wait_for_url(re.compile(r"/documents/.+#claim-"))
    assert "35機" in page.locator(".claim-mark.active").inner_text()


def test_the_chart_sets_each_sides_figures_beside_the_other(desk) -> None:
    desk.open("/charts?claimant=ru.mod&type=air_defense&item=drones")
    page = desk.page
    page.locator("select[name=claimant]").nth(1).select_option(label="Ukrainian Air Force")
    page.locator(".chart-form button").click()
    page.wait_for_url(re.compile(r"claimant=ru.mod&claimant=ua.air_force"))
    assert page.locator("svg.chart-svg path.line").count() == 2
    legend = page.locator("figure.chart .legend").inner_text()
    assert "Ministry of Defence (Russia)" in legend and "Ukrainian Air Force" in legend
    labels = page.locator("svg.chart-svg a.point").evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
    assert any(label.startswith("Ukrainian Air Force: drones, 2025-06-11: 40 drones") for label in labels), labels


def test_the_map_draws_country_outlines_and_the_places(desk) -> None:
    desk.open("/map")
    page = desk.page
    assert page.locator("svg.map-svg path.country").count() >= 3
    assert page.locator("svg.map-svg path.country title", has_text="Ukraine").count() == 1
    places = page.locator("svg.map-svg a.place")
    assert places.count() >= 3
    bryansk = places.filter(has=page.locator("text", has_text="Bryansk Oblast"))
    assert bryansk.count() == 1 and "contested" in bryansk.get_attribute("class")
    circle = _box(bryansk.locator("circle"))
    svg = _box(page.locator("svg.map-svg"))
    assert svg["x"] <= circle["x"] and circle["x"] + circle["width"] <= svg["x"] + svg["width"], "the point is in view"
    bryansk.click()
    assert page.locator("li:target .place-name").inner_text() == "Bryansk Oblast"
    assert page.locator("li:target a[href^='/events/']").count() >= 1


def test_an_entity_page_shows_its_claims_over_time_and_surface_forms(desk) -> None:
    desk.open("/entities")
    page = desk.page
    page.locator("table.listing a", has_text="Ministry of Defence (Russia)").click()
    page.wait_for_url("**/entities/ru.mod")
    forms = page.locator(".surface-forms li").all_inner_texts()
    assert "ロシア国防省" in forms
    assert page.locator("svg.chart-svg a.point rect").count() >= 3, "one bar a day with claims"
    days = page.locator(".claim-card time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert days == sorted(days, reverse=True), "newest first"


def test_a_place_page_lists_every_spelling_it_was_written_in(desk) -> None:
    desk.open("/entities")
    page = desk.page
    page.locator("#entity-q").fill("キエフ")  # the older spelling finds the place too
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=%E3%82%AD%E3%82%A8%E3%83%95"))
    page.locator("table.listing a", has_text="Kyiv").click()
    page.wait_for_url("**/entities/ua.kyiv")
    assert page.locator("h1").inner_text() == "Kyiv"
    forms = page.locator(".surface-forms li").all_inner_texts()
    assert "キーウ" in forms and "キエフ" in forms
    cards = page.locator(".claim-card")
    assert cards.count() == 2
    claimants = set(cards.locator(".claimant").all_inner_texts())
    assert claimants == {"Ukrainian Air Force", "Ministry of Defence (Russia)"}
    assert cards.locator("a", has_text="source").count() == 2, "each claim links to the post it came from"
    assert page.locator("svg.chart-svg a.point rect").count() >= 1


def test_a_claim_from_a_file_with_a_url_links_to_its_source(desk) -> None:
    """A Markdown post's claims name the file, the store keys it by path, its URL is in its front matter."""
    desk.open("/search?contains=" + "弾道ミサイル")
    page = desk.page
    card = page.locator(".results .claim-card", has_text="キーウに向けて")
    assert card.count() == 1
    source = card.locator("a", has_text="source").get_attribute("href")
    assert source.startswith("https://example.org/web/kyiv-strikes#:~:text="), source
    card.locator("a", has_text="in its document").click()
    page.wait_for_url(re.compile(r"/documents/.+kyiv-strikes\.md#claim-"))
    assert "4発" in page.locator(".claim-mark.active").inner_text()
    assert page.locator(".document-facts a[href='https://example.org/web/kyiv-strikes']").count() == 1


def test_japanese_is_set_in_a_japanese_font(desk, browser) -> None:
    desk.open("/documents/https://example.org/web/bryansk-depot")
    page = desk.page
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": ".claim-mark"})["nodeId"]
    fonts = {f["familyName"] for f in session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
    assert any("CJK JP" in name or name.endswith(" JP") for name in fonts), fonts
    assert page.locator(".claim-mark").first.evaluate("e => getComputedStyle(e).lineBreak") == "strict"


@pytest.mark.parametrize("path", PAGES + WIDE_PAGES)
def test_every_page_fits_a_phone(phone, path) -> None:
    phone.open(path)
    page = phone.page
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
    assert page.locator(".site-nav a", has_text="Claims").is_visible()


def test_an_event_on_a_phone_stacks_its_claimants(phone, contested_event) -> None:
    phone.open(f"/events/{contested_event['event_id']}")
    page = phone.page
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    columns = page.locator("main .side-by-side > .claimant-column")
    boxes = [_box(columns.nth(i)) for i in range(columns.count())]
    assert len(boxes) == 3
    assert len({round(b["x"]) for b in boxes}) == 1, "one column under another"
    assert all(upper["y"] + upper["height"] <= lower["y"] for upper, lower in pairwise(boxes))
    assert page.locator("table.discrepancies").is_visible()


def test_a_document_on_a_phone_lists_its_claims_under_the_text(phone) -> None:
    phone.open("/documents/https://example.org/web/bryansk-depot")
    page = phone.page
    assert not page.locator("#claim-panel").is_visible()
    page.locator(".claim-mark").first.tap()
    page.wait_for_url(re.compile(r"#card-"))
    assert page.locator(".claim-card:target").is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_the_keyboard_reaches_the_content(desk, path) -> None:
    desk.open(path)
    page = desk.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.type") == "search"


def test_the_theme_follows_the_system(desk, dark) -> None:
    def luminance(watched) -> float:
        watched.open("/")
        rgb = watched.page.evaluate("getComputedStyle(document.body).backgroundColor")
        r, g, b = (int(v) for v in re.findall(r"\d+", rgb)[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    assert luminance(desk) > 0.8
    assert luminance(dark) < 0.2


def test_type_colours_cover_every_claim_type(desk) -> None:
    desk.open("/")
    colours = desk.page.evaluate(
        """types => types.map(t => { const e = document.createElement('span'); e.className = 'type-badge t-' + t;
             document.body.append(e); const c = getComputedStyle(e).borderTopColor; e.remove(); return c; })""",
        list(CLAIM_TYPES),
    )
    assert len(set(colours)) == len(CLAIM_TYPES)


def test_a_policy_violation_is_caught(desk) -> None:
    """The watch that fails every test on a CSP violation does see one: inline handlers and off-site images are refused."""
    desk.open("/")
    page = desk.page
    refused = page.evaluate(
        "() => { try { document.body.setAttribute('onclick', 'window.__ran = 1'); return false; } catch (e) { return true; } }"
    )
    assert refused, "Trusted Types refuse a handler given as a string"
    page.evaluate("() => { const i = document.createElement('img'); i.src = 'http://198.51.100.7/p.png'; document.body.append(i); }")
    page.wait_for_function("window.__hodoViolations.some(v => v.startsWith('img-src'))")
    assert any(v.startswith("require-trusted-types-for") for v in desk.violations())
    assert not desk.offsite, "the policy stops the request before it is made"
    page.evaluate("window.__hodoViolations = []")
    desk.console.clear()
    desk.failed.clear()  # the refused image counts as a failed request too


def test_the_policy_header_stops_an_inline_script(desk) -> None:
    """The server's own page and headers, with a script slipped into the markup: the browser refuses to run it."""
    page = desk.page

    def slip_in_a_script(route) -> None:
        response = route.fetch()
        body = response.text().replace("</main>", "<script>document.title = 'ran'</script></main>", 1)
        route.fulfill(response=response, body=body)

    page.route(desk.base + "/search", slip_in_a_script)
    desk.open("/search")
    assert page.locator("main script").count() == 1, "the script is in the page"
    page.wait_for_function("window.__hodoViolations.some(v => v.startsWith('script-src'))")
    assert page.title() != "ran"
    assert page.title() == "Claims · hodo"
    page.evaluate("window.__hodoViolations = []")
    desk.console.clear()  # the refusal is reported as a console error too
