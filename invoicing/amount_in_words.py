"""The amount in Spanish words, as SUNAT's legend 1000 prints it: "CIENTO DIECIOCHO CON 00/100 SOLES".

Written here because the common library gets Spanish apocope wrong before MIL and MILLONES
("VEINTIUNO MIL" for VEINTIÚN MIL, "CIENTO UNO MIL" for CIENTO UN MIL).
"""

from decimal import Decimal

from domain.money import cents

UNDER_THIRTY = (
    "CERO", "UNO", "DOS", "TRES", "CUATRO", "CINCO", "SEIS", "SIETE", "OCHO", "NUEVE",
    "DIEZ", "ONCE", "DOCE", "TRECE", "CATORCE", "QUINCE", "DIECISÉIS", "DIECISIETE", "DIECIOCHO",
    "DIECINUEVE", "VEINTE", "VEINTIUNO", "VEINTIDÓS", "VEINTITRÉS", "VEINTICUATRO", "VEINTICINCO",
    "VEINTISÉIS", "VEINTISIETE", "VEINTIOCHO", "VEINTINUEVE",
)
TENS = {3: "TREINTA", 4: "CUARENTA", 5: "CINCUENTA", 6: "SESENTA", 7: "SETENTA", 8: "OCHENTA", 9: "NOVENTA"}
HUNDREDS = {1: "CIENTO", 2: "DOSCIENTOS", 3: "TRESCIENTOS", 4: "CUATROCIENTOS", 5: "QUINIENTOS",
            6: "SEISCIENTOS", 7: "SETECIENTOS", 8: "OCHOCIENTOS", 9: "NOVECIENTOS"}
CURRENCY_WORDS = {1: "SOLES", 2: "DÓLARES AMERICANOS", 3: "EUROS"}


def below_thousand(n):
    if n < 30:
        return UNDER_THIRTY[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return TENS[tens] + (f" Y {UNDER_THIRTY[unit]}" if unit else "")
    if n == 100:
        return "CIEN"
    hundreds, rest = divmod(n, 100)
    return HUNDREDS[hundreds] + (f" {below_thousand(rest)}" if rest else "")


def shortened(words):
    """Apocope before a noun (MIL, MILLONES): UNO → UN, VEINTIUNO → VEINTIÚN."""
    if words.endswith("VEINTIUNO"):
        return words[:-9] + "VEINTIÚN"
    if words.endswith("UNO"):
        return words[:-3] + "UN"
    return words


def below_million(n, before_noun=False):
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands == 1:
        parts.append("MIL")
    elif thousands:
        parts.append(f"{shortened(below_thousand(thousands))} MIL")
    if rest or not thousands:
        words = below_thousand(rest)
        parts.append(shortened(words) if before_noun else words)
    return " ".join(parts)


def number_in_words(n):
    if n < 0:
        raise ValueError("negative amounts have no legend")
    millions, rest = divmod(n, 1_000_000)
    if not millions:
        return below_million(rest)
    head = "UN MILLÓN" if millions == 1 else f"{below_million(millions, before_noun=True)} MILLONES"
    return head + (f" {below_million(rest)}" if rest else "")


def amount_in_words(amount, currency):
    """'CIENTO DIECIOCHO CON 00/100 SOLES' for Decimal('118.00') in currency 1 (PEN)."""
    amount = cents(Decimal(amount))
    units = int(amount)
    hundredths = int((amount - units) * 100)
    return f"{number_in_words(units)} CON {hundredths:02d}/100 {CURRENCY_WORDS[currency]}"
