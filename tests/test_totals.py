"""Exact totals: hand-computed tables and properties (hypothesis) of the line and document arithmetic."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from domain.taxes import EXONERADO
from domain.taxes import EXPORTACION
from domain.taxes import GRAVADO
from domain.taxes import INAFECTO
from invoicing.totals import document_totals
from invoicing.totals import line_amounts


@pytest.mark.parametrize("price, quantity, discount, affectation, expected", [
    # (unit_value, discount_amount, value, igv, total), each computed by hand
    ("118", "1", "0", GRAVADO, ("100.0000000000", "0.00", "100.00", "18.00", "118.00")),
    ("50", "3", "0", EXONERADO, ("50.0000000000", "0.00", "150.00", "0.00", "150.00")),
    ("10.5", "2", "0", INAFECTO, ("10.5000000000", "0.00", "21.00", "0.00", "21.00")),
    ("75", "2", "0", EXPORTACION, ("75.0000000000", "0.00", "150.00", "0.00", "150.00")),
    # 100 × 3 × 0.85 = 255.00; 255 / 1.18 = 216.1017 → 216.10; 300 / 1.18 = 254.24 → discount 38.14
    ("100", "3", "15", GRAVADO, ("84.7457627119", "38.14", "216.10", "38.90", "255.00")),
    # 0.3333333333 × 3 = 0.9999999999 → 1.00; / 1.18 = 0.8475 → 0.85
    ("0.3333333333", "3", "0", GRAVADO, ("0.2824858757", "0.00", "0.85", "0.15", "1.00")),
    # half-up, not banker's rounding: 0.125 → 0.13
    ("0.125", "1", "0", EXONERADO, ("0.1250000000", "0.00", "0.13", "0.00", "0.13")),
    # a fractional quantity: 2.5 kg at 7.08 = 17.70; / 1.18 = 15.00
    ("7.08", "2.5", "0", GRAVADO, ("6.0000000000", "0.00", "15.00", "2.70", "17.70")),
    ("20.5", "1", "100", GRAVADO, ("17.3728813559", "17.37", "0.00", "0.00", "0.00")),
])
def test_line_amounts_match_hand_computation(price, quantity, discount, affectation, expected):
    amounts = line_amounts(D(price), D(quantity), D(discount), affectation)
    got = (amounts.unit_value, amounts.discount_amount, amounts.value_amount, amounts.igv_amount,
           amounts.total_amount)
    assert got == tuple(D(x) for x in expected)
    assert all(str(value) == text for value, text in zip(got, expected)), "exact scale too"


def test_mixed_document_sums_its_lines():
    lines = [(GRAVADO, line_amounts(D("118"), D("2"), D("0"), GRAVADO)),
             (EXONERADO, line_amounts(D("50"), D("1"), D("0"), EXONERADO)),
             (INAFECTO, line_amounts(D("10"), D("1"), D("0"), INAFECTO))]
    totals = document_totals(lines)
    assert (totals.gravadas, totals.exoneradas, totals.inafectas, totals.igv, totals.total) == (
        D("200.00"), D("50.00"), D("10.00"), D("36.00"), D("296.00"))


def test_a_thousand_lines_sum_rounded_lines_not_a_rounded_sum():
    # Each 0.10 line is 0.08 + 0.02 IGV; 1000 of them are 80.00 + 20.00, not 100 / 1.18 = 84.75.
    line = line_amounts(D("0.10"), D("1"), D("0"), GRAVADO)
    totals = document_totals([(GRAVADO, line)] * 1000)
    assert (totals.gravadas, totals.igv, totals.total) == (D("80.00"), D("20.00"), D("100.00"))


prices = st.decimals(min_value=0, max_value=10 ** 6, places=10, allow_nan=False, allow_infinity=False)
quantities = st.decimals(min_value=D("0.0001"), max_value=10 ** 4, places=4, allow_nan=False, allow_infinity=False)
discounts = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
affectations = st.sampled_from([GRAVADO, EXONERADO, INAFECTO, EXPORTACION])
lines = st.tuples(prices, quantities, discounts, affectations)


@settings(max_examples=500, deadline=None)
@given(st.lists(lines, min_size=1, max_size=30))
def test_every_line_and_document_adds_up(raw_lines):
    priced = [(aff, line_amounts(p, q, d, aff)) for p, q, d, aff in raw_lines]
    for affectation, amounts in priced:
        assert amounts.value_amount + amounts.igv_amount == amounts.total_amount
        assert amounts.value_amount >= 0 and amounts.igv_amount >= 0
        assert amounts.total_amount.as_tuple().exponent == -2
        if affectation != GRAVADO:
            assert amounts.igv_amount == 0
    totals = document_totals(priced)
    assert totals.total == sum(a.total_amount for _, a in priced)
    assert totals.igv == sum(a.igv_amount for _, a in priced)
    assert totals.gravadas + totals.exoneradas + totals.inafectas + totals.exportacion + totals.igv == totals.total
