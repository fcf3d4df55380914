"""Gapless document numbers: one counter row per company, document kind and series.

The number is taken with `UPDATE … SET last_number = last_number + 1 … RETURNING` inside the creating
transaction. The row stays locked until commit (PostgreSQL row lock; SQLite's IMMEDIATE transaction),
so concurrent requests queue instead of colliding, and a failed request rolls its number back.
"""

from errors import NotFound
from models import Series


def find_series(company_id, kind, code=None):
    """The company's series of `kind` named `code`, or its default series."""
    query = Series.select().where((Series.company == company_id) & (Series.doc_type == kind.code))
    if code:
        query = query.where(Series.code == code.upper())
    else:
        query = query.where(Series.is_default == True)  # noqa: E712
    series = query.first()
    if series is None:
        raise NotFound(f"la serie {code or 'predeterminada'} de {kind.name}", "código enviado en factura_serie")
    return series


def take_number(series):
    """The series' next number, reserved until the transaction ends."""
    query = (Series.update(last_number=Series.last_number + 1)
             .where(Series.id == series.id)
             .returning(Series.last_number))
    [(number,)] = list(query.tuples().execute())
    return number
