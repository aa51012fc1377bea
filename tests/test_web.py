"""The local web application, through its HTTP interface and in a real headless browser."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from commitnlp.corpus.load import load_records
from commitnlp.web.app import MAX_UPLOAD, build_app

from .conftest import EXAMPLE


@pytest.fixture()
def client(nlp, tmp_path):
    return TestClient(build_app(nlp, tmp_path / "corpus")), tmp_path / "corpus"


def _upload(client, name="letter.txt", data=None):
    data = EXAMPLE.read_bytes() if data is None else data
    return client.post("/score", files={"letter": (name, data, "text/plain")}, follow_redirects=True)


def test_upload_correct_and_download(client):
    http, corpus = client
    page = _upload(http)
    assert page.status_code == 200
    assert 'class="s FIRM"' in page.text and "verdict-refused" in page.text
    key = page.url.path.rsplit("/", 1)[-1]
    report = json.loads(http.get(f"/letters/{key}/results.json").text)
    target = next(s for s in report["sentences"] if s["role"] == "response" and s["label"] == "NONE")
    saved = http.post(f"/letters/{key}/correct", data={"index": target["index"], "label": "VAGUE"}, follow_redirects=True)
    assert f"sentence {target['index']} is now VAGUE" in saved.text
    records = load_records([corpus])
    assert [(r.text, r.label) for r in records] == [(target["text"], "VAGUE")]
    sheet = http.get(f"/letters/{key}/results.csv")
    assert sheet.headers["content-type"].startswith("text/csv") and "corrected_label" in sheet.text
    assert "letter.txt" in http.get("/").text  # listed among this session's letters


def test_pasted_text_and_errors_shown_in_the_page(client):
    http, _ = client
    pasted = http.post("/score", data={"text": "Dear Chair,\n\nWe will act by June.\n"}, follow_redirects=True)
    assert pasted.status_code == 200 and "pasted letter" in pasted.text
    empty = http.post("/score", data={"text": ""})
    assert empty.status_code == 400 and "choose a letter file or paste" in empty.text
    wrong = _upload(http, name="virus.exe", data=b"MZ....")
    assert wrong.status_code == 400 and "unsupported file type" in wrong.text
    binary = _upload(http, name="image.txt", data=bytes(range(256)) * 4)
    assert binary.status_code == 400 and "binary" in binary.text
    huge = _upload(http, name="big.txt", data=b"a" * (MAX_UPLOAD + 200_000))
    assert huge.status_code == 413 and "larger than" in huge.text
    assert http.get("/letters/nope").status_code == 404


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_in_a_real_browser(nlp, tmp_path):
    playwright_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    import uvicorn

    corpus = tmp_path / "corpus"
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(build_app(nlp, corpus), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_page(accept_downloads=True)
            page.goto(f"http://127.0.0.1:{port}/")
            page.set_input_files("#letter", str(EXAMPLE))
            page.click("#score")
            page.wait_for_selector(".letter .s.FIRM")
            assert page.locator(".letter .s.REFUSAL").count() >= 2
            assert page.locator("td.verdict-committed").count() >= 1
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            assert (tmp_path / "report.png").stat().st_size > 10_000
            first_none = page.locator(".letter .s.NONE").first
            index = first_none.get_attribute("data-index")
            page.select_option(f"#c{index}", "VAGUE")
            page.click(f"button[data-index='{index}']")
            page.wait_for_selector("text=is now VAGUE")
            assert [r.label for r in load_records([corpus])] == ["VAGUE"]
            with page.expect_download() as download:
                page.click("#download-csv")
            saved = Path(download.value.path()).read_text(encoding="utf-8-sig")
            assert saved.startswith("file,doc_id,index")
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
