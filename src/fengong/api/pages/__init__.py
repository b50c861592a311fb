"""The Chinese web pages over the graph (首页, 规划, 单位任务清单, 目标日历, 政策机制, 搜索, 共同责任网络)."""

from fengong.api.pages.routes import router

__all__ = ["router"]
