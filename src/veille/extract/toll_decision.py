"""Is a sentence's killed figure an aggregate toll? A learned decision over every figure.

The rules (:func:`veille.extract.tolls.is_toll`) call a figure a toll from a period phrase, a
campaign word or a very large number; real dispatches state tolls in many other ways ("the
health ministry said the death toll in Gaza rose to", "depuis le début de l'offensive"). Every
sentence that states a killed figure is a candidate; a model trained on the corpus's annotated
tolls scores it from the sentence's words, what the rules found in it (trigger, day, places and
their levels, period phrase) and the rules' own verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from veille.extract.analysis import SentenceAnalysis
from veille.extract.assemble import make_toll
from veille.extract.candidates import Features, sentence_features, words
from veille.extract.scoring import probabilities
from veille.extract.tolls import find_period
from veille.model import Toll

PREV_WORDS = 3
"""Words before a figure used as features ("portent à", "bilan de")."""
PERIOD_REACH = 80
"""A period phrase this many characters after a figure qualifies it ("270 morts depuis octobre")."""


def _bucket(value: int) -> str:
    for limit, name in ((1, "1"), (10, "2-10"), (100, "11-100"), (1000, "101-1000")):
        if value <= limit:
            return name
    return "1000+"


@dataclass(frozen=True, slots=True)
class TollCandidate:
    """A killed figure a sentence states: the sentence's sum, or one of its counts when the
    sentence states several ("plus de 270 morts depuis octobre et plus de 4900 depuis janvier")."""

    sentence: int
    fatalities: int
    civilian_fatalities: int | None
    kind: str  # "total" or "mention"
    start: int  # offset of the number in the sentence
    apart: bool = False  # a period phrase separates it from the sentence's other counts

    @property
    def alone(self) -> bool:
        """May be a toll by itself: a sentence's sum, or a count a period phrase sets apart."""
        return self.kind == "total" or self.apart

    @property
    def figures(self) -> dict[str, int | None]:
        return {"fatalities": self.fatalities, "civilian_fatalities": self.civilian_fatalities}


def toll_candidates(analyses: list[SentenceAnalysis]) -> list[TollCandidate]:
    """Every sentence's killed sum, and each of its counts that differs from that sum."""
    out: list[TollCandidate] = []
    for i, a in enumerate(analyses):
        cas = a.casualties
        if cas.killed is None:
            continue
        counts = [m for m in cas.killed_counts if m.value is not None]
        out.append(TollCandidate(i, cas.killed, cas.civilians, "total", counts[0].start if counts else 0))
        seen = {cas.killed}
        for m in counts if len(counts) > 1 else ():
            if m.value not in seen:
                seen.add(m.value)  # type: ignore[arg-type]
                apart = _period_between(a, [c.start for c in counts], m.start)
                out.append(TollCandidate(i, m.value, m.value if m.civilian else None, "mention", m.start, apart))  # type: ignore[arg-type]
    return out


def _period_between(a: SentenceAnalysis, starts: list[int], start: int) -> bool:
    """"270 morts depuis octobre et 4900 depuis janvier": a period phrase between two counts
    makes them two tolls; "300 civils ainsi que 700 combattants en un mois" is one toll."""
    before = [x for x in starts if x < start][-1:]
    after = [x for x in starts if x > start][:1]
    gaps = [a.text[x:start] for x in before] + [a.text[start:x] for x in after]
    return any(find_period(g, a.sentence.lang) for g in gaps)


def pick_tolls(alone: list[bool], proba: list[float], threshold: float) -> list[int]:
    """Indexes of the candidates that are tolls: scored ``threshold`` or more and able to stand
    alone (:attr:`TollCandidate.alone`), so "300 civils ainsi que 700 combattants" is one toll."""
    return [k for k, (ok, p) in enumerate(zip(alone, proba, strict=True)) if ok and p >= threshold]


def toll_features(analyses: list[SentenceAnalysis], cand: TollCandidate, rule_tolls: list[Toll]) -> Features:
    """Features of one killed figure as a toll."""
    a = analyses[cand.sentence]
    f: Features = {"bias": 1.0, f"kind={cand.kind}": 1.0}
    sentence_features(a, "s:", f)
    for w in words(a.text):
        f[f"w:{w}"] = 1.0
    period = find_period(a.text, a.sentence.lang)
    f["period"] = float(period is not None)
    if period is not None and cand.kind == "mention":
        at = a.text.find(period)
        f["period_after_figure"] = float(0 <= at - cand.start <= PERIOD_REACH)
    for depth, w in enumerate(reversed(words(a.text[: cand.start], limit=10_000)[-PREV_WORDS:])):
        f[f"prev{depth}={w}"] = 1.0
    f["title"] = float(cand.sentence == 0)
    rule = any(t.evidence == a.sentence.text for t in rule_tolls)
    f["rule_toll"] = float(rule)
    f[f"rule_toll&kind={cand.kind}"] = float(rule)
    f[f"places={min(len(a.places), 3)}"] = 1.0
    for m in a.places:
        f[f"level={m.place.level if m.place else 'none'}"] = 1.0
    f[f"value={_bucket(cand.fatalities)}"] = 1.0
    f[f"kind={cand.kind}&counts={min(len(a.casualties.killed_counts), 3)}"] = 1.0  # a sum over two periods is no toll
    if cand.kind == "mention":
        f["period_between_counts"] = float(cand.apart)
    return f


def decide_tolls(
    analyses: list[SentenceAnalysis], rule_tolls: list[Toll], model: object, threshold: float, lang: str
) -> list[Toll]:
    """The tolls of a document: the figures :func:`pick_tolls` keeps, once per figure; the
    rules' toll of that sentence when they made one for that figure (it keeps their period and
    area)."""
    cands = toll_candidates(analyses)
    if not cands:
        return []
    proba = probabilities(model, [toll_features(analyses, c, rule_tolls) for c in cands])[:, 1]
    tolls: list[Toll] = []
    picked = pick_tolls([c.alone for c in cands], list(proba), threshold)
    for c in (cands[k] for k in picked):
        a = analyses[c.sentence]
        rule = next((t for t in rule_tolls if t.evidence == a.sentence.text), None)
        made = rule if rule is not None and rule.fatalities == c.fatalities else make_toll(a, lang)
        made = replace(made, fatalities=c.fatalities, civilian_fatalities=c.civilian_fatalities)
        if not any(t.fatalities == made.fatalities and t.civilian_fatalities == made.civilian_fatalities for t in tolls):
            tolls.append(made)
    return tolls
