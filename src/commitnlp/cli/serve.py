"""``commitnlp serve``: the report and corrections in a browser, on this computer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import handle_errors


@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (localhost only by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    model: Annotated[Path | None, typer.Option("--model", "-m", help="Model directory (default: the shipped model).")] = None,
    corpus: Annotated[Path, typer.Option("--corpus", "-c", help="User corpus directory where corrections are saved.")] = Path("user-corpus"),
) -> None:
    """Open a local web page to upload letters, read the report, correct labels and download results."""
    import uvicorn

    from ..pipeline import load
    from ..web.app import build_app

    app = build_app(load(model), corpus)
    typer.echo(f"commitnlp is running at http://{host}:{port}/ (corrections are saved to {corpus}); press Ctrl-C to stop")
    uvicorn.run(app, host=host, port=port, log_level="warning")
