"""The errors users see: a plain message, never a traceback, and a kind that says what to do.

The kind is the class, so callers tell failures apart with ``except``, never by what
they were raised from. The service maps each kind to an HTTP status in one table
(``api/errors.py``); the CLI prints the message and exits 2. Every module may import
this one: it imports nothing of fengong.
"""


class FengongError(Exception):
    """Anything fengong cannot do, said in plain words (Chinese or English)."""


class BadInput(FengongError):  # noqa: N818 -- the kinds read as what went wrong
    """The caller's input cannot be used: a parameter of the wrong type, an unreadable document."""


class NotFound(FengongError):  # noqa: N818
    """Nothing with that id or name: an unknown plan, unit or area."""


class StoreUnavailable(FengongError):  # noqa: N818
    """The graph store cannot be reached or opened (Neo4j down, wrong password, a broken store)."""


class StoreInUse(StoreUnavailable):
    """Another process holds the embedded store for writing."""


class StoreFailed(FengongError):  # noqa: N818
    """The store was reached but failed to answer a query fengong wrote itself."""


class QueryInvalid(BadInput):
    """A user's own query (console Cypher, SPARQL) that the engine cannot parse or run."""


class QueryTooLarge(QueryInvalid):
    """A user's query too long or too deeply nested to read safely."""


class QueryRefused(FengongError):  # noqa: N818
    """A user's query that does more than read (writes, updates, admin, files, network): understood and refused."""


class QueryTimeout(FengongError):  # noqa: N818
    """A user's query stopped for running too long or needing too much memory."""


class ConsoleTimeout(QueryTimeout):
    """The Cypher console's stop (its own status, 504, kept from before the hierarchy)."""


class TooManyRows(FengongError):  # noqa: N818
    """An answer with more rows (or triples) than the server returns."""


class NotAcceptable(FengongError):  # noqa: N818
    """No format the client accepts exists for this kind of answer."""


class DocumentTooLarge(BadInput):
    """A document over the size limit."""


class DocumentEmpty(BadInput):
    """A document with no text at all."""


class UnsupportedDocument(BadInput):
    """A file that is not a document fengong reads (binary, legacy .doc, RTF …)."""


class UnreadableDocument(BadInput):
    """A document of a kind fengong reads, but damaged, encrypted or without a text layer."""
