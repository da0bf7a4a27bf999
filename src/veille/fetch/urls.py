"""The canonical form of a URL, so the same page reached through different links is one page.

Scheme and host are lower-cased, default ports and the fragment dropped, tracking parameters
removed and the remaining query parameters sorted.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")
"""Query parameters starting with one of these are campaign tags, never part of the page."""

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "xtor", "xts", "ito", "ocid", "cmpid", "ns_mchannel", "ns_source", "ns_campaign",
    "ns_linkname", "ns_fee", "_ga", "_gl", "ref_src", "ref_url", "smid", "wt_mc", "wt.mc_id",
    "campaign_id", "s_cid",
})  # fmt: skip
"""Well-known click and share trackers (Google, Facebook, Microsoft, AT Internet, Mailchimp,
Twitter, the BBC's ns_*, the New York Times' smid...)."""

DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def canonicalise(url: str) -> str:
    """``url`` in canonical form; a URL that cannot be split is returned stripped."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    path = parts.path or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not is_tracking(k))  # fmt: skip
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


def host_of(url: str) -> str:
    """The host (with a non-default port) that per-host politeness is counted against."""
    try:
        parts = urlsplit(url)
        return (parts.netloc or "").lower().rsplit("@", 1)[-1]
    except ValueError:
        return ""


def origin_of(url: str) -> str:
    """``scheme://host[:port]``, where robots.txt lives."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rsplit('@', 1)[-1]}"


def is_web_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))
