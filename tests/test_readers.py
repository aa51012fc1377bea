"""Readers: every format from a real file made here, and every bad input with a clear error."""

from __future__ import annotations

import pytest

from commitnlp import errors
from commitnlp.readers import read_bytes, read_letter

LETTER = "Dear Chair,\n\nWe will publish the audit by 31 March.\n\nYours sincerely,\nA. Officer\n"


def test_utf8_with_and_without_bom(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text(LETTER, encoding="utf-8")
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + LETTER.encode("utf-8"))
    assert read_letter(plain).text == LETTER
    assert read_letter(bom).text == LETTER


@pytest.mark.parametrize("encoding, text", [
    ("cp1252", "We \u2018accept\u2019 this \u201crecommendation\u201d \u2013 in full.\n"),
    ("latin-1", "Caf\u00e9 culture and the \u00a3 cost of policing are noted.\n"),
])
def test_windows_and_latin1_letters_are_decoded(tmp_path, encoding, text):
    path = tmp_path / "letter.txt"
    path.write_bytes(text.encode(encoding))
    assert read_letter(path).text == text


def test_html_keeps_paragraphs_and_drops_scripts(tmp_path):
    path = tmp_path / "letter.html"
    path.write_text("<html><head><style>p{}</style><script>alert(1)</script></head><body>"
                    "<p>Recommendation 1 &ndash; The Force should act.</p><p>We accept this.</p>"
                    "<ul><li>First item</li></ul></body></html>", encoding="utf-8")
    text = read_letter(path).text
    assert "alert" not in text and "p{}" not in text
    assert "Recommendation 1 \u2013 The Force should act.\n\nWe accept this." in text
    assert "\u2022 First item" in text


def test_docx_paragraphs_lists_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Recommendation 2: The Council should publish data.")
    document.add_paragraph("We will publish the data quarterly.")
    document.add_paragraph("A list item", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Status"
    table.cell(0, 1).text = "Agreed"
    path = tmp_path / "letter.docx"
    document.save(path)
    text = read_letter(path).text
    assert "Recommendation 2: The Council should publish data.\n\nWe will publish the data quarterly." in text
    assert "\u2022 A list item" in text and "Agreed" in text


def _pdf(path, lines, encrypt: str | None = None):
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    if encrypt:
        from reportlab.lib import pdfencrypt

        canvas = canvas_module.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(encrypt, canPrint=0))
    else:
        canvas = canvas_module.Canvas(str(path))
    y = 800
    for line in lines:
        if line:
            canvas.drawString(72, y, line)
        y -= 14
    canvas.showPage()
    canvas.save()


def test_pdf_text_layer(tmp_path):
    path = tmp_path / "letter.pdf"
    _pdf(path, ["Recommendation 3 - The Trust should audit records.", "", "We accept this recommendation."])
    text = read_letter(path).text
    assert "The Trust should audit records." in text and "We accept this recommendation." in text


@pytest.mark.parametrize("make, problem", [
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_bytes(b"   \n\n "), "empty"),
    (lambda p: p.write_bytes(bytes(range(256)) * 4), "binary"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50), "PNG"),
])
def test_bad_text_files(tmp_path, make, problem):
    path = tmp_path / "letter.txt"
    make(path)
    with pytest.raises(errors.InputError) as err:
        read_letter(path)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_missing_directory_and_unsupported(tmp_path):
    with pytest.raises(errors.InputError, match="no such file"):
        read_letter(tmp_path / "absent.txt")
    with pytest.raises(errors.InputError, match="directory"):
        read_letter(tmp_path)
    odd = tmp_path / "letter.xyz"
    odd.write_text("hello")
    with pytest.raises(errors.InputError, match="unsupported file type '.xyz'"):
        read_letter(odd)


def test_corrupt_pdf_and_docx(tmp_path):
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage garbage")
    with pytest.raises(errors.InputError) as err:
        read_letter(pdf)
    assert "broken.pdf" in str(err.value)
    docx = tmp_path / "broken.docx"
    docx.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(errors.InputError, match="Word"):
        read_letter(docx)
    fake = tmp_path / "fake.pdf"
    fake.write_text("just text pretending to be a PDF")
    with pytest.raises(errors.InputError, match="not a valid PDF"):
        read_letter(fake)


def test_scanned_and_encrypted_pdf(tmp_path):
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    scan = tmp_path / "scan.pdf"
    canvas = canvas_module.Canvas(str(scan))
    canvas.rect(72, 72, 300, 500, fill=1)  # an image-like page with no text
    canvas.showPage()
    canvas.save()
    with pytest.raises(errors.InputError, match="no text layer"):
        read_letter(scan)
    locked = tmp_path / "locked.pdf"
    _pdf(locked, ["Secret response"], encrypt="s3cret")
    with pytest.raises(errors.InputError, match="encrypted"):
        read_letter(locked)


def test_huge_file_is_refused(tmp_path, monkeypatch):
    import commitnlp.readers as readers

    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("We will act. " * 200)
    with pytest.raises(errors.InputError, match="larger than"):
        read_letter(path)


def test_read_bytes_for_uploads_and_stdin():
    letter = read_bytes(LETTER.encode("cp1252"), "<stdin>", ".txt")
    assert letter.text == LETTER and len(letter.sha256) == 64
    with pytest.raises(errors.InputError, match="unsupported"):
        read_bytes(b"data", "upload.exe")
