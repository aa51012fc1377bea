"""What the classifier sees in a sentence: word and character n-grams plus commitment cues.

The same functions run when the model is trained (inside scikit-learn transformers) and
when it scores (inside the spaCy component, without scikit-learn), so the two can never
drift apart. A sentence reaches them as a tuple of lower-cased token texts from spaCy's
tokenizer, whitespace removed.

The cues encode what the labelling guide says decides a label: modal and future forms,
hedges, refusal phrases with the scope of a negation, conditions, the passive
"will be given", who acts (first person or the organisation), time expressions and
quantities, and the signs of completed work or routine practice that make a sentence NONE.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..dates import time_expression_kinds

Tokens = Sequence[str]

_DIGITS = str.maketrans("123456789", "000000000")


@functools.lru_cache(maxsize=200_000)
def word_shape(token: str) -> str:
    """Mask digits so that "31 March 2024" and "1 May 2023" share n-grams."""
    return token.translate(_DIGITS)


def word_sequence(tokens: Tokens) -> list[str]:
    """The words n-grams are taken from: digit-masked tokens between sentence-edge markers."""
    return ["<s>", *(word_shape(t) for t in tokens), "</s>"]


def ngrams(words: list[str], min_n: int, max_n: int, edge_unigrams: bool = True) -> list[str]:
    """Every ``min_n``- to ``max_n``-gram of ``words``, joined by spaces (unigrams of the edge
    markers only with ``edge_unigrams``)."""
    grams: list[str] = []
    if min_n <= 1:
        grams += words if edge_unigrams else words[1:-1]
    if min_n <= 2 <= max_n:
        grams += [f"{a} {b}" for a, b in zip(words, words[1:])]
    if min_n <= 3 <= max_n:
        grams += [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:])]
    if min_n <= 4 <= max_n:
        grams += [f"{a} {b} {c} {d}" for a, b, c, d in zip(words, words[1:], words[2:], words[3:])]
    for n in range(max(min_n, 5), max_n + 1):
        grams += [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
    return grams


def word_ngrams(tokens: Tokens, max_n: int = 3) -> list[str]:
    """Word uni- to ``max_n``-grams over digit-masked tokens, with sentence edges marked."""
    return ngrams(word_sequence(tokens), 1, max_n, edge_unigrams=False)


@functools.lru_cache(maxsize=200_000)
def _word_char_ngrams(token: str, min_n: int, max_n: int) -> tuple[str, ...]:
    word = f" {word_shape(token)} "
    return tuple(word[i:i + n] for n in range(min_n, min(max_n, len(word)) + 1) for i in range(len(word) - n + 1))


def char_ngrams(tokens: Tokens, min_n: int = 2, max_n: int = 5) -> list[str]:
    """Character n-grams inside word boundaries (like scikit-learn's ``char_wb``)."""
    return list(itertools.chain.from_iterable(_word_char_ngrams(token, min_n, max_n) for token in tokens))


def _phrases(*items: str) -> list[tuple[str, ...]]:
    return [tuple(item.split()) for item in items]


HEDGES = _phrases(
    "consider", "considering", "considered", "consideration", "explore", "exploring", "look at",
    "look into", "looking at", "looking into", "review", "reviewing", "under review", "aim",
    "aims", "aiming", "seek", "seeking", "hope", "hopes", "intend", "intends", "intention",
    "endeavour", "strive", "working towards", "working to", "with a view to", "where appropriate",
    "where possible", "where practicable", "as appropriate", "in due course", "subject to",
    "plans are being", "options", "opportunities", "potential", "possible", "possibly",
    "may", "might", "could", "would", "expect", "expects", "anticipate", "anticipates",
    "on track", "ambition", "aspiration", "continue to", "continues to", "continuing to",
    "remain committed", "remains committed", "committed to", "work with", "working with",
    "engage", "engaging", "support", "supports", "welcome", "welcomes", "in principle",
    "in part", "partially", "note", "notes", "noted", "encourage", "encourages", "assess",
    "assessing", "scope", "scoping", "feasibility", "discuss", "discussions", "keep",
    "update", "inform", "informed", "happy to", "glad to", "willing to", "open to", "if",
    "once", "when", "should", "further", "wider", "ongoing", "appropriate",
)
REFUSALS = _phrases(
    "not accept", "does not accept", "do not accept", "cannot accept", "reject", "rejects",
    "rejected", "decline", "declines", "no plans", "no plan", "no intention", "not intend",
    "do not intend", "does not intend", "not appropriate", "not be appropriate",
    "not practicable", "not proportionate", "not necessary", "unnecessary", "not persuaded",
    "not support", "does not support", "not agreed", "not supported", "not be taking",
    "not take forward", "not be pursuing", "not pursue", "not proceed", "remain appropriate",
    "remains appropriate", "remain the right", "remains the right", "will be retained",
    "be maintained", "no case for", "unable to", "cannot", "can not", "is a matter for",
    "matter for", "not feasible", "not possible", "no legal basis", "not the right",
    "not believe", "not consider", "does not consider", "do not consider", "disagree",
    "disagrees", "not convinced", "not agree", "does not agree", "will not", "would not",
    "not be", "outside the remit", "outside our remit", "not within", "no further",
    "not require", "no need", "not needed", "not warranted", "not justified",
    "not for the", "not concur", "does not concur", "no longer", "instead", "rather than",
    "at this time", "at present", "not at this", "ruled out", "rule out", "not something",
    "not in a position", "not the intention", "decided against", "decided not", "decide against",
)
ACCEPT = _phrases(
    "accept", "accepts", "accepted", "agree", "agrees", "agreed", "concur", "concurs",
    "accept this recommendation", "accepts this recommendation", "accepts the recommendation",
    "in full", "fully",
)
GUIDE_HEDGES = frozenset(_phrases(
    "consider", "considering", "consideration", "explore", "exploring", "look at", "look into",
    "looking at", "looking into", "review", "reviewing", "under review", "aim", "aims", "aiming",
    "seek", "seeking", "hope", "hopes", "intend", "intends", "intention", "endeavour", "strive",
    "working towards", "working to", "with a view to", "where appropriate", "where possible",
    "where practicable", "as appropriate", "in due course", "subject to", "plans are being",
    "may", "might", "could", "continue to", "continues to", "continuing to", "remain committed",
    "remains committed", "work with", "working with", "engage", "support", "supports",
    "in principle", "feasibility", "scope", "scoping",
))
"""The hedges the labelling guide names (and the continuation, partnership and support that
make a will-sentence vague); only these turn a future into a hedged one. The wider ``HEDGES``
list ("update", "when", "further") are cues the model weighs one by one."""
CONDITIONS = _phrases(
    "if", "unless", "subject to", "provided that", "depending on", "dependent on",
    "once", "should funding", "where appropriate", "where possible", "where necessary",
    "in the event", "assuming", "pending", "following the outcome", "in light of",
    "contingent", "dependent upon", "depends on", "depend on", "as long as", "so long as",
    "on condition",
)
FIRST_PERSON = frozenset({"we", "i", "our", "us", "my"})
ORGANISATIONS = frozenset({
    "force", "service", "department", "government", "trust", "council", "commissioner",
    "college", "ministry", "board", "office", "constabulary", "police", "cps", "iopc", "npcc",
    "hmpps", "mopac", "mps", "met", "agency", "executive", "authority", "brigade", "garda",
    "administration", "division", "unit", "team", "panel", "minister", "secretary",
})
MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "spring", "summer", "autumn", "winter", "fall",
})
TIME_WORDS = _phrases(
    "by the end of", "end of", "by", "within", "before", "from", "no later than", "this year",
    "next year", "this month", "next month", "later this", "early", "later", "financial year",
    "quarter", "q1", "q2", "q3", "q4", "weeks", "months", "days", "deadline", "timetable",
    "timescale", "completion date",
)
DELIVERABLES = frozenset({
    "publish", "published", "introduce", "introduced", "launch", "launched", "implement",
    "implemented", "establish", "established", "appoint", "appointed", "recruit", "recruited",
    "train", "trained", "deliver", "delivered", "issue", "issued", "complete", "completed",
    "roll", "rolled", "fund", "funded", "create", "created", "amend", "amended", "update",
    "updated", "revise", "revised", "produce", "produced", "commission", "commissioned",
    "audit", "audited", "install", "installed", "provide", "provided", "require", "required",
    "mandate", "mandatory", "replace", "replaced", "expand", "expanded", "extend", "extended",
    "set", "write", "written", "legislate", "allocate", "allocated", "invest", "invested",
    "pilot", "piloted", "deploy", "deployed", "hold", "held", "run", "open", "opened",
})
IN_PROGRESS = frozenset({
    "publishing", "introducing", "launching", "implementing", "establishing", "appointing",
    "recruiting", "training", "delivering", "issuing", "completing", "rolling", "funding",
    "creating", "amending", "updating", "revising", "producing", "commissioning", "installing",
    "providing", "replacing", "expanding", "extending", "piloting", "deploying", "developing",
    "building", "opening", "setting", "investing", "upgrading", "procuring", "restructuring",
    "redesigning", "rewriting", "drafting", "writing", "designing",
})
"""Progressive forms of verbs with a deliverable: "we are rolling out..." is work in progress
towards a named, new deliverable (FIRM by the guide), unlike "we are working with..."."""
PAST_MARKERS = frozenset({
    "has", "have", "had", "was", "were", "did", "already", "since", "last", "previously",
    "recently", "ago", "historically", "been",
})
ROUTINE = frozenset({
    "routinely", "regularly", "currently", "always", "every", "each", "usually", "normally",
    "annually", "daily", "weekly", "monthly", "continues", "remains", "is", "are",
})
COMMUNICATION = frozenset({
    "update", "updates", "write", "letter", "report", "reports", "progress", "inform", "brief",
    "briefing", "statement", "account", "evidence", "appear", "meet", "visit",
})
"""Words of a promise that is only communication with the scrutineer (an update, a letter, a
progress report): the guide makes such a will-sentence VAGUE, dated or not."""
COURTESY = _phrases(
    "thank", "thank you", "grateful", "apologies", "apologise", "sorry", "pleased", "hope",
    "do not hesitate", "please", "sincerely", "condolences", "sympathy", "regret",
)
NEGATORS = frozenset({"not", "n't", "no", "never", "neither", "nor", "cannot", "without"})
COMMIT_VERBS = frozenset({
    "accept", "accepts", "agree", "agrees", "support", "supports", "plan", "plans", "intend",
    "intends", "propose", "proposes", "introduce", "implement", "adopt", "establish", "create",
    "pursue", "proceed", "take", "legislate", "require", "consider", "believe", "think",
    "recommend", "concur", "be", "change", "extend", "fund", "publish", "mandate",
})
PAST_OR_ROUTINE = PAST_MARKERS | ROUTINE
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ANY_DIGIT = re.compile(r"\d")
MODALS = ("will", "shall", "would", "could", "may", "might", "should", "must", "can", "'ll", "wo")


