"""Gapless document numbers: one counter row per company, document kind and series.

The number is taken with `UPDATE … SET last_number = last_number + 1 … RETURNING` inside the creating
transaction. The row stays locked until commit (PostgreSQL row lock; SQLite's IMMEDIATE transaction),
so concurrent requests queue instead of colliding, and a failed request rolls its number back.
"""

from errors import NotFound
from models import Series
from models import sql
from models.base import is_sqlite
from models.bulk import insert_row
from models.bulk import insert_row_with


@sql.statement
def take_number_query(which):
    last = sql.column(Series, "last_number")
    return (f"UPDATE {sql.table(Series)} SET {last} = {last} + 1 "
            f"WHERE {sql.equal(Series, ['company', 'doc_type', which])} RETURNING {sql.column(Series, 'code')}, {last}")


def next_number(company_id, kind, code=None):
    """(series code, number): find the series and take its next number in one statement."""
    taken = sql.fetch(take_number_query(_which(code)), [company_id, kind.code, _series_value(code)])
    if not taken:
        raise _no_series(kind, code)
    return tuple(taken[0])


def insert_numbered(model, row, company_id, kind, code=None):
    """Take the series' next number and insert the document (`row`, without series and number) carrying
    it; returns (id, series code, number).

    On PostgreSQL, one statement: the series row is locked for one round trip less. (SQLite has no
    UPDATE inside WITH, and no round trips to save.)
    """
    if is_sqlite():
        series, number = next_number(company_id, kind, code)
        return insert_row(model, {**row, "series": series, "number": number}), series, number
    taken = insert_row_with(model, row, f"WITH source_row AS ({take_number_query(_which(code))})",
                            [company_id, kind.code, _series_value(code)], {"series": "code", "number": "last_number"})
    if taken is None:
        raise _no_series(kind, code)
    return taken


def _which(code):
    return "code" if code else "is_default"


def _series_value(code):
    return code.upper() if code else True


def _no_series(kind, code):
    return NotFound(f"la serie {code or 'predeterminada'} de {kind.name}", "código enviado en factura_serie")
