"""Creating companies (with their default series) and managing their API keys."""

from domain.documents import KINDS
from domain.identity import ruc_is_valid
from domain.keys import is_well_formed
from domain.keys import new_key_value
from models.company import ApiKey
from models.company import Company
from models.company import key_value_exists
from models.company import store_key
from models.counts import start_counts
from models.document import Series
from models.warehouse import create_main


class AdminError(ValueError):
    """A refused administrative command; the message says why."""


def create_company(ruc, razon_social):
    ruc = ruc.strip()
    if not ruc_is_valid(ruc):
        raise AdminError(f"RUC {ruc!r} no válido (11 dígitos con dígito verificador)")
    if not razon_social.strip():
        raise AdminError("la razón social no puede estar vacía")
    company = Company.create(ruc=ruc, razon_social=razon_social.strip())
    start_counts(company.id)
    company.main_warehouse = create_main(company.id).id
    for kind in KINDS.values():
        for code in kind.default_series_codes:  # a note kind has one per kind it modifies: FC01 and BC01
            Series.create(company=company, doc_type=kind.code, code=code, is_default=code == kind.default_series)
    return company


def get_company(company_id):
    company = Company.get_or_none(Company.id == company_id)
    if company is None:
        raise AdminError(f"no existe la empresa {company_id}")
    return company


def create_key(company, label=""):
    """A new random key: returns (ApiKey, value). The value is shown once and never stored."""
    value = new_key_value()
    return store_key(company.id, value, label), value


def import_key(company, value, label=""):
    """Register an existing key of the old system (32 hex characters)."""
    value = value.strip()
    if not is_well_formed(value):
        raise AdminError("la clave debe tener exactamente 32 caracteres hexadecimales")
    if key_value_exists(value):
        raise AdminError("esa clave ya está registrada")
    return store_key(company.id, value, label)


def find_key(reference):
    """A key by its id or its 8-character prefix."""
    query = ApiKey.select()
    if reference.isdigit() and len(reference) < 8:
        query = query.where(ApiKey.id == int(reference))
    else:
        query = query.where(ApiKey.prefix == reference.lower()[:8])
    keys = list(query)
    if not keys:
        raise AdminError(f"no existe la clave {reference}")
    if len(keys) > 1:
        raise AdminError(f"el prefijo {reference} es ambiguo; use el id de la clave")
    return keys[0]


def set_key_enabled(reference, enabled):
    key = find_key(reference)
    ApiKey.update(enabled=enabled).where(ApiKey.id == key.id).execute()
    return key


def add_series(company, kind, code):
    code = code.strip().upper()
    if not kind.series_pattern.match(code):
        raise AdminError(f"la serie {code!r} no es válida para {kind.name} (patrón {kind.series_pattern.pattern})")
    if Series.select().where((Series.company == company) & (Series.doc_type == kind.code)
                             & (Series.code == code)).exists():
        raise AdminError(f"la serie {code} ya existe")
    return Series.create(company=company, doc_type=kind.code, code=code)
