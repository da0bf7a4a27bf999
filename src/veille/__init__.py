"""veille: turn news about armed conflict into a sourced incident database.

The flow runs one way: fetch -> read -> normalise -> nlp -> extract -> geocode -> resolve -> store
-> serve. Only the orchestrators know that order: :mod:`veille.pipeline` and :mod:`veille.batch`
(files), :mod:`veille.watch` (feeds and pages) and :mod:`veille.reextract` (stored pages).
"""

__version__ = "0.1.0"