def _closed_class() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    lexicon_words = {word for phrases in (HEDGES, REFUSALS, ACCEPT, CONDITIONS, TIME_WORDS, COURTESY)
                     for phrase in phrases for word in phrase}
    return frozenset(STOP_WORDS | lexicon_words | DELIVERABLES | IN_PROGRESS | COMMIT_VERBS | PAST_OR_ROUTINE
                     | NEGATORS | FIRST_PERSON | ORGANISATIONS | set(MODALS)
                     | {"'s", "n't", "-", ",", ";", ":", "(", ")", ".", "?", "!", '"'})


KEPT_IN_PATTERNS = _closed_class()
"""Words a sentence's pattern keeps: function words and every cue word. Topic words (what the
letter is about) become "_", so "we will _ a new _ by <month>" carries over between topics
and responders the way "we will install a new custody camera by June" cannot."""


@functools.lru_cache(maxsize=200_000)
def _pattern_word(token: str) -> str:
    if token in KEPT_IN_PATTERNS:
        return token
    if token in MONTHS:
        return "<month>"
    if _ANY_DIGIT.search(token):
        return "<num>"
    return "_"


def pattern_sequence(tokens: Tokens) -> list[str]:
    """The sentence's pattern: cue and function words kept, each run of topic words one "_"."""
    words = ["<s>"]
    for token in tokens:
        word = _pattern_word(token)
        if word != "_" or words[-1] != "_":
            words.append(word)
    words.append("</s>")
    return words


