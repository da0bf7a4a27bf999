"""Fetching news from the web: feeds and article pages in, bytes and main text out.

The first stage of the flow (before ``read``): it knows HTTP, feeds and HTML, and nothing of
extraction or storage. ``veille.watch`` is the orchestrator that hands what it fetches to the
pipeline and the store.

- ``urls``: canonical form of a URL (tracking parameters and fragment dropped)
- ``http``: the polite HTTP client (timeouts, user agent, per-host delay, retries, size cap)
- ``robots``: robots.txt, cached per host
- ``feeds``: RSS and Atom documents to entries (feedparser)
- ``pages``: article pages to main text and metadata (trafilatura)
- ``config``: feed arguments and the ``feeds.toml`` file
"""
