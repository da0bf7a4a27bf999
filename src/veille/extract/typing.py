"""The ACLED sub-event type of an incident, from its trigger, weapons, actors and victims.

The trigger gives a first type; weapon cues and who did it refine it: "bombardements" by an
air force are air strikes; a generic "attaque" takes its method from the weapons named in the
sentence or the next ones, else its victims decide (civilians: Violence against civilians;
soldiers or police: a Battle); a raid by ground troops is a clash; an abduction where people
were killed is an attack.
"""

from __future__ import annotations

from veille.extract.actors import actor_kind, fights_against, strikes_from_air
from veille.extract.triggers import SPECIFICITY, TriggerHit, ground_raid, lexicon

EXPLOSIVE_METHODS = ("Suicide bomb", "Chemical weapon", "Remote explosive/landmine/IED", "Grenade")
TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


def sub_event_type(
    hit: TriggerHit,
    trigger_text: str,
    sentence: str,
    actor1: str | None,
    victims_civilian: bool,
    victims_forces: bool,
    killed: int | None,
    lookahead_weapons: tuple[str, ...] = (),
    country: str | None = None,
    lang: str = "fr",
) -> str | None:
    """The sub-event type, or None when the sentence cannot be typed (territory change with no
    actor of the right kind)."""
    sub = hit.sub_event_type
    weapons = hit.weapons
    words = lexicon(lang)
    if hit.generic:
        # the next sentences may say how ("se sont fait exploser"), but only an explosive method
        # carries over: "appui aérien" after an ambush does not make it an air strike
        later = tuple(w for w in lookahead_weapons if w in EXPLOSIVE_METHODS)
        method = [w for w in weapons + later if w != "Armed clash"]
        if method:
            return method[0]
        if sub == "Remote explosive/landmine/IED":
            return sub
        kind = actor_kind(actor1, lang)
        if kind == "state" and not victims_forces:
            return "Shelling/artillery/missile attack"  # a state's unspecified attack: stand-off fire
        if victims_civilian and kind in (None, "non_state", "unidentified"):
            return "Attack"
        if victims_forces or "Armed clash" in weapons + lookahead_weapons:
            return "Armed clash"
        # people killed and no armed side hit: an attack on people ("ont tué 7 personnes")
        return "Attack" if victims_civilian or killed else "Armed clash"
    if sub == "Shelling/artillery/missile attack" and words.bombardment.search(trigger_text):
        if "Air/drone strike" in weapons:
            return "Air/drone strike"
        if "Shelling/artillery/missile attack" not in weapons and strikes_from_air(actor1, country, lang):
            return "Air/drone strike"
    if sub == "Air/drone strike" and words.strike.fullmatch(trigger_text.strip()):
        named = weapons or lookahead_weapons  # the sentence's own weapons, else the paragraph's
        if "Air/drone strike" not in named and "Shelling/artillery/missile attack" in named:
            return "Shelling/artillery/missile attack"
        ground = words.raid.fullmatch(trigger_text.strip()) and ground_raid(sentence, lang)
        if ground and "Air/drone strike" not in weapons:
            return "Armed clash"
    if sub in TERRITORY:
        kind = actor_kind(actor1, lang)
        if kind == "state" and fights_against(actor1, country, lang):
            return "Non-state actor overtakes territory"
        if kind == "state":
            return "Government regains territory"
        if kind in ("non_state", "unidentified"):
            return "Non-state actor overtakes territory"
        return None
    if sub == "Abduction/forced disappearance" and killed:
        return "Attack"
    civilians_only = victims_civilian and not victims_forces and actor_kind(actor1, lang) != "state"
    if sub == "Armed clash" and civilians_only and "Attack" in hit.candidates:
        return "Attack"
    return sub


def most_specific(a: str, b: str) -> str:
    """Of two sub-event types for one incident, the more specific method."""
    return a if SPECIFICITY.index(a) <= SPECIFICITY.index(b) else b
