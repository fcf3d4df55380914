"""Paged listings: `limite` and `desde_id` in the payload, the total in `X-Total-Count`; body stays an array."""

from actions import Answer


def page(query, id_field, data, ctx):
    """(rows of this page, headers) for `query`, ordered by id, after `desde_id`, at most `limite` rows."""
    limit = min(data.get("limite") or ctx.config["PAGE_SIZE_DEFAULT"], ctx.config["PAGE_SIZE_MAX"])
    total = query.count()
    after = data.get("desde_id") or 0
    rows = list(query.where(id_field > after).order_by(id_field).limit(limit))
    headers = {"X-Total-Count": str(total)}
    if len(rows) == limit:
        headers["X-Siguiente-Desde-Id"] = str(rows[-1].id)
    return rows, headers


def paged_answer(records, headers):
    return Answer(records, 200, headers)
