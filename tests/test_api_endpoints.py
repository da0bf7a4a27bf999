"""The JSON API against a real `veille serve` on loopback over a real SQLite file (no mocks).

Known facts come from tests/api_support.py: four hand-made incidents (2025-2026) written
through the store's API, after 150 synthetic ones (2015-2024)."""

from __future__ import annotations

import sqlite3

import httpx
import pytest

from api_support import SYNTHETIC_INCIDENTS


@pytest.fixture(scope="module")
def client(api_server: str):
    with httpx.Client(base_url=api_server, timeout=10.0) as c:
        yield c


@pytest.fixture(scope="module")
def known(api_db):
    return api_db[1]


@pytest.fixture(scope="module")
def db_path(api_db):
    return api_db[0]


def items(resp: httpx.Response) -> list[dict]:
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]


def test_health_says_ok_readonly_and_names_the_database(client, db_path):
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["readonly"] is True
    assert body["database"] == str(db_path)
    assert isinstance(body["web_assets"], bool)


def test_incidents_total_and_newest_first(client, known):
    body = client.get("/api/incidents", params={"limit": 5}).json()
    assert body["total"] == SYNTHETIC_INCIDENTS + len(known)
    assert (body["limit"], body["offset"]) == (5, 0)
    dates = [r["date"] for r in body["items"]]
    assert dates == sorted(dates, reverse=True)
    assert body["items"][0]["id"] == known["kramatorsk"].id


def test_pagination_walks_every_row_once(client, known):
    seen: list[int] = []
    offset = 0
    while True:
        body = client.get("/api/incidents", params={"limit": 40, "offset": offset}).json()
        seen += [r["id"] for r in body["items"]]
        offset += 40
        if offset >= body["total"]:
            break
    assert len(seen) == len(set(seen)) == SYNTHETIC_INCIDENTS + len(known)


def test_date_and_country_filters_match_sql(client, db_path):
    params = {"since": "2017-01-01", "until": "2019-12-31", "country": "SY", "limit": 1000}
    got = items(client.get("/api/incidents", params=params))
    with sqlite3.connect(db_path) as conn:
        want = {r[0] for r in conn.execute(
            "SELECT id FROM incidents WHERE date BETWEEN '2017-01-01' AND '2019-12-31' "
            "AND country_code = 'SY'")}  # fmt: skip
    assert want, "the synthetic data should have Syrian incidents in 2017-2019"
    assert {r["id"] for r in got} == want
    assert all(r["country_code"] == "SY" and "2017" <= r["date"][:4] <= "2019" for r in got)


def test_country_by_name_equals_country_by_code(client):
    by_code = client.get("/api/incidents", params={"country": "ua", "limit": 1000}).json()
    by_name = client.get("/api/incidents", params={"country": "Ukraine", "limit": 1000}).json()
    assert by_code["total"] == by_name["total"] > 0
    assert [r["id"] for r in by_code["items"]] == [r["id"] for r in by_name["items"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"since": "2025-01-01"}, {"ariha", "baqouba", "boulkessi", "kramatorsk"}),
        ({"since": "2025-01-01", "admin1": "idlib"}, {"ariha"}),
        ({"since": "2025-01-01", "type": "Battles"}, {"boulkessi"}),
        ({"since": "2025-01-01", "type": "suicide bomb"}, {"baqouba"}),
        ({"since": "2025-01-01", "actor": "Russia"}, {"kramatorsk"}),
        ({"since": "2025-01-01", "actor": "military forces of mali"}, {"boulkessi"}),
        ({"since": "2025-01-01", "min_fatalities": 12}, {"baqouba", "boulkessi"}),
        ({"since": "2025-01-01", "bbox": "30,30,50,40"}, {"ariha", "baqouba"}),
        ({"since": "2025-01-01", "until": "2025-06-30"}, {"ariha", "baqouba"}),
        ({"q": "kamikaze"}, {"baqouba"}),
        ({"q": "Boulkessi embuscade"}, {"boulkessi"}),
    ],
)
def test_each_filter_selects_the_known_incidents(client, known, params, expected):
    got = {r["id"] for r in items(client.get("/api/incidents", params={**params, "limit": 1000}))}
    assert got == {known[k].id for k in expected}


def test_incident_detail_has_events_articles_evidence_claimants_and_per_source(client, known):
    inc = known["ariha"]
    body = client.get(f"/api/incidents/{inc.id}").json()
    assert body["id"] == inc.id
    assert body["fatalities_best"] == 8 and body["fatalities_max"] == 11
    assert body["disputed_figures"] is True and body["grade"] == "fair"
    assert body["claimants"] == ["Défense civile", "OSDH"]
    assert {e["id"] for e in body["events"]} == set(inc.event_ids)
    assert {a["doc_id"] for a in body["articles"]} == {r.doc_id for r in inc.reports}
    per_source = {p["source"]: p["fatalities"] for p in body["per_source"]}
    assert per_source == {"Agence test A": 8, "Journal test B": 11}
    evidences = {e["evidence"] for e in body["events"]}
    assert evidences == {r.evidence for r in inc.reports}
    ev = body["events"][0]
    article = client.get(f"/api/articles/{ev['article_id']}").json()
    assert article["text"][ev["evidence_start"] : ev["evidence_end"]] == ev["evidence"]


def test_contested_incident_is_marked(client, known):
    body = client.get(f"/api/incidents/{known['boulkessi'].id}").json()
    assert body["grade"] == "contested" and body["disputed_attribution"] is True
    assert {p["actor1"] for p in body["per_source"]} == {"JNIM", "Unidentified"}


