"""Within one document, merge events that restate one incident.

Two drafts are one incident when they have the same event type, compatible days and
perpetrators, and their places agree: the same place; or one at region (or country) level and
the other inside it; or, in nearby sentences, the same method in the same region with figures on
one side only. The title line restates the main incident and merges with the body's report of
it. Events made from one sentence that names several places stay apart, and "d'autres raids"
never merges with what came before.
"""

from __future__ import annotations

from veille.extract.actors import weak_labels
from veille.extract.draft import Draft
from veille.extract.geocode import rank
from veille.extract.typing import most_specific
from veille.model import Place

NEAR_SENTENCES = 2


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    kept: list[Draft] = []
    drafts = _drop_restated_totals(drafts)
    for d in (d for d in drafts if not d.headline):
        target = next((k for k in kept if _same_incident(k, d)), None)
        if target is None:
            kept.append(d)
        else:
            _absorb(target, d)
    for h in (d for d in drafts if d.headline):
        _place_headline(h, kept)
    kept.sort(key=lambda d: d.sentence)
    return kept


def _place_headline(headline: Draft, kept: list[Draft]) -> None:
    """The title restates the article's incident: merge it with the one body event it can be;
    a title over several body events of its kind summarises them and is dropped."""
    hp = headline.place
    located = [
        k
        for k in kept
        if k.place is not None
        and hp is not None
        and (hp.country_code is None or k.place.country_code == hp.country_code)
        and (rank(hp) >= 3 or _same(hp, k.place) or hp.admin1 == k.place.admin1)
        and _days_compatible(k, headline)
    ]
    same_type = [k for k in located if k.event.event_type == headline.event.event_type]
    candidates = same_type or located
    if len(candidates) == 1:
        _absorb(candidates[0], headline)
    elif not candidates:
        kept.append(headline)


def _drop_restated_totals(drafts: list[Draft]) -> list[Draft]:
    """A report whose figure is the total of a sentence that splits it by place ("six civils"
    then "six civils dont quatre à X") is that sentence's incident, told once more."""
    groups: dict[int, list[Draft]] = {}
    for d in drafts:
        if d.multi:
            groups.setdefault(d.sentence, []).append(d)
    dropped: set[int] = set()
    for sentence, group in groups.items():
        figures = [g.event.fatalities for g in group if g.event.fatalities is not None]
        if len(figures) < 2:
            continue
        total = sum(figures)
        for k, d in enumerate(drafts):
            if d.sentence == sentence or d.event.fatalities != total:
                continue
            lead = group[0]
            if d.event.event_type == lead.event.event_type and _days_compatible(d, lead) and (
                d.place and lead.place and d.place.country_code == lead.place.country_code
            ):
                dropped.add(k)
                if lead.event.actor1 is None:
                    lead.event.actor1 = d.event.actor1
    return [d for k, d in enumerate(drafts) if k not in dropped]


def _days_compatible(a: Draft, b: Draft) -> bool:
    if a.event.date and b.event.date:
        return a.event.date == b.event.date
    if a.day_key is None or b.day_key is None:
        return True
    # "dans la nuit de mardi" and "cette nuit" may be one night; "hier" and "dimanche" are not
    return a.day_key == b.day_key or "rel:0" in (a.day_key, b.day_key)


def _actors_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b or a in weak_labels() or b in weak_labels():
        return True
    return bool(set(a.split(" and ")) & set(b.split(" and ")))


def _same(pa: Place, pb: Place) -> bool:
    if pa.gazetteer_id and pb.gazetteer_id:
        return pa.gazetteer_id == pb.gazetteer_id
    regions_agree = pa.admin1 is None or pb.admin1 is None or pa.admin1 == pb.admin1
    return pa.name.lower() == pb.name.lower() and regions_agree


def _same_incident(a: Draft, b: Draft) -> bool:
    if a.sentence == b.sentence and (a.multi or b.multi):
        return False
    ea, eb = a.event, b.event
    if not _days_compatible(a, b):
        return False
    same_day = bool(ea.date and ea.date == eb.date)
    if ea.event_type != eb.event_type:
        # one attack mixing methods, reported twice on the same day at the same place
        return same_day and a.place is not None and b.place is not None and _same(a.place, b.place) and _figures_agree(a, b)
    if ea.sub_event_type != eb.sub_event_type and ea.event_type != "Explosions/Remote violence":
        return False  # a clash and a territory change at one place are two events
    if not _actors_compatible(ea.actor1, eb.actor1):
        return False
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return False
    if b.distinct:
        return False  # "d'autres raids", an earlier attack told in the pluperfect
    if _same(pa, pb):
        return not (a.own_figures and b.own_figures and a.multi and b.multi)
    if rank(pa) == 4 or rank(pb) == 4:
        return pa.country_code == pb.country_code and not (a.multi and b.multi)
    if not pa.admin1 or pa.admin1 != pb.admin1:
        return False
    if rank(pa) == 3 or rank(pb) == 3:
        # a region-level report and a town in it: one incident unless figures disagree
        region = a if rank(pa) == 3 else b
        # "dans cette même province" is another report about the region, not this town's
        return not region.multi and not region.inherited_place and not (a.multi and b.multi)
    near = abs(a.sentence - b.sentence) <= NEAR_SENTENCES and not (a.multi or b.multi)
    return near and ea.sub_event_type == eb.sub_event_type and _figures_agree(a, b)


def _figures_agree(a: Draft, b: Draft) -> bool:
    fa, fb = a.event.fatalities, b.event.fatalities
    return fa is None or fb is None or fa == fb


def _absorb(target: Draft, other: Draft) -> None:
    """Fold ``other`` into ``target``: the finer place, the lower figures, the more specific
    method, the first non-empty actors, date and claims."""
    te, oe = target.event, other.event
    if rank(other.place) < rank(target.place):
        for name in ("location", "admin1", "country", "country_code", "lat", "lon", "geo_precision", "gazetteer_id", "admin2"):
            setattr(te, name, getattr(oe, name))
        target.place = other.place
    te.sub_event_type = most_specific(te.sub_event_type, oe.sub_event_type)
    for name in ("fatalities", "injured"):
        a, b = getattr(te, name), getattr(oe, name)
        setattr(te, name, b if a is None else (a if b is None else min(a, b)))
    if te.actor1 in weak_labels() and oe.actor1:
        te.actor1 = oe.actor1
    for name in ("civilian_fatalities", "child_fatalities", "date", "actor1", "actor2"):
        if getattr(te, name) is None:
            setattr(te, name, getattr(oe, name))
    te.claimed_by = list(dict.fromkeys([*te.claimed_by, *oe.claimed_by]))
    target.own_figures = target.own_figures or other.own_figures
    target.day_key = target.day_key or other.day_key
    target.headline = target.headline and other.headline
    target.sentences.extend(other.sentences)