def pattern_ngrams(tokens: Tokens, min_n: int = 2, max_n: int = 4) -> list[str]:
    """N-grams over the sentence's pattern (:func:`pattern_sequence`)."""
    return ngrams(pattern_sequence(tokens), min_n, max_n)


def _index(lexicons: dict[str, list[tuple[str, ...]]]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Index every phrase of every lexicon by its first word, for one pass per sentence."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for name, phrases in lexicons.items():
        for phrase in phrases:
            index.setdefault(phrase[0], []).append((name, phrase))
    return index


_LEXICONS = {"hedge": HEDGES, "refuse": REFUSALS, "accept": ACCEPT, "cond": CONDITIONS,
             "time": TIME_WORDS, "courtesy": COURTESY}
_PHRASE_INDEX = _index(_LEXICONS)


def _is_participle(token: str) -> bool:
    return len(token) > 3 and (token.endswith(("ed", "en")) or token in {
        "given", "made", "done", "set", "put", "held", "run", "kept", "built", "sent", "taken",
        "brought", "led", "paid", "met", "seen", "shown", "told", "written", "undertaken"})


_PERFECT = frozenset({"has", "have", "had"})
_PLANS = frozenset({"plan", "plans", "planning", "intend", "propose", "proposes"})
_NO_WHAT = frozenset({"plans", "plan", "intention", "proposals", "need", "case", "evidence", "basis"})
_TRIGGERS = (frozenset(_PHRASE_INDEX) | frozenset(MODALS) | NEGATORS | PAST_OR_ROUTINE | _PERFECT | _PLANS
             | {"is", "are", "was", "were", "going", "no"})
"""Tokens that start any cue; every other token is skipped in one set lookup."""


def cue_features(tokens: Tokens) -> dict[str, float]:
    """Hand-made cues of commitment strength for one sentence, as a sparse feature dict."""
    toks = list(tokens)
    n = len(toks)
    feats: dict[str, float] = {}
    get = feats.get

    def flag(name: str, value: float = 1.0) -> None:
        feats[name] = get(name, 0.0) + value

    counts: Counter[str] = Counter()
    for i in [i for i, token in enumerate(toks) if token in _TRIGGERS]:
        token = toks[i]
        nxt = toks[i + 1] if i + 1 < n else None
        # Lexicon phrases (hedges, refusals, acceptance, conditions, time, courtesy).
        # A word inside a hyphenated compound ("trauma-informed") is not a cue on its own.
        in_compound = i > 0 and toks[i - 1] == "-"
        for name, phrase in () if in_compound else _PHRASE_INDEX.get(token, ()):
            if len(phrase) == 1 or tuple(toks[i:i + len(phrase)]) == phrase:
                feats[f"{name}={' '.join(phrase)}"] = 1.0
                counts[name] += 1
                if name == "hedge" and phrase in GUIDE_HEDGES:
                    counts["guide_hedge"] += 1
        # Modal and future forms, and what follows them.
        if token in MODALS:
            flag(f"modal={token}")
            rest = toks[i + 1:i + 4]
            if rest[:1] and rest[0] in NEGATORS:
                flag(f"modal_neg={token}")
            if rest[:1] == ["be"] and len(rest) > 1 and _is_participle(rest[1]):
                flag(f"modal_passive={token}")
                flag(f"modal_passive={token}:{rest[1]}")
            if rest[:1] == ["continue"] or rest[:2] == ["also", "continue"]:
                flag("will_continue")
            if rest and rest[0] in DELIVERABLES:
                flag("modal_deliverable")
        if token in ("is", "are"):
            if i + 2 < n and nxt == "to" and toks[i + 2] != "be":
                flag("is_to_verb")
            if nxt is not None and _is_participle(nxt):
                flag("present_passive")
            if nxt in IN_PROGRESS or (nxt in ("now", "also", "currently") and i + 2 < n and toks[i + 2] in IN_PROGRESS):
                flag("in_progress_deliverable")
        elif token == "going" and nxt == "to":
            flag("going_to")
        if token in _PLANS and nxt == "to":
            flag(f"plan_to={token}")
        # Negation scope: a negator within three tokens before a commitment verb.
        if token in NEGATORS:
            flag("negation")
            for j in range(i + 1, min(n, i + 4)):
                if toks[j] in COMMIT_VERBS:
                    flag("neg_scope")
                    flag(f"neg_scope={toks[j]}")
                    break
        if token == "no" and nxt in _NO_WHAT:
            flag(f"no_x={nxt}")
        # Completed work and routine practice.
        if token in _PERFECT and nxt is not None and (_is_participle(nxt) or nxt in ("been", "already")):
            flag("perfect")
        if token in ("was", "were") and nxt is not None:
            flag("past_be")
        if token in PAST_OR_ROUTINE:
            if token in PAST_MARKERS:
                flag(f"past={token}")
            if token in ROUTINE:
                flag(f"routine={token}")
    for name in _LEXICONS:
        if counts[name]:
            flag(f"{name}_count", min(counts[name], 4) / 4)

    # Who acts.
    first = toks[0] if toks else None
    if first in FIRST_PERSON:
        flag("starts_first_person")
    if not FIRST_PERSON.isdisjoint(toks):
        flag("first_person")
    if n > 1 and first == "the" and toks[1] in ORGANISATIONS:
        flag("starts_organisation")
    if first in ("this", "it", "these", "that", "they", "which"):
        flag(f"starts_pronoun={first}")

    # Time and quantity.
    present = set(toks)
    if not present.isdisjoint(MONTHS):
        flag("month")
    joined = " ".join(toks)
    if _YEAR.search(joined):
        flag("year")
    if _ANY_DIGIT.search(joined):
        flag("number")
    if not present.isdisjoint(("%", "per", "percent")):
        flag("percent")
    if not present.isdisjoint(("every", "all", "each")):
        flag("universal")

    # The guide's rules are conjunctions a linear model cannot form on its own: a dated plan
    # is firm, a hedged future is vague, a future effect of "this" is background.
    times = time_expression_kinds(joined)
    for kind in times:
        flag(f"when={kind}")
    future = "modal=will" in feats or "modal=shall" in feats or "modal='ll" in feats or "is_to_verb" in feats or "going_to" in feats
    planned = any(name.startswith("plan_to=") for name in feats)
    hedged = counts["guide_hedge"] > 0
    communication = not present.isdisjoint(COMMUNICATION)
    if times and (future or planned):
        flag("dated_hedged_future" if hedged else "dated_communication" if communication else "dated_future")
    if planned and times:
        flag("dated_plan")
    if future and hedged:
        flag("hedged_future")
    if future and counts["refuse"]:
        flag("refused_future")
    if first in ("this", "it", "these", "which") and "modal=will" in feats and not times:
        flag("undated_pronoun_will")

    # Shape of the sentence.
    flag(f"len={min(n // 5, 8)}")
    if n <= 4:
        flag("very_short")
    if toks and toks[-1] == "?":
        flag("question")
    if toks and toks[-1] not in (".", "!", "?", '"', "'", ")"):
        flag("no_final_stop")
    return feats
