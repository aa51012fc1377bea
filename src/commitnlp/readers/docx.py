"""Word documents (.docx) through python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import io
import zipfile

from .. import errors


def extract(data: bytes, name: str) -> str:
    """Return the text of a Word document, one paragraph per block, list items as bullets."""
    import docx  # python-docx; imported here so that other formats never load it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise errors.InputError(name, f"not a valid Word (.docx) document ({type(err).__name__})") from None
    except Exception as err:  # lxml and zip errors vary by version; all mean "corrupt"
        raise errors.InputError(name, f"the Word document is damaged ({type(err).__name__}: {err})") from None
    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
            is_list = "list" in style or child.find(".//{*}numPr") is not None
            blocks.append(f"• {text}" if is_list else text)
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            for row in table.rows:
                seen: list[str] = []
                for cell in row.cells:  # merged cells repeat; keep each once
                    text = cell.text.strip()
                    if text and text not in seen:
                        seen.append(text)
                blocks.extend(seen)
    return "\n\n".join(blocks) + "\n"
