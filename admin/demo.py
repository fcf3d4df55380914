"""The demo data `make run` creates on an empty database, so the README's curl examples work as pasted.

A company with a key, one client with RUC (id 1, contact 1), the two products of the ERP's own examples
with stock, and an issuer for SUNAT's beta environment (user MODDATOS, a self-signed certificate), which
accepts test documents from anyone.
"""

from decimal import Decimal

from admin.companies import create_company
from admin.companies import create_key
from domain.catalogs import CLIENT
from domain.clock import lima_today
from inventory.stock import bring_in
from models import Address
from models import Company
from models import Contact
from models import Issuer
from models import Party
from models import Product
from models.base import db
from models.counts import adjust
from sunat.certificates import self_signed

DEMO_RUC = "20000000001"
DEMO_NAME = "EMPRESA DEMO S.A.C."
DEMO_PRODUCTS = (
    (43677910, "PRODUCTO DE PRUEBA", Decimal("20.50")),
    (35363770, "OTRO PRODUCTO DE PRUEBA", Decimal("200.00")),
)


def bootstrap_demo():
    """On a database without companies: the demo data. Returns the demo key's value, or None."""
    if Company.select().exists():
        return None
    with db.atomic():
        company = create_company(DEMO_RUC, DEMO_NAME)
        _, value = create_key(company, "demo")
        client = Party.create(company=company, kind=CLIENT, name="CLIENTE DEMO S.A.C.", doc_type=4,
                              doc_number="20100070970", code="demo")
        adjust(company.id, "cliente", +1)
        Contact.create(party=client, first_name="Ana", last_name="Demo", dni="10000003", email="ana.demo@example.com")
        Address.create(party=client, name="Oficina", address="Av. Demo 123", district_id=1253,
                       province_id=127, department_id=15, country_id=179)
        for code, name, price in DEMO_PRODUCTS:
            product = Product.create(company=company, code=code, name=name, price=price)
            adjust(company.id, "producto", +1)
            bring_in(company.id, [(product.id, 100, price / 2)], lima_today(),
                     description="Stock inicial de demostración")
        key_pem, certificate_pem = self_signed(DEMO_RUC, DEMO_NAME)
        Issuer.create(company=company, ruc=DEMO_RUC, razon_social=DEMO_NAME, nombre_comercial="DEMO",
                      address_line="AV. DEMO 123", ubigeo="150101", department="LIMA", province="LIMA",
                      district="LIMA", sol_user="MODDATOS", sol_password="moddatos", environment="beta",
                      private_key_pem=key_pem, certificate_pem=certificate_pem,
                      # Sent when asked (fesunat-enviar): the quick start edits and deletes its documents
                      # first, which the worker beside `make run` would otherwise have sent already.
                      send_on_creation=False)
    return value
