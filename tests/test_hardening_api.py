"""Issue 12 against the real server: hostile parameters are 422s in the one error shape, HEAD is
answered, every answer carries security headers, and the page never links a javascript: URL."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from test_api_errors import check_shape
from veille.api.web import STATIC_DIR


@pytest.fixture(scope="module")
def client(api_server: str):
    with httpx.Client(base_url=api_server, timeout=10.0) as c:
        yield c


# --- 6. NUL and huge figures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "param"),
    [("/api/incidents", "q"), ("/api/incidents", "actor"), ("/api/incidents", "admin1"),
     ("/api/stats/timeline", "q"), ("/api/search", "q")],
)  # fmt: skip
def test_nul_in_a_text_parameter_is_422_naming_it(client, api_db, path: str, param: str) -> None:
    err = check_shape(client.get(path, params={param: "frappe\x00x"}), 422, "invalid_parameter")
    assert err["details"] == [{"param": param, "message": "must not contain a NUL character"}]
    assert str(api_db[0]) not in json.dumps(err) and Path(api_db[0]).name not in err["message"]


@pytest.mark.parametrize("value", ["99999999999999999999", str(2**63), "1000000001"])
def test_huge_min_fatalities_is_422(client, value: str) -> None:
    err = check_shape(
        client.get("/api/incidents", params={"min_fatalities": value}), 422, "invalid_parameter"
    )
    assert err["details"][0]["param"] == "min_fatalities"
    ok = client.get("/api/incidents", params={"min_fatalities": "1000000000"})
    assert ok.status_code == 200 and ok.json()["total"] == 0


# --- 7. country names in French --------------------------------------------------------------------


def test_french_country_name_matches_like_the_code(client) -> None:
    def total(country: str) -> int:
        resp = client.get("/api/incidents", params={"country": country, "limit": 1})
        assert resp.status_code == 200, resp.text
        return resp.json()["total"]

    syria = total("SY")
    assert syria > 0
    assert total("Syrie") == total("syrie") == total("Syria") == syria
    assert total("Ukraine") == total("UA") > 0


# --- 10. HEAD, headers, links ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/health", "/api/incidents?limit=1", "/static/app.css"])
def test_head_is_answered_like_get_without_body(client, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


@pytest.mark.parametrize("path", ["/", "/api/incidents", "/api/nope", "/static/js/main.js"])
def test_security_headers_on_every_answer(client, path: str) -> None:
    resp = client.get(path)
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["x-frame-options"] == "DENY"
    csp = resp.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp


def test_page_loads_only_what_its_csp_allows(client) -> None:
    # the page may only load same-origin scripts: no inline <script> body, no outside URL
    html = client.get("/").text
    assert "<script>" not in html.replace(" ", "")
    for src in __import__("re").findall(r'<script[^>]*src="([^"]+)"', html):
        assert src.startswith("/static/"), src
    # Swagger UI starts itself with an inline script: its page allows that, and only that page
    docs = client.get("/api/docs")
    assert "script-src 'self' 'unsafe-inline'" in docs.headers["content-security-policy"]


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is absent")
def test_only_http_urls_become_links(tmp_path: Path) -> None:
    util = tmp_path / "util.mjs"
    util.write_text((STATIC_DIR / "js" / "util.js").read_text("utf-8"), "utf-8")
    script = (
        f"import {{ safeUrl }} from {json.dumps(util.as_uri())};\n"
        "const urls = ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x',"
        " 'https://example.invalid/a?b=1', 'http://example.invalid/', 'not a url', null];\n"
        "console.log(JSON.stringify(urls.map(safeUrl)));\n"
    )
    out = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True,
                         text=True, timeout=30, check=True).stdout  # fmt: skip
    assert json.loads(out) == [None, None, None, "https://example.invalid/a?b=1",
                               "http://example.invalid/", None, None]  # fmt: skip
    panel = (STATIC_DIR / "js" / "panel.js").read_text("utf-8")
    assert 'href="${esc(e.url)}"' not in panel and "safeUrl(e.url)" in panel
