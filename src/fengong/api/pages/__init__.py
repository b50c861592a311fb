"""The Chinese web pages over the graph (首页, 规划, 单位任务清单, 目标日历, 督查清单, 比较, 政策机制, 搜索,
共同责任网络) and the consoles (SPARQL, Cypher, 上传)."""

from fastapi import APIRouter

from fengong.api.pages import consoles, routes

router = APIRouter(include_in_schema=False)
router.include_router(routes.router)
router.include_router(consoles.router)

__all__ = ["router"]
