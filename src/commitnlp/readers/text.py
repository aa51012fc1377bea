"""Plain text and Markdown: detect the encoding and refuse binary data."""

from __future__ import annotations

from .. import errors

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_MAGIC = {
    b"%PDF": "a PDF", b"PK\x03\x04": "a zip or Word file", b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\xd0\xcf\x11\xe0": "an old-format Office file",
}


def decode(data: bytes, name: str) -> str:
    """Decode letter bytes: a byte-order mark if present, else UTF-8, else cp1252, else latin-1.

    Windows-saved letters are usually cp1252 (curly quotes at 0x91-0x94); latin-1 takes
    whatever is left, since it can decode any byte. Binary data is refused first, because
    latin-1 would otherwise "decode" an image or a PDF into nonsense.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise errors.InputError(name, f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise errors.InputError(name, f"this is {what}, not a text file; give it its proper file extension")
    head = data[:8192]
    controls = sum(byte < 32 and byte not in (9, 10, 12, 13) for byte in head)
    if b"\x00" in head or controls > len(head) * 0.05:
        raise errors.InputError(name, errors.BINARY)
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def extract(data: bytes, name: str) -> str:
    """Return the text of a plain-text or Markdown letter."""
    return decode(data, name)
