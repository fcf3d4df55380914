"""The demo data `make run` creates on an empty database, so the README's curl examples work as pasted."""

from admin.companies import create_company
from admin.companies import create_key
from models import Company

DEMO_RUC = "20000000001"
DEMO_NAME = "EMPRESA DEMO S.A.C."


def bootstrap_demo():
    """On a database without companies: a demo company and key. Returns the key value, or None."""
    if Company.select().exists():
        return None
    with Company._meta.database.atomic():
        company = create_company(DEMO_RUC, DEMO_NAME)
        _, value = create_key(company, "demo")
    return value
