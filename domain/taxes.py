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


# Free transfers (catalogue 07): retiros and bonificaciones. 11–16 would have been gravado (their IGV is
# declared, not charged), 21 exonerado, 31–37 inafecto. 17 is IVAP, which the gateway does not support.
FREE_GRAVADO = {11: "retiro por premio", 12: "retiro por donación", 13: "retiro", 14: "retiro por publicidad",
                15: "bonificaciones", 16: "retiro por entrega a trabajadores"}
FREE_EXONERADO = {21: "exonerado - transferencia gratuita"}
FREE_INAFECTO = {31: "inafecto - retiro por bonificación", 32: "inafecto - retiro", 33: "inafecto - retiro por muestras médicas",
                 34: "inafecto - retiro por convenio colectivo", 35: "inafecto - retiro por premio",
                 36: "inafecto - retiro por publicidad", 37: "inafecto - transferencia gratuita"}
FREE_AFFECTATIONS = {**FREE_GRAVADO, **FREE_EXONERADO, **FREE_INAFECTO}
# The free affectation a product's own one becomes when a line is sent `gratuito` without its own.
DEFAULT_FREE = {GRAVADO: 15, EXONERADO: 21, INAFECTO: 31, EXPORTACION: 31}
GRATUITO = TaxScheme("9996", "GRA", "FRE", "Z")  # every free line, whatever it would have been
ICBPER = TaxScheme("7152", "ICBPER", "OTH", "S")
ISC = TaxScheme("2000", "ISC", "EXC", "S")


def is_free(affectation):
    return affectation in FREE_AFFECTATIONS


def notional_igv_rate(affectation):
    """The IGV rate a line's base is computed with: a free 11–16 line declares the IGV it would have paid."""
    return IGV_RATE if affectation == GRAVADO or affectation in FREE_GRAVADO else Decimal(0)


def scheme_of(affectation):
    """The tax scheme a line of `affectation` is declared under (9996 for every free one)."""
    return GRATUITO if is_free(affectation) else TAX_SCHEMES[affectation]


def category_of(affectation):
    """UN/ECE 5305 category of a line: a free 11–16 line is S (taxable), other free lines Z."""
    if affectation in FREE_GRAVADO:
        return "S"
    if is_free(affectation):
        return "Z"
    return TAX_SCHEMES[affectation].category


# ICBPER (Ley 30884): soles per bag, by the year it is sold in; from 2023 on, S/ 0.50.
ICBPER_RATES = ((2019, Decimal("0.10")), (2020, Decimal("0.20")), (2021, Decimal("0.30")),
                (2022, Decimal("0.40")), (2023, Decimal("0.50")))


def icbper_rate(day):
    """The ICBPER per bag on `day` (a date): the rate of its year; nothing before August 2019."""
    rate = Decimal(0)
    for year, value in ICBPER_RATES:
        if day.year >= year:
            rate = value
    return rate if (day.year, day.month) >= (2019, 8) else Decimal(0)
