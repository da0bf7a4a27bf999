"""The web page: offline by construction, and end to end in headless Chromium.

The browser test drives Debian's /usr/bin/chromium through Playwright against `veille serve` on
127.0.0.1: it loads the page, sees the markers, applies a filter, opens an incident and keeps a
screenshot in artifacts/. Any request that leaves loopback is refused and fails the test.
"""

from __future__ import annotations

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
    page = browser.new_page(viewport={"width": 1400, "height": 1000})

    def guard(route):
        if route.request.url.startswith(api_server) or route.request.url.startswith("data:"):
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
    markers = page.locator("path.incident-marker")
    total = httpx.get(f"{api_server}/api/incidents", params={"limit": 1}).json()["total"]
    assert markers.count() == total  # every incident has coordinates in this database
    assert page.locator("#incidents tbody tr[data-id]").count() == 50
    assert page.locator("#timeline-chart").bounding_box()["height"] > 100
    assert page.locator("#f-country option").count() > 20  # countries from the basemap
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
