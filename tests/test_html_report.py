"""The self-contained HTML report: every sentence and verdict present, hostile text inert."""

from __future__ import annotations

from html.parser import HTMLParser

from typer.testing import CliRunner

from commitnlp.cli import app

from .conftest import EXAMPLE

runner = CliRunner()


class Collector(HTMLParser):
    """Collects marked sentences, verdict cells, external references and script tags."""

    def __init__(self) -> None:
        super().__init__()
        self.sentences: list[dict] = []
        self.verdicts: list[str] = []
        self.external: list[str] = []
        self.scripts = 0
        self._capture: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for name in ("src", "href"):
            if attrs.get(name, "").startswith(("http:", "https:", "//")):
                self.external.append(attrs[name])
        if tag == "link":
            self.external.append(attrs.get("href", ""))
        if tag == "span" and "data-index" in attrs:
            self.sentences.append({"index": int(attrs["data-index"]), "label": attrs["data-label"], "text": ""})
        if tag == "td" and (attrs.get("class") or "").startswith("verdict-"):
            self._capture = self.verdicts

    def handle_data(self, data):
        if self._capture is not None:
            self._capture.append(data)
            self._capture = None


def test_report_has_every_sentence_and_verdict(tmp_path, example_result):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["score", str(EXAMPLE), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    parser = Collector()
    parser.feed(page)
    responses = [s for s in example_result["sentences"] if s["role"] == "response"]
    assert [(s["index"], s["label"]) for s in parser.sentences] == [(s["index"], s["label"]) for s in responses]
    assert parser.verdicts == [r["verdict"] for r in example_result["recommendations"]]
    for sentence in responses:
        assert f">{sentence['label']}</span>" in page  # a visible text tag, not colour alone
    assert parser.scripts == 0 and parser.external == []
    assert f"Commitment index: {example_result['summary']['commitment_index']}/100" in page


def test_hostile_letter_text_is_shown_as_text(tmp_path):
    letter = tmp_path / "hostile.txt"
    letter.write_text("Dear Chair,\n\nWe will publish <script>alert('x')</script> the data by June. "
                      "We note <img src=x onerror=alert(1)> this.\n\nYours sincerely,\nA \"quoted\" & Co\n", encoding="utf-8")
    out = tmp_path / "report.html"
    assert runner.invoke(app, ["score", str(letter), "--format", "html", "-o", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    parser = Collector()
    parser.feed(page)
    assert parser.scripts == 0
