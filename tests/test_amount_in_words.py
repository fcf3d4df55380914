"""The amount in words (legend 1000), table-tested, including the apocopes a library gets wrong."""

import pytest

from invoicing.amount_in_words import amount_in_words


@pytest.mark.parametrize("amount, currency, words", [
    ("118", 1, "CIENTO DIECIOCHO CON 00/100 SOLES"),
    ("21000", 1, "VEINTIÚN MIL CON 00/100 SOLES"),
    ("101000", 1, "CIENTO UN MIL CON 00/100 SOLES"),
    ("21000000", 1, "VEINTIÚN MILLONES CON 00/100 SOLES"),
    ("0.50", 1, "CERO CON 50/100 SOLES"),
    ("1", 1, "UNO CON 00/100 SOLES"),
    ("21", 1, "VEINTIUNO CON 00/100 SOLES"),
    ("16.16", 1, "DIECISÉIS CON 16/100 SOLES"),
    ("100", 2, "CIEN CON 00/100 DÓLARES AMERICANOS"),
    ("101", 3, "CIENTO UNO CON 00/100 EUROS"),
    ("1000", 1, "MIL CON 00/100 SOLES"),
    ("1001", 1, "MIL UNO CON 00/100 SOLES"),
    ("31000", 1, "TREINTA Y UN MIL CON 00/100 SOLES"),
    ("999999", 1, "NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE CON 00/100 SOLES"),
    ("1000000", 1, "UN MILLÓN CON 00/100 SOLES"),
    ("1001000", 1, "UN MILLÓN MIL CON 00/100 SOLES"),
    ("2000001", 1, "DOS MILLONES UNO CON 00/100 SOLES"),
    ("121121121.21", 1, "CIENTO VEINTIÚN MILLONES CIENTO VEINTIÚN MIL CIENTO VEINTIUNO CON 21/100 SOLES"),
    ("1000000000", 1, "MIL MILLONES CON 00/100 SOLES"),
    ("21000000000", 1, "VEINTIÚN MIL MILLONES CON 00/100 SOLES"),
    ("999999999999.99", 1, "NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE MILLONES "
                           "NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE CON 99/100 SOLES"),
    ("18.455", 1, "DIECIOCHO CON 46/100 SOLES"),
])
def test_amount_in_words(amount, currency, words):
    assert amount_in_words(amount, currency) == words
