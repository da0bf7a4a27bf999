"""The web page: offline by construction, and end to end in headless Chromium.

The browser test drives Debian's /usr/bin/chromium through Playwright against `veille serve` on
127.0.0.1: it loads the page, sees the markers, applies a filter, opens an incident and keeps a
screenshot in artifacts/. Any request that leaves loopback is refused and fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import httpx
import pytest

from veille.api.web import STATIC_DIR, VENDOR_FILES

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
EXTERNAL_URL = re.compile(
    r"""(?:https?:)?//(?!127\.0\.0\.1|localhost|example\.invalid)[\w.-]+\.[a-z]{2,}"""
)


def page_sources() -> list[Path]:
    return [
        STATIC_DIR / "index.html",
        STATIC_DIR / "app.css",
        *sorted((STATIC_DIR / "js").glob("*.js")),
    ]


def test_page_code_references_no_outside_url():
    for path in page_sources():
        found = EXTERNAL_URL.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} refers to {found}"


def test_basemap_is_small_and_covers_our_countries():
    path = STATIC_DIR / "basemap.topo.json"
    assert path.stat().st_size < 3 * 1024 * 1024
    topo = json.loads(path.read_text(encoding="utf-8"))
    assert topo["type"] == "Topology" and {"countries", "admin1"} <= set(topo["objects"])
    covered = {g["properties"]["cc"] for g in topo["objects"]["countries"]["geometries"]
               if g["properties"].get("covered")}  # fmt: skip
    assert {"SY", "IQ", "UA", "ML", "SO", "MM", "MZ"} <= covered
    regions = {g["properties"]["cc"] for g in topo["objects"]["admin1"]["geometries"]}
    assert covered <= regions


