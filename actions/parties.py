"""cliente-* and proveedor-*: a client or supplier with its main contact and main address.

Both roles are one implementation; `Role` says what differs (prefix, kind, the words in the answers).
"""

import uuid
from dataclasses import dataclass
from functools import partial

from peewee import IntegrityError
from peewee import fn

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.paging import unfiltered
from actions.render import iso
from errors import InvalidInput
from errors import NotFound
from models import Address
from models import Contact
from models import Party
from models.base import db
from models.base import now
from models.bulk import insert_row
from models.counts import adjust
from models.party import CLIENT
from models.party import SUPPLIER
from schemas.base import editing
from schemas.identity import document_number_error
from schemas.parties import ClienteEditarSchema
from schemas.parties import ClienteEliminarSchema
from schemas.parties import ClienteListarSchema
from schemas.parties import ClienteNuevoSchema
from schemas.parties import ProveedorEditarSchema
from schemas.parties import ProveedorEliminarSchema
from schemas.parties import ProveedorListarSchema
from schemas.parties import ProveedorNuevoSchema


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
# Seed keys that the ERP always answers null: the company's templates and logos.
TEMPLATE_KEYS = (
    "logo_empresa", "icono_empresa", "bg_empresa", "tpl_cotizacion", "tpl_boleta", "tpl_factura",
    "tpl_guiaremision", "tpl_barcode", "tpl_barcode_lista", "tpl_cheque", "tpl_pedido", "tpl_oc",
    "tpl_cotizacion_pdf", "tpl_boleta_pdf", "tpl_factura_pdf",
)


def picked(data, mapping, prefix=""):
    """The model attributes of `mapping` whose payload keys `data` carries (None included: it clears)."""
    values = {}
    for name, attribute in mapping.items():
        key = f"{prefix}_{name}" if prefix else name
        if key in data:
            values[attribute] = data[key]
    return values


def find_party(role, party_id, ctx):
    party = Party.get_or_none(
        (Party.id == party_id) & (Party.company == ctx.company.id)
        & (Party.kind == role.kind) & (Party.deleted == False))  # noqa: E712
    if party is None:
        raise NotFound(role.noun, f"id {party_id}")
    return party


def refuse_duplicate(role, number, ctx):
    """A DNI or RUC identifies one live client (or supplier) per company: a retry must not duplicate it.

    The database's unique index refused the row; this says which one holds the number.
    """
    existing = Party.select(Party.id).where(
        (Party.company == ctx.company.id) & (Party.kind == role.kind)
        & (Party.doc_number == number) & (Party.deleted == False)).first()  # noqa: E712
    field = f"{role.prefix}_num_doc"
    raise InvalidInput(
        f"ya existe {role.noun} {existing.id} con el documento {number}",
        campos={field: [f"Ya está registrado ({role.noun} {existing.id})."]},
        id_existente=existing.id,
    )


def create(role, data, ctx):
    values = picked(data, PARTY_FIELDS, role.prefix)
    for text in ("trade_name", "description", "private_notes"):
        values[text] = values.get(text) or ""
    party_id = insert_row(Party, {"company": ctx.company.id, "kind": role.kind, "code": uuid.uuid4().hex,
                                  "created_by_key": ctx.key.id, **values}, unless_duplicate=True)
    if party_id is None:
        refuse_duplicate(role, values["doc_number"], ctx)
    contact_id = insert_row(Contact, {"party": party_id, **picked(data, CONTACT_FIELDS)})
    address_id = insert_row(Address, {"party": party_id, **picked(data, ADDRESS_FIELDS)})
    adjust(ctx.company.id, role.prefix, +1)
    return {"respuesta": "Se registró con éxito", "id": party_id, "idpersonal": contact_id, "idsucursal": address_id}


def edit(role, data, ctx):
    party = find_party(role, data[f"{role.prefix}_id"], ctx)
    values = picked(data, PARTY_FIELDS, role.prefix)
    doc_type = values.get("doc_type", party.doc_type)
    number = values.get("doc_number", party.doc_number)
    if "doc_type" in values or "doc_number" in values:
        message = document_number_error(doc_type, number)
        if message:
            field = f"{role.prefix}_num_doc"
            raise InvalidInput(f"revise {field}", campos={field: [message]})
    for text in ("trade_name", "description", "private_notes"):
        if text in values and values[text] is None:
            values[text] = ""
    try:
        with db.atomic():
            Party.update(updated_at=now(), **values).where(Party.id == party.id).execute()
    except IntegrityError:
        refuse_duplicate(role, number, ctx)
    contact_values = picked(data, CONTACT_FIELDS)
    if contact_values:
        Contact.update(**contact_values).where(Contact.id == main_of(Contact, party.id)).execute()
    address_values = picked(data, ADDRESS_FIELDS)
    if address_values:
        Address.update(**address_values).where(Address.id == main_of(Address, party.id)).execute()
    return {"respuesta": f"Se editó {role.noun} con éxito", "id": party.id}


