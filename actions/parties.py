"""cliente-* and proveedor-*: a client or supplier with its main contact and main address.

Both roles are one implementation (parties/service.py); the `role` bound at registration says what
differs.
"""

from decimal import Decimal

from actions import action
from actions.paging import page
from actions.paging import paged_answer
from actions.paging import unfiltered
from actions.render import lima_date
from parties import service
from parties.service import ADDRESS_FIELDS
from parties.service import CLIENTE
from parties.service import CONTACT_FIELDS
from parties.service import PROVEEDOR
from purchasing.service import supplier_summaries
from schemas.base import editing
from schemas.parties import ClienteEditarSchema
from schemas.parties import ClienteEliminarSchema
from schemas.parties import ClienteListarSchema
from schemas.parties import ClienteNuevoSchema
from schemas.parties import ProveedorEditarSchema
from schemas.parties import ProveedorEliminarSchema
from schemas.parties import ProveedorListarSchema
from schemas.parties import ProveedorNuevoSchema

# Keys that the ERP's listing records always carry as null: the company's templates and logos.
TEMPLATE_KEYS = (
    "logo_empresa", "icono_empresa", "bg_empresa", "tpl_cotizacion", "tpl_boleta", "tpl_factura",
    "tpl_guiaremision", "tpl_barcode", "tpl_barcode_lista", "tpl_cheque", "tpl_pedido", "tpl_oc",
    "tpl_cotizacion_pdf", "tpl_boleta_pdf", "tpl_factura_pdf",
)


@action("cliente-nuevo", schema=ClienteNuevoSchema(), role=CLIENTE)
@action("proveedor-nuevo", schema=ProveedorNuevoSchema(), role=PROVEEDOR)
def create(data, ctx, role):
    party_id, contact_id, address_id = service.create(role, data, ctx)
    return {"respuesta": "Se registró con éxito", "id": party_id, "idpersonal": contact_id, "idsucursal": address_id}


@action("cliente-editar", schema=editing(ClienteEditarSchema, "cliente_id"), role=CLIENTE)
@action("proveedor-editar", schema=editing(ProveedorEditarSchema, "proveedor_id"), role=PROVEEDOR)
def edit(data, ctx, role):
    party = service.edit(role, data, ctx)
    return {"respuesta": f"Se editó {role.noun} con éxito", "id": party.id}


@action("cliente-eliminar", schema=ClienteEliminarSchema(), role=CLIENTE)
@action("proveedor-eliminar", schema=ProveedorEliminarSchema(), role=PROVEEDOR)
def delete(data, ctx, role):
    party = service.delete(role, data, ctx)
    return {"respuesta": f"Se eliminó {role.noun} con éxito", "id": party.id}


@action("cliente-listar", schema=ClienteListarSchema(), role=CLIENTE)
@action("proveedor-listar", schema=ProveedorListarSchema(), role=PROVEEDOR)
def listing(data, ctx, role):
    query = service.listing(role, data, ctx.company.id)
    parties, headers = page(query, data, ctx, kept=unfiltered(data, role.prefix, ctx.company.id))
    contacts, addresses = service.contacts_and_addresses([party.id for party in parties])
    records = [party_record(p, [contact_record(c) for c in contacts.get(p.id, [])],
                            [address_record(a) for a in addresses.get(p.id, [])]) for p in parties]
    if role is PROVEEDOR:  # what the company owes each supplier: its live bills, in soles
        bills = supplier_summaries(ctx.company.id, [p.id for p in parties])
        for record in records:
            count, total = bills.get(record["idempresa"], (0, Decimal("0.00")))
            record.update({"compras_cantidad": count, "compras_por_pagar": total})
    return paged_answer(records, headers)


def party_record(party, contacts, addresses):
    """A client or supplier with the keys of the ERP's own listing, in its order and types, plus its contacts
    and addresses."""
    record = {
        "idempresa": party.id,
        "idtipo_cliente": party.kind,
        "empresa": party.name,
        "nombre_comercial": party.trade_name,
        "ruc": party.doc_number,
        "idestado": 1,
        "fecha_creacion": lima_date(party.created_at),
        "fecha_modificacion": lima_date(party.updated_at),
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
