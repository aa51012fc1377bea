"""Clean up extracted letter text while keeping every character traceable to the source.

Letters reach us hard-wrapped, hyphenated at line ends, broken across pages and full of
typographic quotes. The pipeline works on a cleaned copy, but every offset it reports must
point into the file's own text, so each cleaning step records where each kept character
came from (:attr:`Normalised.offsets`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_TERMINAL = ".!?:;)\"'”’"
# One character in, one character out: no offset bookkeeping beyond a copy.
_CHAR_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00a0": " ", "\u2007": " ",
    "\u202f": " ", "\t": " ", "\f": "\n", "\v": "\n",
    "\u25aa": "•", "\u25cf": "•", "\u25e6": "•", "\uf0b7": "•", "\u2023": "•",
    "\u2043": "•", "\u25a0": "•", "\u2219": "•", "\u00b7": "•",
})
_MAPPED = re.compile("[" + re.escape("".join(map(chr, _CHAR_MAP))) + "]")
_DROP = re.compile("[\r\u00ad\u200b\u200c\u200d\ufeff]")
_DEHYPHEN = re.compile(r"(?<=[a-z])-\n(?=[a-z]{2})")
# A bullet written with a dash, asterisk or letter glyph at the start of a line.
_BULLET = re.compile(r"(?m)^[ ]*(?:[-*\u2013o])[ ]+(?=\S)")
_TRAILING_SPACE = re.compile(r"(?m)[ ]+$")
# Page furniture left by PDF extraction: "Page 3 of 7", "- 3 -", a bare page number.
_PAGE_NUMBER = re.compile(r"(?m)^[ ]*(?:page \d+(?: of \d+)?|-[ ]?\d+[ ]?-|\d{1,3})[ ]*$", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"\n(?:[ ]*\n)*")
_ADDRESS = re.compile(r"(?:^(?:www\.|https?://)|\S+@\S+\.\w+$|\.(?:uk|com|org|gov|net|au|nz|ie|ca|us)/?$)", re.IGNORECASE)
_STRUCTURE_START = re.compile(r"(?:dear|yours|recommendation|response|rec\b|r\d|area for|concern|status|agreed|accepted|not )", re.IGNORECASE)
_WRAP_WIDTH = 55
"""Lines at least this long that stop mid-sentence are taken to be hard-wrapped prose."""


@dataclass(frozen=True)
class Normalised:
    """Cleaned text plus, for each of its characters, the offset of its source character."""

    text: str
    offsets: list[int] | None
    """Source offset of each clean character; ``None`` when nothing moved (the identity)."""
    source_length: int

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the clean text to the source text."""
        if self.offsets is None:
            return start, end
        if start >= len(self.offsets):
            return self.source_length, self.source_length
        src_start = self.offsets[start]
        src_end = self.offsets[end - 1] + 1 if end > start else src_start
        return src_start, src_end


def _rewrite(text: str, offsets: list[int] | None, pattern: re.Pattern[str],
             repl: Callable[[re.Match[str]], str]) -> tuple[str, list[int] | None]:
    """Apply ``pattern.sub(repl)`` and carry the offsets along.

    Every character of a replacement takes the source offset of the first character of
    what it replaced, so spans that start or end inside a rewrite still map back sensibly.
    """
    changes = [(m.start(), m.end(), new) for m in pattern.finditer(text) if (new := repl(m)) != m.group(0)]
    if not changes:
        return text, offsets  # nothing to rewrite: skip the copy
    if offsets is None:
        offsets = list(range(len(text)))
    out: list[str] = []
    out_offsets: list[int] = []
    pos = 0
    for start, end, new in changes:
        out.append(text[pos:start])
        out_offsets.extend(offsets[pos:start])
        out.append(new)
        anchor = offsets[start] if start < len(offsets) else (offsets[-1] + 1 if offsets else 0)
        out_offsets.extend([anchor] * len(new))
        pos = end
    out.append(text[pos:])
    out_offsets.extend(offsets[pos:])
    return "".join(out), out_offsets


def _join_broken_lines(match: re.Match[str]) -> str:
    """Decide whether a run of line breaks sits inside a sentence; keep it if not."""
    text = match.string
    breaks = match.group(0)
    line_start = text.rfind("\n", 0, match.start()) + 1
    prev_line = text[line_start:match.start()].rstrip()
    line_end = text.find("\n", match.end())
    next_line = text[match.end():line_end if line_end != -1 else len(text)]
    if not prev_line or not next_line or prev_line.endswith(tuple(_TERMINAL)):
        return breaks
    if next_line.startswith("•") or (prev_line.lstrip().startswith("•") and breaks.count("\n") > 1):
        return breaks
    if _ADDRESS.search(prev_line) or _ADDRESS.match(next_line.lstrip()):
        return breaks  # e-mail and web addresses sit on lines of their own
    first = next_line.lstrip()[:1]
    if first.islower():
        return " "  # a sentence carried over a line, paragraph or page break
    if (breaks == "\n" and len(prev_line) >= _WRAP_WIDTH and prev_line[-1].isalnum() and first.isalnum()
            and not _STRUCTURE_START.match(next_line.lstrip())):
        return " "  # hard-wrapped prose that happens to continue with a capital
    return breaks


def normalise(source: str) -> Normalised:
    """Return the cleaned text of a letter and the map back to ``source``.

    Steps, in order: typographic quotes, spaces and bullet glyphs to plain forms (one
    character for one); carriage returns, soft hyphens and zero-width characters dropped;
    words hyphenated across a line end rejoined; page numbers dropped; dash or asterisk
    bullets made "•"; and lines or paragraphs broken in the middle of a sentence joined.
    """
    text = source.translate(_CHAR_MAP) if _MAPPED.search(source) else source
    offsets: list[int] | None = None
    for pattern, repl in (
        (_DROP, lambda m: ""),
        (_TRAILING_SPACE, lambda m: ""),
        (_DEHYPHEN, lambda m: ""),
        (_PAGE_NUMBER, lambda m: ""),
        (_BULLET, lambda m: "• "),
        (_LINE_BREAKS, _join_broken_lines),
    ):
        text, offsets = _rewrite(text, offsets, pattern, repl)
    return Normalised(text=text, offsets=offsets, source_length=len(source))
