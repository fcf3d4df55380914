"""Paged listings: `limite` and `desde_id` in the payload, the total in `X-Total-Count`; the body stays an array."""

from actions import Answer
from models.counts import live_count

PAGING_FIELDS = ("limite", "desde_id")


def page(query, data, ctx, counted=None, kept=None):
    """(rows of this page, headers) for `query`, ordered by id, after `desde_id`, at most `limite` rows.

    `counted` is a cheaper query with the same rows to count (without the joins the page needs);
    `kept` is the company's live count when the listing is unfiltered (see models/counts.py).
    """
    limit = min(data.get("limite") or ctx.config["PAGE_SIZE_DEFAULT"], ctx.config["PAGE_SIZE_MAX"])
    total = kept
    if total is None:
        total = (counted if counted is not None else query).count()  # a query's truth value would run it
    key = query.model._meta.primary_key
    rows = list(query.where(key > (data.get("desde_id") or 0)).order_by(key).limit(limit))
    headers = {"X-Total-Count": str(total)}
    if len(rows) == limit:
        headers["X-Siguiente-Desde-Id"] = str(rows[-1].id)
    return rows, headers


def unfiltered(data, entity, company_id):
    """The kept count for a listing whose payload has no filter but paging, else None."""
    if any(value is not None for key, value in data.items() if key not in PAGING_FIELDS):
        return None
    return live_count(company_id, entity)


def paged_answer(records, headers):
    return Answer(records, 200, headers)
