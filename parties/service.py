"""Creating, editing, deleting and listing clients and suppliers.

Both roles are one implementation; `Role` says what differs (the payload prefix, the party kind, the
words in the answers). Each party is created with its main contact and main address.
"""

import uuid
from dataclasses import dataclass

from peewee import IntegrityError
from peewee import fn

from domain.catalogs import CLIENT
from domain.catalogs import SUPPLIER
from domain.clock import utc_now
from domain.identity import document_number_error
from errors import InvalidInput
from errors import NotFound
from models import party as parties_table
from models.base import db
from models.bulk import insert_row
from models.counts import adjust
from models.party import Address
from models.party import Contact
from models.party import Party


@dataclass(frozen=True)
class Role:
    kind: int
    prefix: str
    noun: str  # "el cliente", used in "Se editó el cliente con éxito"


CLIENTE = Role(CLIENT, "cliente", "el cliente")
PROVEEDOR = Role(SUPPLIER, "proveedor", "el proveedor")

# payload suffix (after the role's prefix) → Party attribute
PARTY_FIELDS = {
    "nombre": "name",
    "num_doc": "doc_number",
    "idtipo_documento": "doc_type",
    "nombre_comercial": "trade_name",
    "descripcion": "description",
    "notas_privadas": "private_notes",
}
CONTACT_FIELDS = {
    "contacto_nombre": "first_name",
    "contacto_apellido": "last_name",
    "contacto_dni": "dni",
    "contacto_correo": "email",
    "contacto_telefono": "phone",
    "contacto_celular": "mobile",
    "contacto_sexo": "sex",
}
ADDRESS_FIELDS = {
    "sucursal_nombre": "name",
    "sucursal_telefono": "phone",
    "sucursal_direccion": "address",
    "sucursal_distrito": "district_id",
    "sucursal_provincia": "province_id",
    "sucursal_departamento": "department_id",
    "sucursal_pais": "country_id",
}
OPTIONAL_TEXTS = ("trade_name", "description", "private_notes")  # stored as "" when absent or cleared


def picked(data, mapping, prefix=""):
    """The model attributes of `mapping` whose payload keys `data` carries (None included: it clears)."""
    values = {}
    for name, attribute in mapping.items():
        key = f"{prefix}_{name}" if prefix else name
        if key in data:
            values[attribute] = data[key]
    return values


def find(role, party_id, company_id):
    party = parties_table.live_party(company_id, role.kind, party_id)
    if party is None:
        raise NotFound(role.noun, f"id {party_id}")
    return party


def refuse_duplicate(role, number, company_id):
    """A DNI or RUC identifies one live client (or supplier) per company: a retry must not duplicate it.

    The database's unique index refused the row; this says which one holds the number.
    """
    existing = Party.select(Party.id).where(
        (Party.company == company_id) & (Party.kind == role.kind)
        & (Party.doc_number == number) & (Party.deleted == False)).first()  # noqa: E712
    field = f"{role.prefix}_num_doc"
    raise InvalidInput(
        f"ya existe {role.noun} {existing.id} con el documento {number}",
        campos={field: [f"Ya está registrado ({role.noun} {existing.id})."]},
        id_existente=existing.id,
    )


def create(role, data, ctx):
    """(party id, main contact id, main address id)."""
    values = picked(data, PARTY_FIELDS, role.prefix)
    for text in OPTIONAL_TEXTS:
        values[text] = values.get(text) or ""
    party_id = insert_row(Party, {"company": ctx.company.id, "kind": role.kind, "code": uuid.uuid4().hex,
                                  "created_by_key": ctx.key.id, **values}, unless_duplicate=True)
    if party_id is None:
        refuse_duplicate(role, values["doc_number"], ctx.company.id)
    contact_id = insert_row(Contact, {"party": party_id, **picked(data, CONTACT_FIELDS)})
    address_id = insert_row(Address, {"party": party_id, **picked(data, ADDRESS_FIELDS)})
    adjust(ctx.company.id, role.prefix, +1)
    return party_id, contact_id, address_id


def edit(role, data, ctx):
    party = find(role, data[f"{role.prefix}_id"], ctx.company.id)
    values = picked(data, PARTY_FIELDS, role.prefix)
    doc_type = values.get("doc_type", party.doc_type)
    number = values.get("doc_number", party.doc_number)
    if "doc_type" in values or "doc_number" in values:
        message = document_number_error(doc_type, number)
        if message:
            field = f"{role.prefix}_num_doc"
            raise InvalidInput(f"revise {field}", campos={field: [message]})
    for text in OPTIONAL_TEXTS:
        if text in values and values[text] is None:
            values[text] = ""
    try:
        with db.atomic():
            Party.update(updated_at=utc_now(), **values).where(Party.id == party.id).execute()
    except IntegrityError:
        refuse_duplicate(role, number, ctx.company.id)
    contact_values = picked(data, CONTACT_FIELDS)
    if contact_values:
        Contact.update(**contact_values).where(Contact.id == main_of(Contact, party.id)).execute()
    address_values = picked(data, ADDRESS_FIELDS)
    if address_values:
        Address.update(**address_values).where(Address.id == main_of(Address, party.id)).execute()
    return party


def main_of(model, party_id):
    """The id of a party's first contact or address: its main one."""
    return model.select(fn.MIN(model.id)).where(model.party == party_id).scalar()


def delete(role, data, ctx):
    party = find(role, data[f"{role.prefix}_id"], ctx.company.id)
    # Logical: documents that name this party stay intact and readable.
    Party.update(deleted=True, updated_at=utc_now()).where(Party.id == party.id).execute()
    adjust(ctx.company.id, role.prefix, -1)
    return party


def listing(role, data, company_id):
    """The query of the live parties of a role that a `-listar` payload's filters select."""
    query = Party.select().where(
        (Party.company == company_id) & (Party.kind == role.kind) & (Party.deleted == False))  # noqa: E712
    party_id = data.get(f"{role.prefix}_id") or data.get("cliente_id")
    if party_id:
        query = query.where(Party.id == party_id)
    if data.get(f"{role.prefix}_num_doc"):
        query = query.where(Party.doc_number == data[f"{role.prefix}_num_doc"])
    return query


def contacts_and_addresses(party_ids):
    """(party id → its Contacts, party id → its Addresses), the main one first."""
    contacts, addresses = {}, {}
    if party_ids:
        for contact in Contact.select().where(Contact.party.in_(party_ids)).order_by(Contact.id):
            contacts.setdefault(contact.party_id, []).append(contact)
        for address in Address.select().where(Address.party.in_(party_ids)).order_by(Address.id):
            addresses.setdefault(address.party_id, []).append(address)
    return contacts, addresses
