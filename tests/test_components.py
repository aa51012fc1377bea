"""The spaCy pipeline: factories found through entry points, results on the Doc, serialisation."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import spacy

from commitnlp.components.extensions import SPANS_KEY
from commitnlp.evaluation import classify_texts
from commitnlp.labels import LABELS
from commitnlp.paths import default_model_dir

from .conftest import EXAMPLE, ROOT

GUIDE = ROOT.parent / "shared" / "ANNOTATION.md"
GUIDE_EXAMPLES = [
    ("We will publish the audit findings on our website by 31 March.", "FIRM"),
    ("The Force accepts this recommendation in full.", "FIRM"),
    ("A dedicated liaison officer will be appointed for every secondary school.", "FIRM"),
    ("We are recruiting 40 additional call handlers, who will be in post by the summer.", "FIRM"),
    ("Consideration will be given to extending the scheme once the pilot ends.", "VAGUE"),
    ("We will explore options for sharing this data with partners.", "VAGUE"),
    ("The Department accepts this recommendation in principle.", "VAGUE"),
    ("We remain committed to improving the experience of victims.", "VAGUE"),
    ("We will keep the policy under review.", "VAGUE"),
    ("The Force does not accept this recommendation.", "REFUSAL"),
    ("We have no plans to reintroduce the unit.", "REFUSAL"),
    ("It would not be practicable to record every encounter in this way.", "REFUSAL"),
    ("The strategy was published in September.", "NONE"),
    ("Over 2,000 officers have completed the course.", "NONE"),
    ("This will help to build confidence among young people.", "NONE"),
    ("Thank you for your letter of 3 May.", "NONE"),
]


def test_spacy_load_finds_the_components_without_importing_commitnlp():
    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "print(nlp.pipe_names, 'commitnlp' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(default_model_dir())], capture_output=True, text=True, check=True)
    assert "['letter_structure', 'commitment_classifier']" in out.stdout


def test_results_live_on_the_doc(nlp):
    doc = nlp(EXAMPLE.read_text(encoding="utf-8"))
    spans = doc.spans[SPANS_KEY]
    assert [s.start for s in doc.sents if not s.text.isspace()][:3] == [s.start for s in spans][:3]
    assert {s.label_ for s in spans} <= set(LABELS) | {"header", "recommendation"}
    for span in spans:
        if span._.role == "response":
            assert span.label_ in LABELS
            assert abs(sum(span._.scores.values()) - 1) < 1e-6
            assert max(span._.scores, key=span._.scores.get) == span.label_
        else:
            assert span.label_ == span._.role and span._.scores is None
    assert doc._.letter_date == "2025-03-06"


def test_quoted_recommendations_are_never_scored_as_commitments(nlp):
    doc = nlp("Recommendation 1 \u2013 The Force must publish its data and should appoint a lead.\n\n"
              "We do not accept this recommendation.\n")
    roles = [(s._.role, s.label_) for s in doc.spans[SPANS_KEY]]
    assert roles[0] == ("recommendation", "recommendation")
    assert roles[1] == ("response", "REFUSAL")


def test_guide_examples(nlp):
    texts, gold = zip(*GUIDE_EXAMPLES)
    probs = classify_texts(nlp, texts)
    assert [LABELS[i] for i in probs.argmax(axis=1)] == list(gold)


BOUNDARY_EXAMPLES = [  # the examples quoted in the guide's boundary rules
    ("We accept this recommendation.", "FIRM"),
    ("We plan to publish the revised policy in March.", "FIRM"),
    ("We are rolling out body-worn video to every response officer.", "FIRM"),
    ("We will continue to work closely with partners.", "VAGUE"),
    ("We will support our staff.", "VAGUE"),
    ("We have trained 4,000 staff.", "NONE"),
    ("This will help reassure residents.", "NONE"),
    ("The current approach remains the right one and will stay in place.", "REFUSAL"),
]


def test_guide_boundary_examples_scored_alone(nlp):
    """Each boundary example, given alone, is one response sentence with the guide's label."""
    for text, label in BOUNDARY_EXAMPLES:
        doc = nlp(text)
        assert [(s._.role, s.label_) for s in doc.spans[SPANS_KEY]] == [("response", label)], text


def test_guide_examples_still_match_the_shared_guide():
    if not GUIDE.exists():
        return
    table = dict(re.findall(r"^\| (.+?) \| (FIRM|VAGUE|REFUSAL|NONE) \|$", GUIDE.read_text(encoding="utf-8"), re.M))
    for text, label in GUIDE_EXAMPLES:
        assert table[text] == label
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    for text, _ in BOUNDARY_EXAMPLES:
        assert f'"{text}"' in guide or f'("{text}")' in guide, text


def test_pipe_equals_one_by_one(nlp):
    texts = [EXAMPLE.read_text(encoding="utf-8"), "Dear Sir,\n\nWe will act by June. We may review it.\n"]
    batched_docs = list(nlp.pipe(texts, batch_size=2))
    single_docs = [nlp(t) for t in texts]
    batched = [[(s.label_, s._.scores) for s in d.spans[SPANS_KEY]] for d in batched_docs]
    single = [[(s.label_, s._.scores) for s in d.spans[SPANS_KEY]] for d in single_docs]
    assert batched == single


def test_to_disk_and_back(nlp, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    nlp.to_disk(tmp_path / "copy")
    reloaded = spacy.load(tmp_path / "copy")
    doc_before, doc_after = nlp(text), reloaded(text)
    before = [(s.label_, s._.scores) for s in doc_before.spans[SPANS_KEY]]
    after = [(s.label_, s._.scores) for s in doc_after.spans[SPANS_KEY]]
    assert before == after
    from_bytes = spacy.blank("en").from_config(nlp.config)
    from_bytes.from_bytes(nlp.to_bytes())
    assert np.allclose(classify_texts(from_bytes, ["We will act."]), classify_texts(nlp, ["We will act."]))


def test_registered_scorer(nlp):
    from spacy.training import Example

    text = "Dear Chair,\n\nWe will publish the data by June. We may look at it.\n"
    predicted = nlp(text)
    reference = nlp(text)
    example = Example(predicted, reference)
    scores = nlp.get_pipe("commitment_classifier").score([example])
    assert scores["sentences_f"] == 1.0  # identical spans and labels score perfectly
    assert set(scores["sentences_per_type"]) >= {"FIRM", "header"}
