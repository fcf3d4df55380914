"""IGV affectations (SUNAT catalogue 07) and the tax scheme (catalogue 05) each one is declared under."""

from dataclasses import dataclass
from decimal import Decimal

from domain.money import IGV_RATE

GRAVADO = 10
EXONERADO = 20
INAFECTO = 30
EXPORTACION = 40
AFFECTATIONS = {GRAVADO: "gravado", EXONERADO: "exonerado", INAFECTO: "inafecto", EXPORTACION: "exportación"}


@dataclass(frozen=True)
class TaxScheme:
    """How SUNAT names the tax of an affectation: catalogue 05 id and name, UN/ECE 5153 type, 5305 category."""

    id: str
    name: str
    type_code: str
    category: str


TAX_SCHEMES = {
    GRAVADO: TaxScheme("1000", "IGV", "VAT", "S"),
    EXONERADO: TaxScheme("9997", "EXO", "VAT", "E"),
    INAFECTO: TaxScheme("9998", "INA", "FRE", "O"),
    EXPORTACION: TaxScheme("9995", "EXP", "FRE", "G"),
}


def igv_rate(affectation):
    """The IGV rate a line of `affectation` pays: 18 % when gravado, nothing otherwise."""
    return IGV_RATE if affectation == GRAVADO else Decimal(0)