def test_index_page_is_served_with_its_assets(api_server):
    with httpx.Client(base_url=api_server, timeout=10.0) as c:
        html = c.get("/")
        assert html.status_code == 200 and "text/html" in html.headers["content-type"]
        for ref in re.findall(r'(?:src|href)="(/static/[^"]+)"', html.text):
            if "/vendor/" in ref and not (STATIC_DIR / "vendor").is_dir():
                continue
            assert c.get(ref).status_code == 200, ref
        assert c.get("/static/basemap.topo.json").status_code == 200


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (apt-get install chromium); browser test skipped")
    missing = [f for f in VENDOR_FILES if not (STATIC_DIR / f).is_file()]
    if missing:
        pytest.fail(
            f"vendored front-end files missing ({', '.join(missing)}): run "
            "`npm ci --prefix web && node web/vendor.mjs` first"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def on_map(page) -> int:
    """Incidents on the map: single markers plus the counts of the clusters."""
    return page.evaluate(
        "() => document.querySelectorAll('path.incident-marker').length + "
        "[...document.querySelectorAll('.incident-cluster span')]"
        ".reduce((n, s) => n + Number(s.textContent), 0)"
    )


def settled_on_map(page, expected: int, timeout: float = 10.0) -> int:
    """The map's count once it reaches ``expected``, or the last count after ``timeout``: the
    clusters may still be drawing when the page says it is ready, and a count taken then has seen
    markers and the clusters they are merging into (252 for 154 incidents, once in CI)."""
    deadline = time.monotonic() + timeout
    count = on_map(page)
    while count != expected and time.monotonic() < deadline:
        time.sleep(0.1)
        count = on_map(page)
    return count


def wait_for(page, expression: str, timeout: float = 15.0) -> None:
    """Poll a JavaScript expression until it is true. Playwright's ``wait_for_function`` compiles
    its predicate with ``eval`` inside the page, which the page's Content-Security-Policy rightly
    forbids; ``evaluate`` runs through the DevTools protocol and is not subject to it."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {expression}")
        time.sleep(0.05)


@pytest.mark.browser
def test_page_end_to_end(browser, api_server, api_db):
    known = api_db[1]
    outside: list[str] = []
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="fr-FR")

    asked: list[str] = []

    def guard(route):
        if route.request.url.startswith(api_server) or route.request.url.startswith("data:"):
            asked.append(route.request.url)
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    ready = "body[data-state=ready]"

    page.goto(f"{api_server}/")
    page.wait_for_selector(ready, timeout=15_000)
    total = httpx.get(f"{api_server}/api/incidents", params={"limit": 1}).json()["total"]
    assert settled_on_map(page, total) == total  # every incident has coordinates; overlapping ones cluster
    # the map's markers come from the narrow map answer, the table's page from the list
    assert any("/api/incidents/map?" in u and "limit=1000" in u for u in asked)
    assert not any("/api/incidents?" in u and "limit=1000" in u for u in asked)
    assert page.locator("#incidents tbody tr[data-id]").count() == 50
    assert page.locator("#timeline-chart").bounding_box()["height"] > 100
    present = httpx.get(f"{api_server}/api/countries").json()
    assert page.locator("#f-country option").count() == len(present) + 1  # countries present
    assert "Irak" in page.locator("#f-country").inner_text()  # named in the interface's language
    first_row = page.locator("#incidents tbody tr[data-id]").first.get_attribute("data-id")
    page.click("#next")
    wait_for(page,
        f"document.querySelector('#incidents tbody tr[data-id]').dataset.id !== '{first_row}'"
    )
    assert page.inner_text("#page-info") == f"51–100 sur {total}"
    page.click("#prev")
    wait_for(page, "document.querySelector('#page-info').textContent.startsWith('1–50')")

    # Filter: 2025 onwards leaves the four known incidents; then only battles.
    page.fill("#f-since", "2025-01-01")
    page.click("#apply")
    wait_for(page, "document.querySelectorAll('path.incident-marker').length === 4")
    page.wait_for_selector(ready)
    assert page.locator("#incidents tbody tr[data-id]").count() == 4
    assert "since=2025-01-01" in page.url
    page.select_option("#f-type", "Battles")
    page.click("#apply")
    wait_for(page, "document.querySelectorAll('path.incident-marker').length === 1")
    page.wait_for_selector(ready)
    contested = known["boulkessi"]
    marker = page.locator(f"path.incident-{contested.id}")
    assert "contested" in (marker.get_attribute("class") or "")
    assert marker.get_attribute("stroke-dasharray")  # contested markers are dashed

    # Back to all 2025 incidents, open the one with two sources and disputed figures.
    page.select_option("#f-type", "")
    page.click("#apply")
    wait_for(page, "document.querySelectorAll('path.incident-marker').length === 4")
    ariha = known["ariha"]
    page.locator(f"path.incident-{ariha.id}").click()
    page.wait_for_selector(f"#panel[data-loaded='{ariha.id}']")
    panel = page.locator("#panel")
    assert panel.is_visible()
    assert "Air/drone strike" in panel.locator("#panel-title").inner_text()
    rows = panel.locator("table.per-source tbody tr")
    assert rows.count() == 2
    assert panel.locator("table.per-source tr.differs").count() == 1  # 11 vs the best figure 8
    assert panel.locator(".badge.disputed").count() == 1
    wait_for(page,
        "document.querySelectorAll('#evidence-list mark').length === 2 && "
        "document.querySelector('#evidence-list').textContent.includes('Le bilan pourrait')"
    )
    marks = panel.locator("#evidence-list mark").all_inner_texts()
    assert any(m.startswith("Au moins huit civils") for m in marks)
    assert panel.locator("#panel-women").inner_text() == "2–3"  # women killed, min–max over the reports
    assert "Ariha" in panel.locator("#panel-admin2").inner_text()
    assert any(m.startswith("Onze personnes") for m in marks)

    # The table row of the open incident is selected too.
    assert page.locator(f"#incidents tbody tr.selected[data-id='{ariha.id}']").count() == 1

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web_e2e.png"), full_page=True)
    assert outside == [], f"the page tried to reach {outside}"
    assert errors == [], f"errors in the page: {errors}"
    page.close()


@pytest.mark.browser
def test_page_shows_api_error_for_bad_filter(browser, api_server):
    page = browser.new_page()
    page.goto(f"{api_server}/#since=2025-01-01&until=2024-01-01")
    page.wait_for_selector("body[data-state=error]", timeout=15_000)
    text = page.locator("#filter-error").inner_text()
    assert "until" in text and "before" in text
    page.close()


# --- issue 12: what the analyst missed ------------------------------------------------------


def open_page(browser, api_server, locale="fr-FR", hash_="", viewport=None):
    """A new page on the server, guarded against any request leaving loopback; waits until
    the page is ready. Returns (page, errors, outside)."""
    page = browser.new_page(viewport=viewport or {"width": 1400, "height": 1000}, locale=locale,
                            accept_downloads=True)  # fmt: skip
    errors: list[str] = []
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(api_server) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{api_server}/{hash_}")
    page.wait_for_selector("body[data-state=ready]", timeout=15_000)
    return page, errors, outside


def api_ids(api_server: str, params: dict[str, str]) -> list[int]:
    ids: list[int] = []
    while True:
        page = httpx.get(f"{api_server}/api/incidents",
                         params={**params, "limit": 100, "offset": len(ids)}).json()  # fmt: skip
        ids += [r["id"] for r in page["items"]]
        if len(ids) >= page["total"]:
            return ids


def download(page, selector: str) -> str:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_text(encoding="utf-8")


@pytest.mark.browser
def test_downloads_are_exactly_the_filtered_view(browser, api_server):
    page, errors, outside = open_page(browser, api_server)
    page.fill("#f-since", "2016-01-01")
    page.select_option("#f-country", "IQ")
    page.fill("#f-min", "1")
    page.click("#apply")
    wait_for(page, "location.hash.includes('country=IQ') && document.body.dataset.state === 'ready'")
    expected = api_ids(api_server, {"since": "2016-01-01", "country": "IQ", "min_fatalities": "1"})
    assert 0 < len(expected) < 150

    rows = list(csv.DictReader(io.StringIO(download(page, "#dl-csv"))))
    assert [int(r["id"]) for r in rows] == expected
    assert all(r["summary"] for r in rows)
    fc = json.loads(download(page, "#dl-geojson"))
    assert [f["properties"]["id"] for f in fc["features"]] == expected
    acled = list(csv.DictReader(io.StringIO(download(page, "#dl-acled"))))
    assert sorted(int(r["veille_incident_id"]) for r in acled) == sorted(expected)
    assert {r["iso3"] for r in acled} == {"IRQ"} and all(r["notes"] for r in acled)
    assert outside == [] and errors == []
    page.close()


def timeline_x(page, index: int) -> tuple[float, float]:
    """Page coordinates of the timeline's bar ``index`` (Chart.js's own scale)."""
    return page.evaluate(
        """(i) => {
          const canvas = document.querySelector('#timeline-chart');
          const chart = Chart.getChart(canvas);
          const box = canvas.getBoundingClientRect();
          const area = chart.chartArea;
          return [box.left + chart.scales.x.getPixelForValue(i), box.top + (area.top + area.bottom) / 2];
        }""",
        index,
    )


@pytest.mark.browser
def test_timeline_brush_and_click_filter_map_and_table(browser, api_server, api_db):
    known = api_db[1]
    page, errors, _ = open_page(browser, api_server, hash_="#since=2025-01-01")
    page.select_option("#bucket", "month")
    wait_for(page, "document.body.dataset.state === 'ready' && "
                   "Chart.getChart(document.querySelector('#timeline-chart')).data.labels[0] === '2025-03'")
    # Drag from March to May 2025: Ariha (12 March) and Baqouba (7 May).
    x0, y = timeline_x(page, 0)
    x2, _ = timeline_x(page, 2)
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move((x0 + x2) / 2, y, steps=3)
    page.mouse.move(x2, y, steps=3)
    page.mouse.up()
    wait_for(page, "document.querySelector('#f-until').value === '2025-05-31' && "
                   "document.body.dataset.state === 'ready'")
    assert page.input_value("#f-since") == "2025-03-01"
    rows = {int(i) for i in page.locator("#incidents tbody tr[data-id]").evaluate_all("rs => rs.map(r => r.dataset.id)")}
    assert rows == {known["ariha"].id, known["baqouba"].id}
    assert settled_on_map(page, 2) == 2
    assert "since=2025-03-01" in page.url and "until=2025-05-31" in page.url
    # A click on one bar (May) narrows to that month.
    wait_for(page, "Chart.getChart(document.querySelector('#timeline-chart')).data.labels.length === 3")
    x, y = timeline_x(page, 2)
    page.mouse.click(x, y)
    wait_for(page, "document.querySelector('#f-since').value === '2025-05-01' && "
                   "document.body.dataset.state === 'ready'")
    assert page.locator("#incidents tbody tr[data-id]").count() == 1
    assert settled_on_map(page, 1) == 1
    page.click("#clear-period")
    wait_for(page, "document.querySelector('#f-since').value === '' && document.body.dataset.state === 'ready'")
    assert errors == []
    page.close()


@pytest.mark.browser
def test_language_switch_and_panel_details(browser, api_server, api_db):
    known = api_db[1]
    page, errors, _ = open_page(browser, api_server, locale="en-US")  # the browser's language
    total = httpx.get(f"{api_server}/api/incidents", params={"limit": 1}).json()["total"]
    assert page.inner_text("#page-info") == f"1–50 of {total}"
    assert page.inner_text(".filters-box summary").strip().lower() == "filters"
    assert "Iraq" in page.locator("#f-country").inner_text()
    weak = page.locator("#legend-grades .badge.weak")
    assert "single independent source" in weak.get_attribute("title")
    assert "town or village" in page.locator("#legend-precision").inner_text()

    page.click("#lang-switch")
    wait_for(page, "document.documentElement.lang === 'fr'")
    assert page.inner_text("#page-info") == f"1–50 sur {total}"
    assert page.inner_text(".filters-box summary").strip().lower() == "filtres"
    assert "Irak" in page.locator("#f-country").inner_text()
    assert page.locator("th", has_text="Blessés").count() == 1
    page.reload()  # the choice is kept
    page.wait_for_selector("body[data-state=ready]")
    assert page.evaluate("() => document.documentElement.lang") == "fr"

    # The incident panel: English summary, injured, sources with outlet, date and link.
    baq = known["baqouba"]
    page.goto(f"{api_server}/#since=2025-01-01&incident={baq.id}")
    page.reload()
    page.wait_for_selector(f"#panel[data-loaded='{baq.id}']")
    summary = page.inner_text("#panel-summary")
    assert summary.startswith("On 7 May 2025, a suicide bomber of Islamic State struck in Baqouba")
    assert "30 injured" in summary
    assert page.inner_text("#panel-injured") == "30"
    assert page.locator(f"#incidents tbody tr[data-id='{baq.id}'] td.injured").inner_text() == "30"
    sources = page.locator("#sources-list li")
    assert sources.count() == 1
    assert "Agence test A" in sources.inner_text() and "2025-05-08" in sources.inner_text()
    assert sources.locator("a").get_attribute("href") == "https://example.invalid/test-baqouba-1"
    assert errors == []
    page.close()


@pytest.mark.browser
def test_phone_layout_does_not_overflow(browser, api_server, api_db):
    page, errors, _ = open_page(browser, api_server, locale="en-US", viewport={"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.locator("#map").bounding_box()["width"] <= 390
    page.locator("#incidents tbody tr[data-id]").first.click()
    page.wait_for_selector("#panel[data-loaded]")
    assert page.locator("#panel").bounding_box()["width"] <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web_phone.png"))
    assert errors == []
    page.close()
