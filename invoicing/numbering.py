"""Gapless document numbers: one counter row per company, document kind and series.

The number is taken with `UPDATE … SET last_number = last_number + 1 … RETURNING` inside the creating
transaction. The row stays locked until commit (PostgreSQL row lock; SQLite's IMMEDIATE transaction),
so concurrent requests queue instead of colliding, and a failed request rolls its number back.
"""

from errors import NotFound
from models import Series


def next_number(company_id, kind, code=None):
    """(series code, number): find the series and take its next number in one statement."""
    which = Series.code == code.upper() if code else Series.is_default == True  # noqa: E712
    query = (Series.update(last_number=Series.last_number + 1)
             .where((Series.company == company_id) & (Series.doc_type == kind.code) & which)
             .returning(Series.code, Series.last_number))
    taken = list(query.tuples().execute())
    if not taken:
        raise NotFound(f"la serie {code or 'predeterminada'} de {kind.name}", "código enviado en factura_serie")
    return taken[0]
