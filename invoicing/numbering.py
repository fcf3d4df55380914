"""Gapless document numbers: taken last, inside the creating transaction, from the series' counter row
(models/document.py), so a request that fails never burns a number."""

from errors import NotFound
from models import document as documents_table


def insert_numbered(document, kind, series_code=None):
    """Give `document` (a Document not yet saved) the next number of its series and insert it."""
    if not documents_table.insert_numbered(document, series_code):
        raise no_series(kind, series_code)
    return document


def no_series(kind, series_code):
    return NotFound(f"la serie {series_code or 'predeterminada'} de {kind.name}", "código enviado en factura_serie")
