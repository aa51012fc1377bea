"""``commitnlp serve``: the report in a browser, for officers who do not use a terminal.

A small Starlette application: upload a letter or paste its text, read the same report as
``score --format html``, correct any sentence's label (saved to the user corpus that
``commitnlp train`` reads, append-only), download the results as CSV or JSON, and go back to
any letter scored in this session. It binds to localhost unless told otherwise and keeps
letters in memory only.
"""

from __future__ import annotations

import json
import secrets
from urllib.parse import quote
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import errors
from ..labels import LABELS
from ..readers import READERS, read_bytes
from ..reports import html, tabular

MAX_UPLOAD = 10 * 1024 * 1024
"""Largest upload accepted (a long PDF response is a few MB)."""


@dataclass
class Scored:
    result: dict
    source: str
    corrections: dict[int, str] = field(default_factory=dict)


@dataclass
class State:
    nlp: object
    corpus: Path
    letters: dict[str, Scored] = field(default_factory=dict)


def _form(message: str = "", problem: str = "") -> str:
    notice = (f'<p class="problem" role="alert">{escape(problem)}</p>' if problem else "") + \
             (f'<p class="notice" role="status">{escape(message)}</p>' if message else "")
    accepted = ", ".join(sorted(READERS))
    return (f"{notice}<form method=\"post\" action=\"/score\" enctype=\"multipart/form-data\">"
            f"<p><label for=\"letter\">Letter file ({escape(accepted)}, up to {MAX_UPLOAD // 2**20} MB)</label><br>"
            f"<input type=\"file\" id=\"letter\" name=\"letter\" accept=\"{escape(accepted)}\"></p>"
            "<p><label for=\"text\">or paste the letter's text</label><br>"
            "<textarea id=\"text\" name=\"text\" rows=\"10\" cols=\"80\"></textarea></p>"
            "<p><button type=\"submit\" id=\"score\">Score the letter</button></p></form>")


def _index_page(state: State, message: str = "", problem: str = "", status: int = 200) -> HTMLResponse:
    items = "".join(f'<li><a href="/letters/{key}">{escape(s.result["file"])}</a> - commitment index '
                    f'{s.result["summary"]["commitment_index"]}/100</li>' for key, s in state.letters.items())
    body = ("<h1>commitnlp</h1><p>What did the letter actually promise? Upload a response letter to see each "
            "sentence marked as a firm commitment, a vague intention, a refusal or none of these.</p>"
            + _form(message, problem)
            + (f"<h2>Letters scored in this session</h2><ul id=\"history\">{items}</ul>" if items else ""))
    return HTMLResponse(html.page("commitnlp", body), status_code=status)


def _control(key: str, scored: Scored):
    def control(sentence: dict) -> str:
        index = sentence["index"]
        current = scored.corrections.get(index)
        options = "".join(f'<option value="{label}"{" selected" if label == (current or sentence["label"]) else ""}>{label}</option>'
                          for label in LABELS)
        saved = f' <span class="saved">corrected to {current}</span>' if current else ""
        return (f'<form class="correct" method="post" action="/letters/{key}/correct" style="display:inline">'
                f'<input type="hidden" name="index" value="{index}">'
                f'<label class="visually-hidden" for="c{index}">Correct label for sentence {index}</label>'
                f'<select id="c{index}" name="label">{options}</select>'
                f'<button type="submit" data-index="{index}">Save</button>{saved}</form>')
    return control


