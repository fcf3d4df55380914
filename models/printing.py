"""What a company prints beyond its issuer data: its logo and the bank accounts its documents show."""

from peewee import AutoField
from peewee import BlobField
from peewee import ForeignKeyField
from peewee import TextField

from models.base import BaseModel
from models.company import Company


class PrintProfile(BaseModel):
    id = AutoField()
    company = ForeignKeyField(Company, unique=True, on_delete="CASCADE")
    logo = BlobField(null=True)  # a PNG, already scaled down when it was uploaded
    bank_accounts = TextField(default="")  # one account a line, printed as written


def profile_of(company_id):
    return PrintProfile.get_or_none(PrintProfile.company == company_id)


def update_profile(company_id, **values):
    """Create or change the company's print profile with the values given."""
    profile = profile_of(company_id) or PrintProfile(company=company_id)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.save()
    return profile
