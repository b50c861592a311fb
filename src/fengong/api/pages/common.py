"""What every page shares: the templates, the error pages in Chinese, rendering, form values."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from fengong.api.errors import ApiError, status_of
from fengong.api.pages.links import segment, with_query
from fengong.errors import FengongError
from fengong.graph.export.tables import plain_number
from fengong.ontology.model import ROLE_LABELS

API_DIR = Path(str(files("fengong.api")))
TEMPLATES = Jinja2Templates(directory=API_DIR / "templates")
TEMPLATES.env.globals.update(ROLE_LABEL=ROLE_LABELS, with_query=with_query, segment=segment)
TEMPLATES.env.filters["number"] = plain_number
STATIC = API_DIR / "static"
STYLESHEET = STATIC / "fengong.css"

PAGE_ERRORS = {
    400: ("请求有误", "请求不完整或写法有误。"),
    401: ("需要密钥", "这项操作需要 API 密钥。"),
    403: ("不允许", "这项操作不被允许。"),
    404: ("未找到", "没有找到所要的规划、任务、单位或地区。"),
    406: ("格式不可用", "所要的格式不能给出这类结果。"),
    413: ("结果过大", "结果超过服务器一次给出的上限，请缩小范围。"),
    415: ("格式不支持", "不是可以读取的文件格式。"),
    422: ("参数有误", "筛选条件或参数的值不对，请检查后重试。"),
    500: ("服务器出错", "服务器内部出错，服务器日志中有详细信息。"),
    503: ("暂时无法回答", "图数据库暂时无法连接，或查询超时被停止，请稍后再试。"),
    504: ("查询超时", "查询超过了时间上限，已被停止。"),
}
"""What a page says, in Chinese, for each status (the technical message follows it, set apart)."""


def error_page(request: Request, error: Exception) -> HTMLResponse:
    """A failure on a page as a page: its status, a Chinese title and sentence, the technical detail."""
    if isinstance(error, RequestValidationError):
        failure = ApiError(422, "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in error.errors()))
    else:
        assert isinstance(error, FengongError)
        failure = status_of(error)
    title, sentence = PAGE_ERRORS.get(failure.status, PAGE_ERRORS[500])
    context = {"title": title, "sentence": sentence, "message": failure.message}
    return TEMPLATES.TemplateResponse(request, "error.html", context, failure.status)


class PageRoute(APIRoute):
    """A page's failures (an unknown id, a bad filter, an unreachable store) answer as pages, not JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handle(request)
            except (FengongError, RequestValidationError) as error:
                return error_page(request, error)

        return page


OptionalText = Annotated[str | None, Query()]


def render(request: Request, template: str, build: Callable[[], dict[str, Any]]) -> HTMLResponse:
    """``template`` with what ``build`` gathers (its failures become error pages through :class:`PageRoute`)."""
    return TEMPLATES.TemplateResponse(request, template, build())


def blank_as_none(value: str | None) -> str | None:
    """A form's empty choice (全部) as no filter."""
    return value.strip() or None if value is not None else None
