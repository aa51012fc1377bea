"""How the model generalises: train without one responder kind and test on it (for every
kind), and a learning curve over 10/25/50/100% of the train split's documents.

    python benchmarks/generalisation.py

Each model here is the shipped configuration fitted once and prior-corrected (no
calibration or offset tuning), so the figures compare like with like. Writes
``results/generalisation.json`` and ``learning_curve.png``.
"""

from __future__ import annotations

import random
from pathlib import Path

from common import corpus, f1_row, predict, quick_model, realdev, save


def cross_responder() -> dict:
    from commitnlp.model.metrics import classification_report

    train, everything = corpus("train"), corpus()
    table = {}
    for kind in sorted({r.kind for r in everything}):
        held = [r for r in everything if r.kind == kind]
        model = quick_model([r.text for r in train if r.kind != kind], [r.label for r in train if r.kind != kind])
        report = classification_report([r.label for r in held], predict(model, [r.text for r in held]))
        table[kind] = {**f1_row(report), "sentences": len(held)}
        print(kind, table[kind], flush=True)
    return table


def learning_curve() -> dict:
    from commitnlp.model.metrics import classification_report

    train, test, real = corpus("train"), corpus("test"), realdev()
    docs = sorted({r.doc_id for r in train})
    random.Random(0).shuffle(docs)
    curve = {}
    for share in (0.10, 0.25, 0.50, 1.00):
        keep = set(docs[:max(1, round(len(docs) * share))])
        rows = [r for r in train if r.doc_id in keep]
        model = quick_model([r.text for r in rows], [r.label for r in rows])
        point = {"documents": len(keep), "sentences": len(rows),
                 "test": f1_row(classification_report([r.label for r in test], predict(model, [r.text for r in test])))}
        if real:
            point["realdev"] = f1_row(classification_report([r["label"] for r in real], predict(model, [r["text"] for r in real])))
        curve[f"{int(share * 100)}%"] = point
        print(share, point, flush=True)
    return curve


def plot(curve: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shares = list(curve)
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, style in (("test", "o-"), ("realdev", "s--")):
        if all(name in curve[s] for s in shares):
            ax.plot([curve[s]["sentences"] for s in shares], [curve[s][name]["macro_f1"] for s in shares], style,
                    label="corpus test split" if name == "test" else "real letters (realdev)")
    ax.set_xlabel("training sentences")
    ax.set_ylabel("macro-F1")
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title("Learning curve (10/25/50/100% of train documents)")
    fig.tight_layout()
    fig.savefig(Path(__file__).parent / "learning_curve.png", dpi=110)


def main() -> None:
    curve = learning_curve()
    plot(curve)
    save("generalisation", {"learning_curve": curve, "cross_responder": cross_responder()})


if __name__ == "__main__":
    main()