def main_of(model, party_id):
    """The id of a party's first contact or address: its main one."""
    return model.select(fn.MIN(model.id)).where(model.party == party_id).scalar()


def delete(role, data, ctx):
    party = find_party(role, data[f"{role.prefix}_id"], ctx)
    # Logical: documents that name this party stay intact and readable.
    Party.update(deleted=True, updated_at=now()).where(Party.id == party.id).execute()
    adjust(ctx.company.id, role.prefix, -1)
    return {"respuesta": f"Se eliminó {role.noun} con éxito", "id": party.id}


def listing(role, data, ctx):
    query = Party.select().where(
        (Party.company == ctx.company.id) & (Party.kind == role.kind) & (Party.deleted == False))  # noqa: E712
    party_id = data.get(f"{role.prefix}_id") or data.get("cliente_id")
    if party_id:
        query = query.where(Party.id == party_id)
    if data.get(f"{role.prefix}_num_doc"):
        query = query.where(Party.doc_number == data[f"{role.prefix}_num_doc"])
    parties, headers = page(query, Party.id, data, ctx, kept=unfiltered(data, role.prefix, ctx.company.id))
    ids = [party.id for party in parties]
    contacts, addresses = {}, {}
    if ids:
        for contact in Contact.select().where(Contact.party.in_(ids)).order_by(Contact.id):
            contacts.setdefault(contact.party_id, []).append(contact_record(contact))
        for address in Address.select().where(Address.party.in_(ids)).order_by(Address.id):
            addresses.setdefault(address.party_id, []).append(address_record(address))
    records = [party_record(p, contacts.get(p.id, []), addresses.get(p.id, [])) for p in parties]
    return paged_answer(records, headers)


def party_record(party, contacts, addresses):
    """A client or supplier with the seed example's keys, in its order and types, plus its contacts and addresses."""
    record = {
        "idempresa": party.id,
        "idtipo_cliente": party.kind,
        "empresa": party.name,
        "nombre_comercial": party.trade_name,
        "ruc": party.doc_number,
        "idestado": 1,
        "fecha_creacion": iso(party.created_at.date()),
        "fecha_modificacion": iso(party.updated_at.date()),
    }
    record.update(dict.fromkeys(TEMPLATE_KEYS))
    record.update({
        "codigo": party.code,
        "sis_empresa": party.company_id,
        "idusuario": party.created_by_key,
        "idforma": 0,
        "idpersonal": contacts[0]["idpersonal"] if contacts else 0,
        "idsucursal": addresses[0]["idsucursal"] if addresses else 0,
        "idasesor": 0,
        "idtipo_documento": party.doc_type,
        "descripcion": party.description,
        "notas_privadas": party.private_notes,
        "contactos": contacts,
        "sucursales": addresses,
    })
    return record


def contact_record(contact):
    return {"idpersonal": contact.id, **{key: getattr(contact, attr) for key, attr in CONTACT_FIELDS.items()}}


def address_record(address):
    return {"idsucursal": address.id, **{key: getattr(address, attr) for key, attr in ADDRESS_FIELDS.items()}}


for _role, (_nuevo, _editar, _eliminar, _listar) in (
    (CLIENTE, (ClienteNuevoSchema, ClienteEditarSchema, ClienteEliminarSchema, ClienteListarSchema)),
    (PROVEEDOR, (ProveedorNuevoSchema, ProveedorEditarSchema, ProveedorEliminarSchema, ProveedorListarSchema)),
):
    action(f"{_role.prefix}-nuevo", schema=_nuevo())(partial(create, _role))
    action(f"{_role.prefix}-editar", schema=editing(_editar, f"{_role.prefix}_id"))(partial(edit, _role))
    action(f"{_role.prefix}-eliminar", schema=_eliminar())(partial(delete, _role))
    action(f"{_role.prefix}-listar", schema=_listar())(partial(listing, _role))
