"""Is a sentence's killed figure an aggregate toll? A learned decision over every figure.

The rules (:func:`veille.extract.tolls.is_toll`) call a figure a toll from a period phrase, a
campaign word or a very large number; real dispatches state tolls in many other ways ("the
health ministry said the death toll in Gaza rose to", "depuis le début de l'offensive"). Every
sentence that states a killed figure is a candidate; a model trained on the corpus's annotated
tolls scores it from the sentence's words, what the rules found in it (trigger, day, places and
their levels, period phrase) and the rules' own verdict.
"""

from __future__ import annotations

from veille.extract.analysis import SentenceAnalysis
from veille.extract.assemble import make_toll
from veille.extract.candidates import Features, sentence_features, words
from veille.extract.scoring import probabilities
from veille.extract.tolls import find_period
from veille.model import Toll


def _bucket(value: int) -> str:
    for limit, name in ((1, "1"), (10, "2-10"), (100, "11-100"), (1000, "101-1000")):
        if value <= limit:
            return name
    return "1000+"


def toll_features(analyses: list[SentenceAnalysis], i: int, rule_tolls: list[Toll]) -> Features:
    """Features of sentence ``i``'s killed figure as a toll."""
    a = analyses[i]
    f: Features = {"bias": 1.0}
    sentence_features(a, "s:", f)
    for w in words(a.text):
        f[f"w:{w}"] = 1.0
    f["period"] = float(find_period(a.text, a.sentence.lang) is not None)
    f["title"] = float(i == 0)
    f["rule_toll"] = float(any(t.evidence == a.sentence.text for t in rule_tolls))
    f[f"places={min(len(a.places), 3)}"] = 1.0
    for m in a.places:
        f[f"level={m.place.level if m.place else 'none'}"] = 1.0
    f[f"value={_bucket(a.casualties.killed or 0)}"] = 1.0
    return f


def toll_sentences(analyses: list[SentenceAnalysis]) -> list[int]:
    """Sentences that state a killed figure: the candidates."""
    return [i for i, a in enumerate(analyses) if a.casualties.killed is not None]


def decide_tolls(
    analyses: list[SentenceAnalysis], rule_tolls: list[Toll], model: object, threshold: float, lang: str
) -> list[Toll]:
    """The tolls of a document: each figure the model scores at ``threshold`` or more, once per
    figure; the rules' toll of that sentence when they made one (it keeps their period and area)."""
    cands = toll_sentences(analyses)
    if not cands:
        return []
    proba = probabilities(model, [toll_features(analyses, i, rule_tolls) for i in cands])[:, 1]
    tolls: list[Toll] = []
    for i, p in zip(cands, proba, strict=True):
        if p < threshold:
            continue
        a = analyses[i]
        made = next((t for t in rule_tolls if t.evidence == a.sentence.text), None) or make_toll(a, lang)
        if not any(t.fatalities == made.fatalities and t.civilian_fatalities == made.civilian_fatalities for t in tolls):
            tolls.append(made)
    return tolls
