"""Totals of what a POS sells every day, by hand and by property: ICBPER, free lines, global discounts."""

import datetime
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from domain.money import cents
from domain.taxes import EXONERADO
from domain.taxes import FREE_AFFECTATIONS
from domain.taxes import GRAVADO
from domain.taxes import INAFECTO
from domain.taxes import icbper_rate
from invoicing.totals import document_totals
from invoicing.totals import line_amounts


@pytest.mark.parametrize("day, rate", [
    ("2019-07-31", "0"), ("2019-08-01", "0.10"), ("2019-12-31", "0.10"), ("2020-01-01", "0.20"), ("2021-06-30", "0.30"),
    ("2022-12-31", "0.40"), ("2023-01-01", "0.50"), ("2026-12-02", "0.50")])
def test_the_icbper_rate_goes_by_the_year(day, rate):
    assert icbper_rate(datetime.date.fromisoformat(day)) == D(rate)


def line(price, quantity, affectation=GRAVADO, discount="0", bags=None):
    return affectation, line_amounts(D(price), D(quantity), D(discount), affectation, D(bags) if bags else None)


@pytest.mark.parametrize("lines, discount, expected", [
    # (gravadas, exoneradas, igv, icbper, gratuitas, igv_gratuitas, global discount 02 + 03, total), by hand:
    # three bags at 0.10: 0.30 → base 0.25, IGV 0.05; ICBPER 3 × 0.50 = 1.50; total 1.80
    ([line("0.10", "3", bags="0.50")], "0", ("0.25", "0", "0.05", "1.50", "0", "0", "0", "1.80")),
    # goods 2 × 23.60 = 47.20 (40.00 + 7.20) and two bags (0.17 + 0.03, 1.00 of ICBPER): 48.40
    ([line("23.60", "2"), line("0.10", "2", bags="0.50")], "0", ("40.17", "0", "7.23", "1.00", "0", "0", "0", "48.40")),
    # a free bonificación (15) at 118: base 100 and IGV 18 declared, nothing charged; the paid line alone counts
    ([line("23.60", "1"), line("118", "1", 15)], "0", ("20.00", "0", "3.60", "0", "100.00", "18.00", "0", "23.60")),
    # a free exonerado (21) and inafecto (31) line: no IGV, never in the total
    ([line("50", "2", 21), line("12", "1", 31)], "0", ("0", "0", "0", "0", "112.00", "0", "0", "0")),
    # a free bag still pays its ICBPER: 0.50
    ([line("0.10", "1", 15, bags="0.50")], "0", ("0", "0", "0", "0.50", "0.08", "0.02", "0", "0.50")),
    # 10 % global discount on 3 × 23.60 = 70.80 (60.00 + 10.80): base 54.00, IGV 9.72, total 63.72
    ([line("23.60", "3")], "10", ("54.00", "0", "9.72", "0", "0", "0", "6.00", "63.72")),
    # 12.5 % on gravado 60.00 (7.50 off: 52.50, IGV 9.45) and exonerado 50.00 (6.25 off, the 03 share): 105.70
    ([line("23.60", "3"), line("50", "1", EXONERADO)], "12.5",
     ("52.50", "50.00", "9.45", "0", "0", "0", "13.75", "105.70")),
    # 5 % on inafecto 24.00 only (1.20 off): 22.80; a free line beside it is untouched
    ([line("12", "2", INAFECTO), line("118", "1", 13)], "5", ("0", "0", "0", "0", "100.00", "18.00", "1.20", "22.80")),
])
def test_totals_by_hand(lines, discount, expected):
    totals = document_totals(lines, D(discount))
    got = (totals.gravadas, totals.exoneradas, totals.igv, totals.icbper, totals.gratuitas, totals.igv_gratuitas,
           totals.global_discount, totals.total)
    assert got == tuple(D(value) for value in expected)


amounts = st.decimals(min_value=D("0.01"), max_value=D("9999"), places=2)
quantities = st.decimals(min_value=D("0.001"), max_value=D("500"), places=3)
affectations = st.sampled_from([GRAVADO, EXONERADO, INAFECTO, *FREE_AFFECTATIONS])
lines_strategy = st.lists(st.tuples(amounts, quantities, affectations, st.booleans(),
                                    st.decimals(min_value=0, max_value=99, places=2)), min_size=1, max_size=25)


def drafted(raw):
    result = []
    for price, quantity, affectation, bag, discount in raw:
        discount = D(0) if affectation in FREE_AFFECTATIONS else discount
        result.append((affectation, line_amounts(price, quantity, discount, affectation, D("0.50") if bag else None)))
    return result


@settings(max_examples=300, deadline=None)
@given(lines_strategy)
def test_totals_are_sums_of_the_rounded_lines_and_free_lines_are_never_charged(raw):
    lines = drafted(raw)
    totals = document_totals(lines)
    charged = [amounts for affectation, amounts in lines if not amounts.free]
    assert totals.total == sum((a.total_amount for a in charged), D(0)) + sum((a.icbper_amount for _, a in lines), D(0))
    assert totals.igv == sum((a.igv_amount for a in charged), D(0))
    assert totals.gratuitas == sum((a.value_amount for _, a in lines if a.free), D(0))
    assert totals.gravadas + totals.exoneradas + totals.inafectas + totals.igv + totals.icbper == totals.total
    for _, amounts in lines:
        assert amounts.value_amount + amounts.igv_amount == amounts.total_amount
        assert amounts.icbper_amount == cents(amounts.icbper_amount)


@settings(max_examples=300, deadline=None)
@given(lines_strategy, st.decimals(min_value=D("0.01"), max_value=D("99.99"), places=2))
def test_a_global_discount_comes_off_the_bases_before_igv(raw, percent):
    lines = drafted(raw)
    before, after = document_totals(lines), document_totals(lines, percent)
    assert after.gravadas + after.global_discount_base == before.gravadas
    # the lowered base pays 18 %; a discount that rounds to nothing leaves the lines' IGV as it was
    assert after.igv == (cents(after.gravadas * D("0.18")) if after.global_discount_base else before.igv)
    others = before.exoneradas + before.inafectas + before.exportacion
    assert after.global_discount_other == cents(others * percent / 100)
    assert after.total == (after.gravadas + after.igv + others - after.global_discount_other + after.icbper)
    assert (after.gratuitas, after.icbper) == (before.gratuitas, before.icbper), "free lines and bags are untouched"
    assert after.total <= before.total


def test_a_global_discount_by_amount_comes_off_what_is_paid():
    # SUNAT's homologation group 4: 500.00 + IGV 90.00 = 590.00, less 100.00 (03) = 490.00; no base changes
    totals = document_totals([line("118", "1"), line("236", "2")], D(0), D("100.00"))
    assert (totals.gravadas, totals.igv, totals.global_discount, totals.total) == (
        D("500.00"), D("90.00"), D("100.00"), D("490.00"))
    both = document_totals([line("118", "1")], D("10"), D("5.00"))
    assert (both.gravadas, both.igv, both.global_discount, both.total) == (D("90.00"), D("16.20"), D("15.00"),
                                                                          D("101.20"))
