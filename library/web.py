"""`shenbao catalog serve`: the officers' page over the case library (FastAPI + Jinja2, served by uvicorn).

Pages (Chinese): / search with filters and facet counts; /case/{id} a case with its instances (declared /
predicted / confirmed scene), findings and links to report.html and annotated.pdf; forms there confirm or
correct a scene and accept or dismiss a finding (with a reason). JSON: /api/search, /api/case/{id}.
Datasette, the raw SQL door, is mounted at /raw/. Listens on 127.0.0.1 only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from library.cli_text import build_datasette, open_existing
from library.search import FACET_ZH, KIND_ZH, STATUS_ZH
from library.store import CaseLibrary, LibraryError

TEMPLATES = Path(__file__).parent / "templates"
FILTERS = ("year", "region", "industry", "sector", "type", "status", "link", "scene")
PAGE = 20
DECISION_ZH = {"accepted": "已确认", "dismissed": "已驳回"}  # the words the next report.html uses too
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _rule_title(rule: str | None) -> str:
    """Finding id -> its Chinese title from catalog/data/rule_ids.yaml (the id only when it is unknown)."""
    from catalog.reference import load_rule_ids

    entry = load_rule_ids().get(rule or "")
    return entry.title if entry is not None else (rule or "")


def _field_label(path: str | None) -> str:
    """Field path (instances[2].description) -> the form's Chinese label; empty for none."""
    from catalog.reference import field_label

    return field_label(path) if path else ""


def _scene_choices() -> list[tuple[str, str]]:
    """-> (link, scene) of every scene of the newest guide edition, for the confirmation form."""
    from catalog.reference import available_guides, load_guide

    guide = load_guide(available_guides()[-1])
    return [(guide.link(s.link).name, s.name) for s in guide.scenes]


def _filters(params: dict[str, str]) -> dict[str, Any]:
    """Query-string values -> search filters (blank ones dropped, a bad year ignored)."""
    out: dict[str, Any] = {k: params[k].strip() for k in FILTERS if params.get(k, "").strip()}
    if "year" in out:
        out["year"] = int(out["year"]) if out["year"].isdigit() else None
        if out["year"] is None:
            del out["year"]
    return out


def create_app(db_path: Path, *, raw: bool = True) -> Any:
    """Library path -> the FastAPI app (the library must exist; its schema is brought up to date)."""
    library = open_existing(db_path)
    with library.connect():
        pass
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals.update(KIND_ZH=KIND_ZH, STATUS_ZH=STATUS_ZH, FACET_ZH=FACET_ZH, DECISION_ZH=DECISION_ZH,
                                 SEVERITY_ZH=SEVERITY_ZH, rule_title=_rule_title, field_label=_field_label)
    app = FastAPI(title="shenbao 案例库", docs_url=None, redoc_url=None, openapi_url=None)
    choices = _scene_choices()

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    @app.exception_handler(LibraryError)
    async def library_error(request: Request, exc: LibraryError) -> HTMLResponse:
        return page(request, "error.html", 404 if "没有" in str(exc) else 500, message=str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> HTMLResponse:
        # e.g. /case/abc: FastAPI would answer with English JSON
        return page(request, "error.html", 400, message=f"网址 {request.url.path} 无法识别：案例编号应为数字，"
                    "表单各项需填写完整。请从检索结果进入案例页面。")

    @app.exception_handler(HTTPException)
    async def not_found(request: Request, exc: HTTPException) -> HTMLResponse:
        return page(request, "error.html", exc.status_code,
                    message=f"没有这个页面（{request.url.path}）。请从检索页面重新进入。")

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        params = dict(request.query_params)
        query, filters = params.get("q", ""), _filters(params)
        start = int(params["start"]) if params.get("start", "").isdigit() else 0
        found = library.find(query, limit=PAGE, offset=start, **filters)
        kept = {"q": query, **{k: str(v) for k, v in filters.items()}}

        def link_with(**change: Any) -> str:
            merged = {**kept, **{k: v for k, v in change.items()}}
            return "/?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})

        return page(request, "search.html", query=query, filters=filters, found=found, link_with=link_with,
                    start=start, page_size=PAGE)

    @app.get("/case/{case_id}", response_class=HTMLResponse)
    def case(request: Request, case_id: int, saved: str = "") -> HTMLResponse:
        return page(request, "case.html", case=library.case(case_id), choices=choices, saved=saved)

    @app.post("/case/{case_id}/confirm")
    def confirm(case_id: int, instance_index: int = Form(...), scene: str = Form("")) -> RedirectResponse:
        link = next((x for x, s in choices if s == scene), None)
        if link is None:  # nothing chosen (the form starts on 请选择 when no guide scene fits)
            message = "error:请先在下拉列表中选择场景，再保存确认。"
            return RedirectResponse(f"/case/{case_id}?{urlencode({'saved': message})}#instance-{instance_index}",
                                    status_code=303)
        library.confirm(case_id, instance_index, scene, link=link)
        return RedirectResponse(f"/case/{case_id}?saved=scene#instance-{instance_index}", status_code=303)

    @app.post("/case/{case_id}/finding/{finding_id}")
    def decide(case_id: int, finding_id: int, decision: str = Form(...), reason: str = Form("")) -> Any:
        try:
            library.decide_finding(case_id, finding_id, decision, reason)
        except LibraryError as exc:
            return RedirectResponse(f"/case/{case_id}?{urlencode({'saved': 'error:' + str(exc)})}", status_code=303)
        return RedirectResponse(f"/case/{case_id}?saved=finding#finding-{finding_id}", status_code=303)

    def _file(case_id: int, key: str) -> Any:
        path = library.case(case_id).get(key)
        if not path or not Path(path).is_file():
            raise LibraryError(f"案例 {case_id} 没有可打开的文件（{path or '路径未知'}）。")
        return FileResponse(path)

    @app.get("/case/{case_id}/report.html")
    def report(case_id: int) -> Any:
        return _file(case_id, "report_path")

    @app.get("/case/{case_id}/annotated.pdf")
    def annotated(case_id: int) -> Any:
        return _file(case_id, "annotated_path")

    @app.get("/api/search")
    def api_search(request: Request) -> JSONResponse:
        params = dict(request.query_params)
        limit = int(params["limit"]) if params.get("limit", "").isdigit() else PAGE
        found = library.find(params.get("q", ""), limit=min(limit, 200), **_filters(params))
        for r in found["results"]:
            r.pop("snippet_parts", None)
        return JSONResponse(found)

    @app.get("/api/case/{case_id}")
    def api_case(case_id: int) -> JSONResponse:
        return JSONResponse(library.case(case_id))

    if raw:
        app.mount("/raw", build_datasette(db_path, base_url="/raw/").app())
    return app


def serve_library(db_path: Path, port: int = 8001) -> None:
    """Library path + port -> serve the officers' page on http://127.0.0.1:<port>/ until interrupted."""
    import uvicorn

    app = create_app(Path(db_path))
    print(f"案例库已在 http://127.0.0.1:{port}/ 打开（原始数据表：/raw/），按 Ctrl+C 停止。", flush=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


__all__ = ["CaseLibrary", "create_app", "serve_library"]
