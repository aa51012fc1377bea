"""PDF letters through pypdf: the text layer, page by page.

A scanned letter has no text layer; we say so rather than return nothing, since OCR is a
separate step the user has to choose.
"""

from __future__ import annotations

import io

from .. import errors


def extract(data: bytes, name: str) -> str:
    """Return the text layer of a PDF, pages separated by a paragraph break."""
    import logging

    from pypdf import PdfReader  # imported here so that other formats never load it
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would break our one-line errors

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise errors.InputError(name, "not a valid PDF (the file does not start with %PDF)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise errors.InputError(name, errors.ENCRYPTED)
        pages = [page.extract_text() or "" for page in reader.pages]
    except errors.InputError:
        raise
    except FileNotDecryptedError:
        raise errors.InputError(name, errors.ENCRYPTED) from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as err:
        raise errors.InputError(name, f"the PDF is damaged and cannot be read ({type(err).__name__})") from None
    except Exception as err:  # pypdf raises a wide range on broken files; all mean "damaged"
        raise errors.InputError(name, f"the PDF is damaged and cannot be read ({type(err).__name__})") from None
    text = "\n\n".join(page.strip() for page in pages)
    if not text.strip():
        raise errors.InputError(name, errors.NO_TEXT_LAYER)
    return text + "\n"
