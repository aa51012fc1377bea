"""Accuracy against the baselines a user would pick instead, on the corpus test split and on
real letters (``../shared/realdev``, never trained on).

    python benchmarks/accuracy.py [--steps 2000]

Systems: commitnlp's shipped model; the Ctrl-F lexicon baseline (``lexicon.py``); spaCy's
own ``textcat`` trained with spaCy's trainer on the same train split (bag-of-words and
ensemble architectures, CPU, a fixed number of steps, wall time recorded); the majority
class. Also writes the confusion matrices of commitnlp as PNG files.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import RESULTS, corpus, f1_row, realdev, save

LABELS = ("FIRM", "VAGUE", "REFUSAL", "NONE")


def spacy_textcat(architecture: str, train, dev, steps: int, workdir: Path):
    """Train spaCy's textcat ('bow' or 'ensemble') with spaCy's trainer; return (nlp, seconds)."""
    import spacy
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train as spacy_train
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    for name, rows in (("train", train), ("dev", dev)):
        docs = DocBin()
        for row in rows:
            doc = nlp.make_doc(row.text)
            doc.cats = {label: float(label == row.label) for label in LABELS}
            docs.add(doc)
        docs.to_disk(workdir / f"{name}.spacy")
    config = init_config(lang="en", pipeline=["textcat"], optimize="efficiency" if architecture == "bow" else "accuracy", gpu=False)

    def no_static_vectors(section) -> None:  # no pretrained vectors may be downloaded
        for key, value in section.items():
            if key == "include_static_vectors":
                section[key] = False
            elif isinstance(value, dict):
                no_static_vectors(value)

    no_static_vectors(config["components"])
    config["initialize"]["vectors"] = None
    config.to_disk(workdir / "config.cfg")
    started = time.perf_counter()
    spacy_train(workdir / "config.cfg", workdir / "out", overrides={
        "paths.train": str(workdir / "train.spacy"), "paths.dev": str(workdir / "dev.spacy"), "paths.vectors": None,
        "training.max_steps": steps, "training.max_epochs": 0, "training.eval_frequency": 200, "training.patience": 0,
        "system.seed": 0})
    return spacy.load(workdir / "out" / "model-best"), time.perf_counter() - started


def evaluate_all(steps: int, ensemble_steps: int) -> dict:
    from commitnlp import load
    from commitnlp.evaluation import classify_texts
    from commitnlp.model.metrics import classification_report

    import lexicon

    train, dev, test, real = corpus("train"), corpus("dev"), corpus("test"), realdev()
    sets = {"test": ([r.text for r in test], [r.label for r in test])}
    if real:
        sets["realdev"] = ([r["text"] for r in real], [r["label"] for r in real])
    nlp = load()
    systems = {
        "commitnlp": lambda texts: [LABELS[i] for i in classify_texts(nlp, texts).argmax(axis=1)],
        "lexicon (Ctrl-F) baseline": lambda texts: [lexicon.classify(t) for t in texts],
        "majority class (NONE)": lambda texts: ["NONE"] * len(texts),
    }
    timing = {}
    for architecture in ("bow", "ensemble"):
        with tempfile.TemporaryDirectory() as tmp:
            budget = steps if architecture == "bow" else ensemble_steps
            textcat, seconds = spacy_textcat(architecture, train, dev, budget, Path(tmp))
        timing[architecture] = round(seconds, 1)
        systems[f"spaCy textcat ({architecture})"] = (
            lambda model: lambda texts: [max(doc.cats, key=doc.cats.get) for doc in model.pipe(texts)])(textcat)
    results, predictions = {}, {}
    for name, system in systems.items():
        results[name] = {}
        for set_name, (texts, gold) in sets.items():
            predicted = system(texts)
            predictions[(name, set_name)] = predicted
            results[name][set_name] = f1_row(classification_report(gold, predicted))
    plot_confusion({s: classification_report(sets[s][1], predictions[("commitnlp", s)]) for s in sets})
    return {"results": results, "spacy_textcat_seconds": timing,
            "spacy_textcat_steps": {"bow": steps, "ensemble": ensemble_steps},
            "sizes": {name: len(texts) for name, (texts, _) in sets.items()}}


def plot_confusion(reports: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(reports), figsize=(5 * len(reports), 4.2))
    axes = [axes] if len(reports) == 1 else axes
    for ax, (name, report) in zip(axes, reports.items()):
        matrix = report["confusion"]
        ax.imshow(matrix, cmap="Greys")
        ax.set_xticks(range(4), LABELS)
        ax.set_yticks(range(4), LABELS)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        ax.set_title(f"commitnlp on {name} (macro-F1 {report['macro_f1']:.2f})")
        peak = max(max(row) for row in matrix) or 1
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                ax.text(j, i, str(value), ha="center", va="center", color="white" if value > peak / 2 else "black")
    fig.tight_layout()
    fig.savefig(Path(__file__).parent / "confusion.png", dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000, help="spaCy textcat (bag-of-words) training steps")
    parser.add_argument("--ensemble-steps", type=int, default=800, help="spaCy textcat (ensemble, a CNN) training steps")
    args = parser.parse_args()
    payload = evaluate_all(args.steps, args.ensemble_steps)
    save("accuracy", payload)
    sets = list(payload["sizes"])
    print("| system | " + " | ".join(f"{s} macro-F1 | {s} F1 (F/V/R/N)" for s in sets) + " |")
    for name, by_set in payload["results"].items():
        cells = []
        for s in sets:
            r = by_set[s]
            cells.append(f"{r['macro_f1']:.3f} | {r['FIRM']:.2f} / {r['VAGUE']:.2f} / {r['REFUSAL']:.2f} / {r['NONE']:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(RESULTS / "accuracy.json")


if __name__ == "__main__":
    main()
