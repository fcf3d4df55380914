"""The three sales document kinds, numbered as `fesunat-enviar`'s `tipodoc` (CONTRACT §5)."""

import re
from dataclasses import dataclass

FACTURA = 1
BOLETA = 2
NOTA = 3


@dataclass(frozen=True)
class DocumentKind:
    code: int
    slug: str  # the action prefix: factura-nuevo, boleta-nuevo, nota-nuevo
    name: str  # as the answers say it: "la Factura de venta"
    default_series: str
    series_pattern: re.Pattern
    sunat_code: str | None  # SUNAT catalogue 01; a nota de venta is not a SUNAT document
    max_lines: int  # SUNAT numbers items with at most 3 digits (its rule 2023)


KINDS = {
    FACTURA: DocumentKind(FACTURA, "factura", "Factura de venta", "F001", re.compile(r"^F[A-Z0-9]{3}$"), "01", 999),
    BOLETA: DocumentKind(BOLETA, "boleta", "Boleta de venta", "B001", re.compile(r"^B[A-Z0-9]{3}$"), "03", 999),
    NOTA: DocumentKind(NOTA, "nota", "Nota de venta", "NV01", re.compile(r"^[A-Z0-9]{4}$"), None, 1000),
}
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS.values()}
