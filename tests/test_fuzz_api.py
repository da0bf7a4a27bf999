"""Property tests (Hypothesis) of the API parameters against the real server on loopback: any
value of any incident filter gives a 200 with a page, or a 422 in the one error shape naming the
parameter; never a 500 or a 503. Brief in ``make test``, long in ``make fuzz``."""

from __future__ import annotations

import httpx
from hypothesis import given
from hypothesis import strategies as st

import fuzz_support  # noqa: F401  (loads the Hypothesis profile)

PARAMS = ("since", "until", "country", "admin1", "type", "actor", "min_fatalities", "bbox", "q",
          "limit", "offset")  # fmt: skip

values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=3, max_size=5).map(
        lambda xs: ",".join(str(x) for x in xs)
    ),
    st.sampled_from(["SY", "Syrie", "Syria", "Battles", "Air/drone strike", "Russia", "Idlib", "\x00"]),
)
query = st.dictionaries(st.sampled_from(PARAMS), values, max_size=5)


def check(response: httpx.Response, query: dict[str, str]) -> None:
    assert response.status_code in (200, 422), (response.status_code, query, response.text[:300])
    if response.status_code == 422:
        error = response.json()["error"]
        assert error["status"] == 422 and error["code"] == "invalid_parameter"
        assert error["details"] and all(d["param"] in PARAMS for d in error["details"])


@given(query)
def test_incident_list_parameters(api_server, query: dict[str, str]) -> None:
    r = httpx.get(f"{api_server}/api/incidents", params=query, timeout=30)
    check(r, query)
    if r.status_code == 200:
        page = r.json()
        assert len(page["items"]) <= page["limit"] and page["total"] >= len(page["items"])


@given(query, st.sampled_from(["day", "week", "month"]))
def test_timeline_parameters(api_server, query: dict[str, str], bucket: str) -> None:
    check(httpx.get(f"{api_server}/api/stats/timeline", params={**query, "bucket": bucket}, timeout=30), query)


@given(query, st.sampled_from(["/api/incidents.csv", "/api/incidents.geojson", "/api/export/acled.csv"]))
def test_download_parameters(api_server, query: dict[str, str], path: str) -> None:
    check(httpx.get(f"{api_server}{path}", params=query, timeout=60), query)