def build_app(nlp, corpus: Path) -> Starlette:
    """The web application, scoring with ``nlp`` and saving corrections under ``corpus``."""
    state = State(nlp=nlp, corpus=corpus)

    async def index(request: Request) -> Response:
        return _index_page(state)

    async def score(request: Request) -> Response:
        from ..pipeline import score_letters

        if int(request.headers.get("content-length") or 0) > MAX_UPLOAD + 64 * 1024:
            return _index_page(state, problem=f"The upload is larger than {MAX_UPLOAD // 2**20} MB.", status=413)
        form = await request.form(max_part_size=MAX_UPLOAD)
        upload = form.get("letter")
        pasted = (form.get("text") or "").strip()
        try:
            if upload is not None and getattr(upload, "filename", ""):
                data = await upload.read()
                if len(data) > MAX_UPLOAD:
                    raise errors.InputError(upload.filename, f"the upload is larger than {MAX_UPLOAD // 2**20} MB")
                letter = read_bytes(data, upload.filename)
            elif pasted:
                letter = read_bytes(pasted.encode("utf-8"), "pasted letter", ".txt")
            else:
                raise errors.InputError(None, "choose a letter file or paste the text of a letter")
        except errors.InputError as err:
            return _index_page(state, problem=str(err), status=400)
        result = next(score_letters(state.nlp, [letter]))
        key = secrets.token_urlsafe(8)
        state.letters[key] = Scored(result=result, source=letter.text)
        return RedirectResponse(f"/letters/{key}", status_code=303)

    def _get(request: Request) -> tuple[str, Scored] | None:
        key = request.path_params["key"]
        scored = state.letters.get(key)
        return (key, scored) if scored else None

    async def letter(request: Request) -> Response:
        found = _get(request)
        if not found:
            return _index_page(state, problem="That letter is not in this session any more.", status=404)
        key, scored = found
        message = request.query_params.get("saved", "")
        links = (f'<p><a href="/">Score another letter</a> | <a id="download-csv" href="/letters/{key}/results.csv" download>'
                 f'Download CSV</a> | <a id="download-json" href="/letters/{key}/results.json" download>Download JSON</a></p>'
                 + (f'<p class="notice" role="status">{escape(message)}</p>' if message else ""))
        body = html.report_body(scored.result, scored.source, _control(key, scored), before=links)
        return HTMLResponse(html.page(f"commitnlp: {scored.result['file']}", body))

    async def correct(request: Request) -> Response:
        from ..corpus.store import add_rows
        from ..paths import base_corpus_dir

        found = _get(request)
        if not found:
            return PlainTextResponse("That letter is not in this session any more.", status_code=404)
        key, scored = found
        form = await request.form()
        try:
            index = int(form.get("index", ""))
            sentence = scored.result["sentences"][index]
        except (ValueError, IndexError):
            return PlainTextResponse("No such sentence.", status_code=400)
        label = form.get("label")
        if label not in LABELS or sentence["role"] != "response":
            return PlainTextResponse("Choose one of FIRM, VAGUE, REFUSAL, NONE for a response sentence.", status_code=400)
        row = {"text": sentence["text"], "label": label, "role": "response", "doc_id": tabular.doc_id(scored.result),
               "recommendation": sentence["recommendation"], "source": f"web:{scored.result['file']}"}
        try:
            add_rows([(f"web correction of sentence {index}", row, None)], state.corpus, f"web-{key}", base_corpus_dir())
        except errors.CorpusError as err:
            return RedirectResponse(f"/letters/{key}?saved={quote(err.problems[0] if err.problems else str(err))}", status_code=303)
        scored.corrections[index] = label
        return RedirectResponse(f"/letters/{key}?saved={quote(f'Saved: sentence {index} is now {label}.')}", status_code=303)

    async def download(request: Request) -> Response:
        found = _get(request)
        if not found:
            return PlainTextResponse("That letter is not in this session any more.", status_code=404)
        key, scored = found
        name = Path(scored.result["file"]).stem or "letter"
        if request.path_params["kind"] == "csv":
            return Response("\ufeff" + tabular.to_csv([scored.result]), media_type="text/csv",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
        return Response(json.dumps(scored.result, ensure_ascii=False, indent=2), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}.json"'})

    return Starlette(routes=[
        Route("/", index),
        Route("/score", score, methods=["POST"]),
        Route("/letters/{key}", letter),
        Route("/letters/{key}/correct", correct, methods=["POST"]),
        Route("/letters/{key}/results.{kind:str}", download),
    ])
