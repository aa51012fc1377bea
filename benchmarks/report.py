"""Render the benchmark results (``results/*.json``) into the READMEs.

    python benchmarks/report.py            # rewrite the generated parts of both READMEs
    python benchmarks/report.py --print    # print the tables instead

The generated parts sit between ``<!-- begin: NAME -->`` and ``<!-- end: NAME -->`` markers:
``results`` in ``benchmarks/README.md`` (every table) and ``summary`` in the main README.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
LEXICON = "lexicon (Ctrl-F) baseline"


def _load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _provenance(data: dict) -> str:
    command = data["command"].removeprefix("benchmarks/")
    return f"_{data['date']}, {data['machine']}, `python benchmarks/{command}`_"


def accuracy() -> str:
    data = _load("accuracy")
    if not data:
        return ""
    sets = list(data["sizes"])
    names = {"test": "corpus test split", "realdev": "real letters (realdev)"}
    lines = ["### Accuracy against the alternatives", "",
             "| system | " + " | ".join(f"{names[s]} macro-F1 | F1 FIRM / VAGUE / REFUSAL / NONE" for s in sets) + " |",
             "|---|" + "---:|---|" * len(sets)]
    for system, by_set in data["results"].items():
        cells = []
        for s in sets:
            r = by_set[s]
            score = f"**{r['macro_f1']:.3f}**" if system == "commitnlp" else f"{r['macro_f1']:.3f}"
            cells.append(f"{score} | {r['FIRM']:.2f} / {r['VAGUE']:.2f} / {r['REFUSAL']:.2f} / {r['NONE']:.2f}")
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    ours, lexicon = data["results"]["commitnlp"], data["results"].get(LEXICON)
    for s in sets:
        rivals = {system: by_set[s]["macro_f1"] for system, by_set in data["results"].items() if system != "commitnlp"}
        best = max(rivals, key=rivals.get)
        margin = ours[s]["macro_f1"] - rivals[best]
        line = (f"On the {names[s]}, commitnlp is {abs(margin) * 100:.1f} points macro-F1 {'above' if margin > 0 else 'below'} "
                f"the best other system ({best})")
        if lexicon:
            over = (ours[s]["macro_f1"] - lexicon[s]["macro_f1"]) * 100
            if best != LEXICON:
                line += f" and {over:.1f} points above the lexicon baseline"
            if s == "realdev":
                line += " (target: 15 points" + (")" if over >= 15 else f"; missed by {15 - over:.1f})")
        lines += ["", line + "."]
    seconds = data["spacy_textcat_seconds"]
    steps = data["spacy_textcat_steps"]
    lines += ["", f"Sentences: {', '.join(f'{names[k]} {v}' for k, v in data['sizes'].items())}. spaCy textcat "
              f"trained on CPU for a fixed number of steps: bag-of-words {steps['bow']} steps ({seconds['bow']:.0f} s), "
              f"ensemble {steps['ensemble']} steps ({seconds['ensemble']:.0f} s). " + _provenance(data),
              "", "![confusion matrices of commitnlp](confusion.png)"]
    return "\n".join(lines)


def generalisation() -> str:
    data = _load("generalisation")
    if not data:
        return ""
    lines = ["### Learning curve", "", "| share of train documents | documents | sentences | test macro-F1 | realdev macro-F1 |",
             "|---|---:|---:|---:|---:|"]
    for share, point in data["learning_curve"].items():
        real = point.get("realdev", {}).get("macro_f1")
        lines.append(f"| {share} | {point['documents']} | {point['sentences']} | {point['test']['macro_f1']:.3f} | "
                     + (f"{real:.3f}" if real is not None else "-") + " |")
    lines += ["", "![learning curve](learning_curve.png)", "", "### Cross-responder: trained without a kind, tested on it", "",
              "| held-out kind | sentences | macro-F1 | FIRM | VAGUE | REFUSAL | NONE |", "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, r in data["cross_responder"].items():
        lines.append(f"| {kind} | {r['sentences']} | {r['macro_f1']:.3f} | {r['FIRM']:.2f} | {r['VAGUE']:.2f} | {r['REFUSAL']:.2f} | {r['NONE']:.2f} |")
    values = [r["macro_f1"] for r in data["cross_responder"].values()]
    lines += ["", f"Lowest {min(values):.3f}, mean {sum(values) / len(values):.3f}. " + _provenance(data)]
    return "\n".join(lines)


def prior_shift() -> str:
    data = _load("prior_shift")
    if not data:
        return ""
    lines = ["### Prior correction under a register shift", "",
             f"Trained on batches 1-12 ({data['train_sentences']} sentences), tested on the real-letter-style batches 13 and later "
             f"({data['test_sentences']} sentences, label mix {data['test_label_mix']}).", "",
             "| decision rule | macro-F1 | FIRM F1 (precision) | REFUSAL F1 (precision) |", "|---|---:|---:|---:|"]
    for name, r in data["variants"].items():
        lines.append(f"| {name} | {r['macro_f1']:.3f} | {r['FIRM']:.2f} ({r['FIRM_precision']:.2f}) | "
                     f"{r['REFUSAL']:.2f} ({r['REFUSAL_precision']:.2f}) |")
    return "\n".join(lines + ["", _provenance(data)])


def speed() -> str:
    data = _load("speed")
    batch = _load("batch_scale")
    if not data:
        return ""
    t, c = data["throughput"], data["cold_start"]
    lines = ["### Speed and size", "", "| measure | commitnlp | bare spaCy (same run) | ratio | target |", "|---|---:|---:|---:|---|",
             f"| throughput, sentences/s ({t['letters']} letters, one process) | {t['full_sentences_per_second']:,} | "
             f"{t['bare_sentences_per_second']:,} | {t['sentences_per_second_ratio']:.2f} | at least 0.5 |",
             f"| same, as wall time for the same letters | {t['full_seconds']:.2f} s | {t['bare_seconds']:.2f} s | "
             f"{t['time_ratio']:.2f} | - |",
             f"| cold start: `commitnlp score` on one letter vs `import spacy; spacy.blank('en')` | {c['score_seconds']:.2f} s | "
             f"{c['bare_spacy_seconds']:.2f} s | {c['ratio']:.2f}x | at most 1.5x |"]
    if data.get("retrain"):
        lines.append(f"| full retrain on the shipped corpus (2 cores) | {data['retrain']['seconds']:.0f} s, "
                     f"peak {data['retrain']['peak_memory_mb']} MB | - | - | under 60 s |")
    lines += [f"| model on disk | {data['model_mb']:.1f} MB | - | - | under 25 MB |",
              f"| peak memory, scoring one letter | {data['score_one_letter_peak_mb']} MB | - | - | - |"]
    lines += ["", _provenance(data)]
    if batch:
        lines += ["", "### Archive scale (`commitnlp batch --jobs 2`)", "", "| letters | sentences | time | letters/s | peak memory |",
                  "|---:|---:|---:|---:|---:|"]
        for run in batch["runs"]:
            sentences = run["summary"].split("; ")[1].split(" sentences")[0]
            lines.append(f"| {run['letters']:,} | {int(sentences):,} | {run['seconds']:.0f} s | {run['letters_per_second']:.1f} | "
                         f"{run['peak_memory_mb']} MB |")
        lines += ["", "Targets: 10,000 letters in under 5 minutes, under 2 GB, time linear in the number of letters. "
                  + _provenance(batch)]
    return "\n".join(lines)


def _status(value: float, target: float, higher_is_better: bool = True, unit: str = "") -> str:
    met = value >= target if higher_is_better else value <= target
    return "met" if met else f"missed by {abs(value - target):.3g}{unit}"


def summary() -> str:
    """The main README's short version: the headline figures, each against its target."""
    acc, speed_data = _load("accuracy"), _load("speed")
    lines = ["| measure | commitnlp | compared with | target | |", "|---|---:|---|---|---|"]
    if acc:
        ours = acc["results"]["commitnlp"]
        for name, label in (("test", "corpus test split"), ("realdev", "real letters (realdev)")):
            if name not in ours:
                continue
            score = ours[name]["macro_f1"]
            rivals = {system: by_set[name]["macro_f1"] for system, by_set in acc["results"].items() if system != "commitnlp"}
            best = max(rivals, key=rivals.get)
            others = f"best other: {best} {rivals[best]:.3f}"
            if best != LEXICON and LEXICON in rivals:
                others += f"; lexicon {rivals[LEXICON]:.3f}"
            if name == "test":
                target, status = "at least 0.85", _status(score, 0.85)
            else:
                over = (score - rivals.get(LEXICON, 0.0)) * 100
                target = "at least 0.75, and 15 points over the lexicon"
                status = f"{_status(score, 0.75)}; {over:.1f} points over the lexicon ({_status(over, 15, unit=' points')})"
            lines.append(f"| macro-F1, {label} | {score:.3f} | {others} | {target} | {status} |")
    if speed_data:
        t, c = speed_data["throughput"], speed_data["cold_start"]
        lines += [f"| sentences per second | {t['full_sentences_per_second']:,} | {t['sentences_per_second_ratio']:.2f} of bare "
                  f"spaCy tokenizer + sentencizer ({t['time_ratio']:.2f} as time on the same letters) | at least 0.5 | "
                  f"{_status(t['sentences_per_second_ratio'], 0.5)} |",
                  f"| cold start, `commitnlp score` on one letter | {c['score_seconds']:.2f} s | {c['ratio']:.2f}x "
                  f"`spacy.blank('en')` ({c['bare_spacy_seconds']:.2f} s) | at most 1.5x | {_status(c['ratio'], 1.5, False)} |"]
        if speed_data.get("retrain"):
            seconds = speed_data["retrain"]["seconds"]
            lines.append(f"| full retrain | {seconds:.0f} s | - | under 60 s | {_status(seconds, 60, False, ' s')} |")
        lines.append(f"| model on disk | {speed_data['model_mb']:.1f} MB | - | under 25 MB | {_status(speed_data['model_mb'], 25, False)} |")
    return "\n".join(lines)


def _replace_block(path: Path, name: str, content: str) -> None:
    """Rewrite one generated block in place (temp file, then rename)."""
    text = path.read_text(encoding="utf-8")
    begin, end = f"<!-- begin: {name} -->", f"<!-- end: {name} -->"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{head}{begin}\n{content}\n{end}{tail}", encoding="utf-8")
    tmp.replace(path)


def main() -> None:
    tables = "\n\n".join(part for part in (accuracy(), speed(), generalisation(), prior_shift()) if part)
    if "--print" in sys.argv:
        print(tables, summary(), sep="\n\n")
        return
    here = Path(__file__).parent
    _replace_block(here / "README.md", "results", tables)
    _replace_block(here.parent / "README.md", "summary", summary())


if __name__ == "__main__":
    main()
