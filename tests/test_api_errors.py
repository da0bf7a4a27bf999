"""Every error of the API has one JSON shape; this file locks it.

{"error": {"status": int, "code": str, "message": str, "details": [{"param", "message"}]}}
"""

from __future__ import annotations

import httpx
import pytest

ERROR_KEYS = {"status", "code", "message", "details"}


@pytest.fixture(scope="module")
def client(api_server: str):
    with httpx.Client(base_url=api_server, timeout=10.0) as c:
        yield c


def check_shape(resp: httpx.Response, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == ERROR_KEYS
    assert err["status"] == status
    assert err["code"] == code
    assert isinstance(err["message"], str) and err["message"]
    assert isinstance(err["details"], list)
    for d in err["details"]:
        assert set(d) == {"param", "message"}
    return err


@pytest.mark.parametrize(
    ("path", "params", "param", "words"),
    [
        ("/api/incidents", {"since": "2024-13-01"}, "since", "not a calendar day"),
        ("/api/incidents", {"until": "12/03/2024"}, "until", "YYYY-MM-DD"),
        ("/api/incidents", {"since": "2025-02-01", "until": "2025-01-01"}, "until", "before"),
        ("/api/incidents", {"bbox": "1,2,3"}, "bbox", "four numbers"),
        ("/api/incidents", {"bbox": "10,0,5,5"}, "bbox", "longitudes"),
        ("/api/incidents", {"bbox": "0,-95,5,5"}, "bbox", "latitudes"),
        ("/api/incidents", {"type": "Picnic"}, "type", "unknown event type"),
        ("/api/incidents", {"limit": "0"}, "limit", "greater than or equal to 1"),
        ("/api/incidents", {"limit": "5000"}, "limit", "less than or equal to 1000"),
        ("/api/incidents", {"offset": "-1"}, "offset", "greater than or equal to 0"),
        ("/api/incidents", {"min_fatalities": "many"}, "min_fatalities", "valid integer"),
        ("/api/stats/timeline", {"bucket": "year"}, "bucket", "'day', 'week' or 'month'"),
        ("/api/search", {}, "q", "required"),
        ("/api/search", {"q": ""}, "q", "at least 1 character"),
        ("/api/incidents/abc", {}, "incident_id", "valid integer"),
    ],
)
def test_invalid_parameters_get_422_naming_the_parameter(client, path, params, param, words):
    err = check_shape(client.get(path, params=params), 422, "invalid_parameter")
    assert [d["param"] for d in err["details"]] == [param]
    assert words in err["details"][0]["message"]
    assert err["message"].startswith(f"{param}: ")


def test_unknown_incident_is_404(client):
    err = check_shape(client.get("/api/incidents/999999"), 404, "not_found")
    assert err["message"] == "incident 999999 not found"
    assert err["details"] == []


def test_unknown_article_is_404(client):
    err = check_shape(client.get("/api/articles/no-such-doc"), 404, "not_found")
    assert "no-such-doc" in err["message"]


def test_unknown_path_is_404_in_the_same_shape(client):
    err = check_shape(client.get("/api/nothing-here"), 404, "not_found")
    assert "/api/nothing-here" in err["message"]


def test_wrong_method_is_405_in_the_same_shape(client):
    check_shape(client.post("/api/incidents"), 405, "method_not_allowed")


def test_missing_static_file_is_404_in_the_same_shape(client):
    check_shape(client.get("/static/no-such-file.js"), 404, "not_found")
