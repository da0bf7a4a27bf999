"""HTTP API and web page over a Store: ``create_app`` in :mod:`veille.api.app`, the server in
:mod:`veille.api.server`. Nothing is imported here, so ``import veille.api`` stays cheap."""
