"""Find a letter's structure: header, quoted recommendations, responses, sign-off.

Works on the cleaned text (see :mod:`commitnlp.normalise`), line by line and paragraph by
paragraph, with the cues responders actually use: "Recommendation 3 –", "R3", "Rec. 3",
"Area for improvement 2", numbered paragraphs that quote a recommendation, "Response:",
"Government response", verdict lines ("Agreed in principle"), salutations and sign-offs.
The result is a list of :class:`Segment` in text order; prose segments are then split into
sentences. Quoted recommendation text gets the ``recommendation`` role so that a
committee's "must" is never read as the responder's promise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import split_block

_ID = r"(\d{1,3}(?:\.\d{1,3})*[a-z]?|[A-Z](?:\d{1,2})?)"
_SEP = r"(?:\s*[:.\-\u2013\u2014)|]\s*|\s+(?=[A-Z\"'])|\s*$)"
_REC_HEADING = re.compile(
    r"^(?:(?:(?:oig|gao|audit|(?:state\s+)?auditor(?:['’]s)?|inspectorate(?:['’]s)?|committee(?:['’]s)?|panel(?:['’]s)?)\s+)?"
    r"(?:(?:conclusions?\s+and\s+|key\s+|priority\s+|our\s+)?recommendations?|rec\.?)|"
    r"(?P<afi>areas?\s+for\s+improvement|afi)|(?P<coc>causes?\s+of\s+concern)|"
    r"(?P<moc>(?:matters?\s+of\s+)?concerns?|moc)|(?P<finding>(?:audit\s+)?findings?))"
    rf"\s*(?:no\.?\s*)?{_ID}{_SEP}",
    re.IGNORECASE,
)
_SHORT_REC = re.compile(rf"^R{_ID}{_SEP}")
_NUMBERED_REC = re.compile(r"^\(?(\d{1,3})[.)]\s+(?=.*\b(?:recommend|should|must)\w*\b)")
_RECOMMENDER = re.compile(
    r"\b(?:we\s+recommend|(?:committee|panel|inquiry|review|coroner|inspectorate|hmicfrs|report)\s+"
    r"(?:recommends?|recommended|calls?|considers?|concludes?))\b", re.IGNORECASE)
_RESPONSE_MARK = re.compile(
    r"^(?:[\w'’&().,-]+\s+){0,5}?(?:response|reply|update|comments?)"
    r"(?:\s+to\s+(?:recommendation|rec\.?)\s*" + _ID + r")?\s*(?:[:.\-\u2013\u2014]\s*|$)",
    re.IGNORECASE,
)
_VERDICT = re.compile(
    r"^(?:(?:not\s+|partially\s+|partly\s+)?(?:agreed|accepted|supported|rejected|implemented|"
    r"concur(?:s|red)?|noted)(?:\s+in\s+(?:principle|part))?|do(?:es)?\s+not\s+concur|"
    r"agree|accept|disagree(?:d)?|support(?:ed)?\s+in\s+principle)\b\s*[.:\-\u2013\u2014]?",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"^(?:status|decision|verdict|outcome|owner|lead|lead\s+officer|responsible\s+(?:officer|lead)|action\s+owner|"
    r"target(?:\s+completion)?\s+date|timescales?|deadline|due\s+date|date|(?:estimated\s+)?"
    r"completion\s+date|progress|rag\s+rating|priority|ref(?:erence)?|our\s+ref|your\s+ref|"
    r"tel(?:ephone)?|e-?mail|web(?:site)?|cc|copy\s+to|enc(?:losure)?s?)\s*[:.]",
    re.IGNORECASE,
)
_SALUTATION = re.compile(r"^(?:dear|to)\s+\S.{0,60}$", re.IGNORECASE)
_SIGNOFF = re.compile(
    r"^(?:yours\s+(?:sincerely|faithfully|truly|ever)|is\s+mise\s+le\s+meas|(?:with\s+)?(?:kind(?:est)?|best|warm)\s+"
    r"(?:regards|wishes)|regards|sincerely|respectfully(?:\s+submitted)?)\b[,.]?\s*$",
    re.IGNORECASE,
)
_COURTESY = re.compile(
    r"\b(?:hope|do\s+not\s+hesitate|please\s+(?:contact|let)|grateful|thank|further\s+"
    r"(?:information|questions)|happy\s+to|assure\s+you|any\s+questions|helpful)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:we|our|us|i|my)\b", re.IGNORECASE)
_ASK = re.compile(r"\b(?:should|must|recommends?|ought)\b", re.IGNORECASE)
_TERMINAL = (".", "!", "?", '."', ".'", '?"', ".)")
_SHORT_PROSE_STARTS = frozenset({"This", "It", "There", "These", "That"})


@dataclass(frozen=True)
class Segment:
    """A sentence or structure line: a ``[start, end)`` span of the clean text, its role,
    and the id of the recommendation it quotes or answers (``None`` when it answers none)."""

    start: int
    end: int
    role: str
    recommendation: str | None


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _paragraphs(text: str) -> list[list[_Line]]:
    """Group the lines of ``text`` into paragraphs separated by blank lines."""
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            if current:
                paragraphs.append(current)
                current = []
            continue
        lead = len(raw) - len(raw.lstrip())
        current.append(_Line(start + lead, start + lead + len(stripped), stripped))
    if current:
        paragraphs.append(current)
    return paragraphs


def rec_heading(line: str) -> tuple[str, int] | None:
    """Return ``(id, offset of the text after the heading)`` if ``line`` opens a recommendation.

    Ids are prefixed by their series ("AFI2", "C1", "CoC3") so that "Area for improvement 1"
    and "Recommendation 1" in one letter stay distinct.
    """
    match = _REC_HEADING.match(line)
    if match:
        rest = line[match.end():]
        if rest[:1].islower() and not re.search(r"[:.\-\u2013\u2014)|]\s*$", match.group(0)):
            return None  # "Recommendation 3 is accepted ..." is prose about it, not a heading
        prefix = ("AFI" if match.group("afi") else "CoC" if match.group("coc") else "C" if match.group("moc")
                  else "F" if match.group("finding") else "")
        return prefix + match.group(match.lastindex), match.end()
    match = _SHORT_REC.match(line)
    if match:
        return match.group(1), match.end()
    return None


def _numbered_rec(paragraph_text: str) -> tuple[str, int] | None:
    """A numbered paragraph that quotes a recommendation ("12. We recommend that ...")."""
    match = _NUMBERED_REC.match(paragraph_text)
    if match and _RECOMMENDER.search(paragraph_text) and not re.search(r"\b(?:our|I)\b", paragraph_text):
        return match.group(1), 0
    return None


_RESPONDER_VERB = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:the\s+)?[\w'’&.\- ]{0,60}?\b(?:accepts?|agrees?|supports?|notes|welcomes?|concurs?|"
    r"rejects?|(?:does|do)\s+not\s+(?:accept|agree|support|concur))\b", re.IGNORECASE)


def speaks_as_responder(sentence: str) -> bool:
    """Whether a sentence reads as the responder's reply rather than the quoted ask.

    Quoted recommendations ask ("should", "must", "recommends") in the third person; a
    reply speaks in the first person or accepts, notes or rejects.
    """
    if _ASK.search(sentence) or _RECOMMENDER.search(sentence):
        return False
    return bool(_FIRST_PERSON.search(sentence) or _VERDICT.match(sentence) or _RESPONDER_VERB.match(sentence))


_SUBJECT_SHOULD = re.compile(r"^(?:\d+[.)]\s+)?[A-Z][\w'’&\- ]{0,60}?\s+(?:should|must)\b")


def _unheaded_ask(line: str) -> bool:
    """A line that only quotes asks ("The force should ...") with no heading before it."""
    sentences = [line[s:e] for s, e in split_block(line)]
    return bool(sentences) and bool(_SUBJECT_SHOULD.match(sentences[0])) and all(_asks(s) for s in sentences)


def _next_id(segments: list[Segment]) -> str:
    """A number for a recommendation quoted without one: one more than the highest so far."""
    numbers = [int(m.group()) for seg in segments if seg.recommendation
               for m in [re.match(r"\d+", seg.recommendation)] if m]
    return str(max(numbers, default=0) + 1)


def _first_sentence(text: str) -> str:
    start, end = split_block(text)[0]
    return text[start:end]


def _asks(text: str) -> bool:
    """Third-person asking ("The Force should ..."), the voice of quoted recommendations."""
    return bool(_ASK.search(text) or _RECOMMENDER.search(text)) and not _FIRST_PERSON.search(text)


def _is_heading(line: str) -> bool:
    """A line that names a part of the letter rather than saying something."""
    if line.startswith("•") or line.endswith(_TERMINAL) or line.endswith((",", ";")):
        return False
    return len(line.split()) <= 25


def _is_prose(line: str) -> bool:
    """A finished sentence: six words or more, or a short one in the responder's voice
    ("We accept this recommendation.", "This will help.") that no letterhead line reads like."""
    if not line.endswith(_TERMINAL) or _FIELD.match(line):
        return False
    words = line.split()
    return len(words) >= 6 or (len(words) >= 3 and (_FIRST_PERSON.match(line) is not None or words[0] in _SHORT_PROSE_STARTS))


def _prose_segments(text: str, start: int, end: int, role: str, rec: str | None) -> list[Segment]:
    return [Segment(s, e, role, rec) for s, e in split_block(text[start:end], start)]


def find_segments(text: str) -> list[Segment]:
    """Split a letter's clean text into header, recommendation and response sentences."""
    paragraphs = _paragraphs(text)
    segments: list[Segment] = []
    state = "front"  # front -> body -> rec <-> response -> signoff
    rec: str | None = None
    rec_wants_text = False  # a bare "Recommendation 3" heading: its text follows

    def emit(line: _Line, role: str, start: int | None = None) -> bool:
        """Add the line's segments; return True if quoted text gave way to the reply."""
        begin = line.start if start is None else line.start + start
        while begin < line.end and text[begin] in " \t-\u2013\u2014:|":
            begin += 1
        if begin >= line.end:
            return False
        if role == "header":
            segments.append(Segment(begin, line.end, role, rec))
            return False
        replied = False
        for i, seg in enumerate(_prose_segments(text, begin, line.end, role, rec)):
            if role == "recommendation" and i > 0 and speaks_as_responder(text[seg.start:seg.end]):
                replied = True
            segments.append(Segment(seg.start, seg.end, "response", rec) if replied else seg)
        return replied

    for p_index, paragraph in enumerate(paragraphs):
        whole = " ".join(line.text for line in paragraph)
        numbered = _numbered_rec(whole)
        unheaded = state in ("body", "response") and _unheaded_ask(paragraph[0].text)
        for l_index, line in enumerate(paragraph):
            body = line.text
            heading = rec_heading(body) or (numbered if l_index == 0 else None)
            if unheaded and l_index == 0:
                heading = (_next_id(segments), 0)
            if heading:
                rec, after = heading
                rest = body[after:].strip()
                if not rest or _FIELD.match(rest):
                    emit(line, "header")  # "Recommendation 3" or "Recommendation 3 - Status: complete"
                    rec_wants_text, state = not rest, "rec"
                elif _VERDICT.match(rest) and len(rest.split()) <= 12:
                    head_end = line.start + len(body[:after].rstrip(" :.-\u2013\u2014|"))
                    segments.append(Segment(line.start, head_end, "header", rec))
                    emit(line, "response", after)
                    state = "response"
                else:
                    rec_wants_text = False
                    state = "response" if emit(line, "recommendation") else "rec"
                continue
            if _SIGNOFF.match(body):
                state, rec = "signoff", None
                emit(line, "header")
                continue
            mark = _RESPONSE_MARK.match(body)
            rest = body[mark.end():].strip() if mark else ""
            if mark and _VERDICT.match(rest) and not rest.endswith(_TERMINAL) and len(rest.split()) <= 5:
                emit(line, "header")  # "Agency response: Supported in principle" is a table field, not a sentence
                state, rec_wants_text = "response", False
                continue
            if mark and len(body[: mark.end()].split()) <= 7 and (mark.end() < len(body) or not body.endswith(".")):
                if mark.group(1):
                    rec = mark.group(1)
                segments.append(Segment(line.start, line.start + len(body[: mark.end()].rstrip(" :.-\u2013\u2014")), "header", rec))
                if body[mark.end():].strip():
                    emit(line, "response", mark.end())
                state, rec_wants_text = "response", False
                continue
            if _VERDICT.match(body) and state in ("rec", "response"):
                emit(line, "response")
                state, rec_wants_text = "response", False
                continue
            if _SALUTATION.match(body) and state in ("front", "signoff") and not body.endswith("."):
                emit(line, "header")
                state = "body"
                continue
            if _FIELD.match(body) and len(body.split()) <= 20:
                emit(line, "header")
                continue
            if state in ("front", "signoff"):
                if _is_prose(body) and not (state == "signoff" and len(body.split()) < 10):
                    state = "body"
                    emit(line, "response")
                else:
                    emit(line, "header")
                continue
            if state == "rec":
                if rec_wants_text:
                    quoting = True
                elif l_index > 0:
                    quoting = _asks(_first_sentence(body))
                else:
                    quoting = _rec_text_continues(paragraphs, p_index, whole)
                if quoting:
                    if _is_heading(body) and not rec_wants_text and l_index == 0:
                        emit(line, "header")
                    elif emit(line, "recommendation"):
                        state = "response"
                    rec_wants_text = False
                    continue
                state = "response"
            if _is_heading(body):
                emit(line, "header")
            else:
                emit(line, "response")
    return _detach_closing(segments, text)


