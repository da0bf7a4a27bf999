"""veille: turn news about armed conflict into a sourced incident database.

The flow runs one way: read -> normalise -> nlp -> extract -> geocode -> resolve -> store -> serve.
Only :mod:`veille.pipeline` and :mod:`veille.batch` know that order.
"""

__version__ = "0.1.0"
