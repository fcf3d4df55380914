"""Gapless document numbers: one counter row per company, document kind and series.

The number is taken with `UPDATE … SET last_number = last_number + 1 … RETURNING` inside the creating
transaction. The row stays locked until commit (PostgreSQL row lock; SQLite's IMMEDIATE transaction),
so concurrent requests queue instead of colliding, and a failed request rolls its number back.
"""

from errors import NotFound
from models import Series
from models import sql


@sql.statement
def take_number_query(which):
    last = sql.column(Series, "last_number")
    return (f"UPDATE {sql.table(Series)} SET {last} = {last} + 1 "
            f"WHERE {sql.equal(Series, ['company', 'doc_type', which])} RETURNING {sql.column(Series, 'code')}, {last}")


def next_number(company_id, kind, code=None):
    """(series code, number): find the series and take its next number in one statement."""
    which, value = ("code", code.upper()) if code else ("is_default", True)
    taken = sql.fetch(take_number_query(which), [company_id, kind.code, value])
    if not taken:
        raise NotFound(f"la serie {code or 'predeterminada'} de {kind.name}", "código enviado en factura_serie")
    return tuple(taken[0])
