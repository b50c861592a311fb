"""The one error type users see: a plain message, never a traceback."""


class FengongError(Exception):
    """Anything fengong cannot do, said in plain words (Chinese or English)."""
