"""``veille train [CORPUS_DIR]``: rebuild the learned decisions from the annotated corpora."""

from __future__ import annotations

import argparse
from pathlib import Path

from veille.errors import EvalError
from veille.extract.decide import MODEL_PATH


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "train",
        help="train the learned decisions from annotated corpora",
        description=(
            "Run the rules on the annotated corpora, label every candidate place from the gold, "
            "fit the decisions (incident at this place? sub-event type? perpetrator?) with "
            "grouped 5-fold cross-validation, print the scores and write the model file. "
            "Trains on the tune part of train_fr.jsonl and train_en.jsonl (the blind quarter is "
            "never read) and on dev_fr.jsonl. Seeded: the same corpus gives the same model."
        ),
    )
    p.add_argument(
        "corpus", nargs="?", default="../shared/corpus", metavar="CORPUS_DIR",
        help="folder holding train_fr.jsonl, train_en.jsonl and dev_fr.jsonl (default: ../shared/corpus)",
    )
    p.add_argument(
        "-o", "--output", default=str(MODEL_PATH), metavar="FILE",
        help=f"model file to write (default: the packaged {MODEL_PATH.name})",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veille.learn.train import default_corpora, train

    root = Path(args.corpus)
    corpora = default_corpora(root)
    missing = [str(c.path) for c in corpora if not c.path.is_file()]
    if missing:
        raise EvalError(f"{args.corpus}: missing corpus file(s): {', '.join(missing)}")
    train(corpora, Path(args.output))
    return 0