def _rec_text_continues(paragraphs: list[list[_Line]], index: int, whole: str) -> bool:
    """Whether a paragraph after a quoted recommendation is still the committee's text.

    True when a "Response" marker or verdict line comes before the next recommendation
    (so everything up to it is quoted), or when the paragraph asks in the third person
    ("The Met should ...") and does not speak as the responder.
    """
    for paragraph in paragraphs[index: index + 6]:
        first = paragraph[0].text
        if paragraph is not paragraphs[index] and rec_heading(first):
            break
        for line in paragraph:
            mark = _RESPONSE_MARK.match(line.text)
            if (mark and len(line.text[: mark.end()].split()) <= 7) or _VERDICT.match(line.text):
                return paragraph is not paragraphs[index]
    return _asks(whole) and not _VERDICT.match(whole)


def _detach_closing(segments: list[Segment], text: str) -> list[Segment]:
    """Closing courtesies before the sign-off answer no recommendation.

    Without this, "I hope this response is helpful." would count towards the last
    recommendation's verdict.
    """
    out = list(segments)
    signoffs = [i for i, seg in enumerate(out) if seg.role == "header" and _SIGNOFF.match(text[seg.start:seg.end])]
    for sign in signoffs:
        i = sign - 1
        while i >= 0 and out[i].role == "response" and out[i].recommendation is not None:
            sentence = text[out[i].start:out[i].end]
            if not _COURTESY.search(sentence) or re.search(r"recommendation", sentence, re.IGNORECASE):
                break
            out[i] = Segment(out[i].start, out[i].end, "response", None)
            i -= 1
    return out