def test_articles_list_and_detail_by_id_and_doc_id(client, known):
    body = client.get("/api/articles", params={"limit": 100}).json()
    doc_ids = {a["doc_id"] for a in body["items"]}
    assert body["total"] == len(body["items"]) == 20 + 6
    assert {r.doc_id for inc in known.values() for r in inc.reports} <= doc_ids
    assert all("text" not in a for a in body["items"])
    by_doc = client.get("/api/articles/test-baqouba-1").json()
    by_id = client.get(f"/api/articles/{by_doc['id']}").json()
    assert by_doc == by_id
    assert "kamikaze" in by_doc["text"]
    assert by_doc["events"][0]["fatalities"] == 12


def test_search_finds_article_with_snippet(client):
    body = client.get("/api/search", params={"q": "kamikaze"}).json()
    assert body["query"] == "kamikaze"
    assert [h["doc_id"] for h in body["items"]] == ["test-baqouba-1"]
    assert "[kamikaze]" in body["items"][0]["snippet"].lower()


def test_timeline_counts_and_fatalities_per_type(client):
    body = client.get(
        "/api/stats/timeline", params={"since": "2025-01-01", "bucket": "month"}
    ).json()
    assert body["bucket"] == "month"
    rows = {(r["period"], r["event_type"]): (r["incidents"], r["fatalities"]) for r in body["rows"]}
    assert rows == {
        ("2025-03", "Explosions/Remote violence"): (1, 8),
        ("2025-05", "Explosions/Remote violence"): (1, 12),
        ("2025-11", "Battles"): (1, 17),
        ("2026-02", "Explosions/Remote violence"): (1, 4),
    }


def test_timeline_week_totals_match_the_list(client):
    params = {"country": "SY", "until": "2024-12-31"}
    tl = client.get("/api/stats/timeline", params={**params, "bucket": "week"}).json()
    total = client.get("/api/incidents", params={**params, "limit": 1}).json()["total"]
    assert sum(r["incidents"] for r in tl["rows"]) == total > 0
    assert all("-W" in r["period"] for r in tl["rows"])


def test_stats_counts(client, known):
    body = client.get("/api/stats").json()
    assert body["incidents"] == SYNTHETIC_INCIDENTS + len(known)
    assert body["grades"]["contested"] >= 1


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/incidents", "/api/incidents/{incident_id}", "/api/articles",
        "/api/articles/{article_id}", "/api/search", "/api/stats/timeline", "/api/health",
    } <= paths  # fmt: skip
    params = {p["name"] for p in spec["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"since", "until", "country", "admin1", "type", "actor", "min_fatalities", "bbox", "q",
            "limit", "offset"} <= params  # fmt: skip
    assert "ErrorBody" in spec["components"]["schemas"]


def test_docs_page_loads_nothing_from_outside(client):
    html = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "https://" not in html.replace("https://example.invalid", "")


def test_answers_match_their_documented_models(client, known):
    from veille.api import schemas

    page = client.get("/api/incidents", params={"limit": 200}).json()
    schemas.IncidentPage.model_validate(page)
    for inc in known.values():
        detail = schemas.IncidentDetail.model_validate(
            client.get(f"/api/incidents/{inc.id}").json()
        )
        assert detail.events and detail.per_source and detail.articles
    schemas.ArticlePage.model_validate(client.get("/api/articles").json())
    schemas.ArticleDetail.model_validate(client.get("/api/articles/test-ariha-1").json())
    schemas.SearchResult.model_validate(client.get("/api/search", params={"q": "Ariha"}).json())
    schemas.Timeline.model_validate(client.get("/api/stats/timeline").json())
    schemas.Health.model_validate(client.get("/api/health").json())


@pytest.mark.parametrize("params", [
    {}, {"country": "SY"}, {"type": "Battles", "min_fatalities": 1},
    {"bbox": "30,30,40,40"}, {"bbox": "0,0,1,1"}, {"q": "Ariha"}, {"limit": 7},
])  # fmt: skip
def test_map_answer_is_the_list_narrowed(client, params):
    """/api/incidents/map: the incidents /api/incidents lists for the same filters, in the same
    order, with only the fields a marker shows, and whether more match."""
    from veille.api import schemas

    limit = params.get("limit", 1000)
    narrow = client.get("/api/incidents/map", params=params)
    assert narrow.status_code == 200, narrow.text
    body = schemas.MapPage.model_validate(narrow.json())
    full = client.get("/api/incidents", params={"limit": limit, **params}).json()
    assert body.limit == limit and body.more == (full["total"] > limit)
    rows = [dict(zip(body.fields, values, strict=True)) for values in body.items]
    assert [r["id"] for r in rows] == [r["id"] for r in full["items"]]
    for mine, theirs in zip(rows, full["items"], strict=True):
        assert {k: v for k, v in mine.items()} == {k: theirs[k] for k in body.fields} | {
            "disputed_figures": int(theirs["disputed_figures"]),
            "disputed_attribution": int(theirs["disputed_attribution"]),
        }
    assert {"lat", "lon", "fatalities_best", "event_type", "grade"} <= set(body.fields)
    assert "claimants" not in body.fields  # narrow: what the map reads, nothing more


def test_map_refuses_bad_filters_as_the_list_does(client):
    assert client.get("/api/incidents/map", params={"since": "2020-02-30"}).status_code == 422
    assert client.get("/api/incidents/map", params={"limit": 1001}).status_code == 422
