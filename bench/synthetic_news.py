"""Synthetic news articles for the scaling benches: clearly fake, reproducible from a seed.

Sentences are random draws from a fixed French word list, with the patterns that make copy
detection work in practice: a share of the articles reuse (and lightly reword) a paragraph of
an earlier one, and many carry the same boilerplate line (an agency credit), so some LSH
buckets are shared by thousands of articles. A sentence or two of each article reports an
incident (a strike, a figure, a town) so extraction and merging have something to do.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from veille.model import Article, DocResult, Event
from veille.store.synthetic import place_name

_WORDS_TEXT = (
    "le la les un une des du de dans sur pour avec sans contre entre selon après avant pendant "
    "depuis vers chez sous par ainsi alors aussi encore toujours jamais déjà très plus moins "
    "gouvernement armée forces rebelles combattants soldats civils habitants village ville "
    "région province frontière route marché école hôpital mosquée quartier camp base poste "
    "ministre président porte-parole responsable commandant chef groupe milice coalition "
    "attaque frappe bombardement offensive combats affrontements embuscade explosion tirs "
    "négociations accord cessez-le-feu trêve réunion conférence sommet délégation aide "
    "humanitaire réfugiés déplacés population économie prix carburant électricité eau pain "
    "a été ont sont est avait étaient sera seront déclaré annoncé affirmé indiqué rapporté "
    "condamné dénoncé appelé demandé rejeté accepté signé ouvert fermé repris perdu lancé "
    "matin soir nuit semaine mois lundi mardi mercredi jeudi vendredi samedi dimanche "
    "nord sud est ouest centre nouveau nouvelle grand grande premier dernière plusieurs "
    "international local national militaire politique sécuritaire diplomatique officiel"
)
WORDS = _WORDS_TEXT.split()
TOWNS = ("Alep", "Idleb", "Hama", "Homs", "Deraa", "Raqqa", "Mossoul", "Kirkouk", "Gao",
         "Mopti", "Tombouctou", "Kidal", "Maiduguri", "Kharkiv", "Donetsk", "Kherson", "Taëz",
         "Marib", "Mogadiscio", "Kunduz")  # fmt: skip
CREDIT = "(Agence de presse synthétique) — Texte inventé pour les mesures de veille, sans valeur d'information."
INCIDENTS = (
    "Une frappe aérienne a tué {n} civils à {town} {day}, selon une organisation locale.",
    "{n} soldats ont été tués dans une embuscade près de {town} {day}, a indiqué l'armée.",
    "Un bombardement a fait {n} morts et plusieurs blessés à {town} {day}.",
)
START = date(2020, 1, 1)
ARTICLES_PER_DAY = 40
"""Publication days follow the article number: the archive grows in time, at constant
density, as a back-fill of an outlet's archive does."""
DAYS = ("mardi", "dimanche", "jeudi", "lundi")


SYLLABLES = ("ba", "ri", "ton", "mel", "ca", "di", "sur", "po", "lan", "te", "vio", "gre", "mu",
             "sa", "ner", "cho", "fi", "lou", "pra", "ve", "zan", "ki", "dor", "pe", "ju", "tra",
             "bli", "os", "que", "min", "ra", "neu", "sto", "gal", "ef", "ir")  # fmt: skip


def _lexicon(size: int = 20_000, seed: int = 7) -> list[str]:
    """Pseudo-words of 2 to 4 syllables: a vocabulary as large as a newspaper's, so unrelated
    texts share few character 7-grams, as real ones do."""
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


LEXICON = _lexicon()
_ZIPF = [1 / (rank + 10) for rank in range(len(LEXICON))]


def _sentence(rng: random.Random) -> str:
    """Half function and common words, half content words drawn with a Zipf law."""
    n = rng.randint(12, 24)
    content = rng.choices(LEXICON, weights=_ZIPF, k=n)
    words = [w if rng.random() < 0.5 else rng.choice(WORDS) for w in content]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 3)))


def _reword(paragraph: str, rng: random.Random) -> str:
    """Replace about one word in eight: a reworded copy, as agencies' clients do."""
    words = paragraph.split()
    for i in range(len(words)):
        if rng.random() < 0.125:
            words[i] = rng.choice(WORDS)
    return " ".join(words)


def synthetic_articles(n: int, seed: int = 1, copy_share: float = 0.1) -> list[Article]:
    """``n`` articles of 2 to 4 paragraphs (about 1,200 characters); ``copy_share`` of them reuse a paragraph of an
    earlier article; about a third carry the shared credit line."""
    rng = random.Random(seed)
    out: list[Article] = []
    bodies: list[list[str]] = []
    for i in range(n):
        paras = [_paragraph(rng) for _ in range(rng.randint(2, 4))]
        originals = list(paras)
        incident = rng.choice(INCIDENTS).format(
            n=rng.randint(2, 40), town=rng.choice(TOWNS), day=rng.choice(DAYS)
        )
        paras[0] = incident + " " + paras[0]
        if bodies and rng.random() < copy_share:
            source = rng.choice(bodies[-200:])  # agencies are copied within days
            paras.insert(rng.randint(1, len(paras)), _reword(rng.choice(source), rng))
        if rng.random() < 0.33:
            paras.append(CREDIT)
        bodies.append(originals)
        day = START + timedelta(days=i // ARTICLES_PER_DAY)
        out.append(Article(
            id=f"synthetic-{seed}-{i:06d}", text="\n\n".join(paras), published=day.isoformat(),
            source=f"synthetic-outlet-{i % 17}", lang="fr", origin="synthetic",
        ))  # fmt: skip
    return out


REGIONS = (
    ("Syria", "SY", "Idlib", 35.9, 36.6), ("Syria", "SY", "Aleppo", 36.2, 37.2),
    ("Iraq", "IQ", "Nineveh", 36.3, 43.1), ("Mali", "ML", "Mopti", 14.5, -4.2),
    ("Ukraine", "UA", "Donetsk", 48.0, 37.8), ("Nigeria", "NG", "Borno", 11.8, 13.2),
)  # fmt: skip


PLACES = 300
_PLACE_NAMES = sorted({place_name(random.Random(i)) for i in range(2 * PLACES)})[:PLACES]
"""Made-up town names, distinct enough that the merger's fuzzy matching never joins two."""


def synthetic_documents(n: int, seed: int = 1) -> list[DocResult]:
    """:func:`synthetic_articles` with one extracted event each, as extraction would give it.
    An article that reuses an earlier one's paragraph reports that article's incident (the
    merge has real work); the others report their own, at one of 300 places per region over
    the period, so the density of incidents does not grow with the archive."""
    rng = random.Random(seed + 1)
    docs: list[DocResult] = []
    for article in synthetic_articles(n, seed=seed):
        country, code, admin1, lat, lon = rng.choice(REGIONS)
        place = rng.randrange(PLACES)
        event = Event(
            event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
            location=_PLACE_NAMES[place], admin1=admin1, country=country,
            country_code=code, date=article.published, fatalities=rng.randint(1, 30),
            evidence=article.text.split(".")[0] + ".", lat=lat + (place % 20) * 0.2,
            lon=lon + (place // 20) * 0.2,
            geo_precision=1,
        )  # fmt: skip
        if docs and rng.random() < 0.1:  # a second report of a recent incident
            source = rng.choice(docs[-200:]).events[0]
            event = Event.from_dict({**source.to_dict(), "fatalities": rng.randint(1, 30)})
        docs.append(DocResult(article=article, events=[event]))
    return docs
