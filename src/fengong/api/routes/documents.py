"""Document upload (上传文件): extract a new document and load it into the graph; needs the API key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile, status

from fengong.api.deps import ApiKeyDep, GraphDep, StoreDep
from fengong.api.errors import ApiError, ErrorResponse
from fengong.api.models import DocumentLoaded
from fengong.graph.rows import rows_of
from fengong.loaders.pipeline import extract_bytes

router = APIRouter(prefix="/documents", tags=["documents"])

CHUNK = 1 << 16
UPLOAD_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse, "description": why}
    for code, why in (
        (400, "Empty file"),
        (401, "No API key"),
        (403, "Wrong API key, or uploads disabled"),
        (413, "File too large"),
        (415, "Not a document fengong reads (binary, unsupported format)"),
        (422, "Unreadable document (damaged, truncated, wrong encoding, no text layer)"),
        (503, "Graph store unreachable"),
    )
}


def _read_limited(upload: UploadFile, limit: int) -> bytes:
    data = bytearray()
    while chunk := upload.file.read(CHUNK):
        data.extend(chunk)
        if len(data) > limit:
            raise ApiError(413, f"file too large: the limit is {limit} bytes")
    return bytes(data)


@router.post(
    "",
    response_model=DocumentLoaded,
    status_code=status.HTTP_201_CREATED,
    dependencies=[ApiKeyDep],
    responses={200: {"model": DocumentLoaded, "description": "Already loaded: unchanged"}, **UPLOAD_ERRORS},
    summary="Upload a policy document (.txt .html .docx .pdf) to extract and load",
)
def upload_document(
    request: Request,
    response: Response,
    graph: GraphDep,
    store: StoreDep,
    file: Annotated[UploadFile, File(description="the document")],
) -> DocumentLoaded:
    limit = graph.settings.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + CHUNK:  # multipart framing adds a little
        raise ApiError(413, f"file too large: the limit is {limit} bytes")
    data = _read_limited(file, limit)
    name = file.filename or "upload.txt"
    if not data:
        raise ApiError(400, f"文件为空 (empty file): {name}")
    extraction, _ = extract_bytes(data, name)
    result = store.load(rows_of(extraction))
    graph.loaded(result)
    if result.status == "unchanged":
        response.status_code = status.HTTP_200_OK
    return DocumentLoaded(
        plan_id=result.plan_id,
        title=extraction.plan.title,
        status=result.status,  # type: ignore[arg-type]  # LoadResult.status is one of the three
        superseded=result.superseded,
        tasks=len(extraction.tasks),
        units=len({a.unit.id for t in extraction.tasks for a in t.assignments}),
        targets=len(extraction.targets),
        warnings=list(extraction.warnings),
    )
