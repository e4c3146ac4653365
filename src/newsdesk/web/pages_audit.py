"""Page: audit an article (pasted, uploaded or by URL) against its sources and read the report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response

from newsdesk.errors import NewsdeskError
from newsdesk.verify.report import outlets
from newsdesk.verify.report_de import german_view
from newsdesk.web.auditing import Upload, run_audit
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.deps import editor
from newsdesk.web.state import WebState, get_state

router = APIRouter(dependencies=[Depends(csrf_protect), Depends(editor)], include_in_schema=False)


def read_upload(upload: UploadFile | None, state: WebState) -> Upload | None:
    """The bytes of an uploaded file (None when the field was left empty); 413 when too large."""
    if upload is None or not upload.filename:
        return None
    limit = state.settings.web.max_upload_bytes
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"{upload.filename}: larger than {limit} bytes (web.max_upload_bytes)")
    return Upload(upload.filename, data)


@router.get("/audit")
def audit_form(request: Request) -> Response:
    """The audit form."""
    state = get_state(request)
    return state.render(request, "audit.html", {"title": "Prüfen", "report": None, "error": None, "form": {}})


@router.post("/audit")
def audit_page(
    request: Request,
    text: Annotated[str, Form(max_length=500_000)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    source_urls: Annotated[str, Form(max_length=50_000)] = "",
    article_file: Annotated[UploadFile | None, File()] = None,
    source_files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """Run the audit and show the report (the form stays filled in)."""
    state = get_state(request)
    form = {"text": text, "url": url, "source_urls": source_urls}
    try:
        uploads = [u for u in (read_upload(f, state) for f in source_files or []) if u is not None]
        report = run_audit(
            state,
            text=text,
            url=url,
            article_file=read_upload(article_file, state),
            source_urls=source_urls,
            source_files=uploads,
        )
    except NewsdeskError as exc:
        error = str(exc) + (f" ({exc.hint})" if exc.hint else "")
        failed = {"title": "Prüfen", "report": None, "error": error, "form": form}
        return state.render(request, "audit.html", failed, status_code=400)
    context: dict[str, Any] = {
        "title": "Prüfbericht",
        "report": german_view(report.to_dict()),
        "outlets": outlets(report),
        "error": None,
        "form": form,
    }
    return state.render(request, "audit.html", context)
