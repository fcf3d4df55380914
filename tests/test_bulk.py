"""models/bulk.py: rows written in one statement come back exactly as given, on both databases
(on PostgreSQL they travel as JSON, so text and decimals must survive that too)."""

import datetime
from decimal import Decimal

from models import Contact
from models import Party
from models import Product
from models.base import db
from models.base import write_transaction
from models.bulk import insert_row
from models.bulk import insert_rows
from models.bulk import insert_values
from models.bulk import update_rows

AWKWARD_TEXT = 'O\'Brien "comillas" \\ barra; %s %(x)s {llaves} [] ñandú — 😀 \t tab'
EXACT = Decimal("123456789012.0000000001")  # 22 digits, 10 decimals: the widest `precise` value


def products(company_id):
    return list(Product.select().where(Product.company == company_id).order_by(Product.code))


def test_inserted_rows_keep_text_decimals_and_defaults_exactly(tenant):
    company = tenant.company.id
    with db.connection_context():
        with write_transaction():
            insert_rows(Product, [
                {"company": company, "code": 1, "name": AWKWARD_TEXT, "price": EXACT, "average_cost": Decimal("-0.5")},
                {"company": company, "code": 2, "name": "", "price": Decimal("0"), "average_cost": Decimal("1E+3")},
            ])
        first, second = products(company)
    assert (first.name, first.price, first.average_cost) == (AWKWARD_TEXT, EXACT, Decimal("-0.5"))
    assert (second.name, second.price, second.average_cost) == ("", 0, 1000)
    assert first.unit == "NIU" and first.controls_stock is True and first.deleted is False  # the defaults
    assert isinstance(first.created_at, datetime.datetime)


def test_updated_rows_keep_values_exactly_and_touch_only_their_ids(tenant):
    company = tenant.company.id
    with db.connection_context():
        with write_transaction():
            insert_values(Product, ("company", "code", "name", "price"),
                          [(company, code, f"P{code}", Decimal("1.00")) for code in (1, 2, 3)])
        one, two, three = products(company)
        with write_transaction():
            update_rows(Product, ["name", "average_cost", "controls_stock"],
                        [(AWKWARD_TEXT, EXACT, False, one.id), ("dos", Decimal("-7.25"), True, two.id)])
        one, two, three = products(company)
    assert (one.name, one.average_cost, one.controls_stock) == (AWKWARD_TEXT, EXACT, False)
    assert (two.name, two.average_cost, two.controls_stock) == ("dos", Decimal("-7.25"), True)
    assert (three.name, three.average_cost) == ("P3", 0)


def test_a_model_instance_as_a_foreign_key_and_none_for_a_nullable_field(tenant):
    with db.connection_context(), write_transaction():
        party = Party.get_by_id(insert_row(Party, {
            "company": tenant.company, "kind": 1, "name": "X", "doc_type": 0, "doc_number": "-", "code": "c"}))
        insert_rows(Contact, [{"party": party, "first_name": "A", "last_name": "B", "dni": "1", "email": "a@b.pe", "phone": None}])
        contact = Contact.get(Contact.party == party.id)
    assert contact.first_name == "A" and contact.phone is None
