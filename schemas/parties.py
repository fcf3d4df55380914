"""Payloads of the client and supplier actions.

Clients and suppliers share every field but their prefix (`cliente_` / `proveedor_`), so the schemas
are built from one definition per role. `-editar` is the `-nuevo` schema plus the id, loaded partially.
"""

from marshmallow import ValidationError
from marshmallow import validates_schema

from domain.catalogs import SEXES
from domain.identity import DOCUMENT_TYPE_CHOICES
from domain.identity import RUC
from domain.identity import dni_error
from domain.identity import document_number_error
from schemas.base import ActionSchema
from schemas.base import Paged
from schemas.fields import Email
from schemas.fields import Integer
from schemas.fields import Reference
from schemas.fields import String
from schemas.fields import Text


def contact_and_address_fields():
    """The main contact (persona) and main address (sucursal) of a client or supplier."""
    return {
        "contacto_nombre": String(required=True),
        "contacto_apellido": String(required=True),
        "contacto_dni": String(required=True, max_length=8, validate=check_dni,
                               metadata={"openapi": {"pattern": "^[0-9]{8}$", "description": "DNI: 8 dígitos"}}),
        "contacto_correo": Email(required=True),
        "contacto_telefono": String(allow_none=True),
        "contacto_celular": String(allow_none=True),
        "contacto_sexo": Integer(allow_none=True, choices=SEXES),
        "sucursal_nombre": String(required=True),
        "sucursal_telefono": String(allow_none=True),
        "sucursal_direccion": String(required=True),
        "sucursal_distrito": Integer(required=True),
        "sucursal_provincia": Integer(required=True),
        "sucursal_departamento": Integer(required=True),
        "sucursal_pais": Integer(required=True),
    }


def check_dni(value):
    message = dni_error(value)
    if message:
        raise ValidationError(message)


class PartySchema(ActionSchema):
    """Fields of one role; subclasses set `prefix`."""

    prefix = ""

    @validates_schema
    def check_document_number(self, data, **kwargs):
        doc_type = data.get(f"{self.prefix}_idtipo_documento")
        number = data.get(f"{self.prefix}_num_doc")
        if doc_type is not None and number is not None:
            message = document_number_error(doc_type, number)
            if message:
                raise ValidationError(message, field_name=f"{self.prefix}_num_doc")


def party_fields(prefix, doc_types):
    return {
        f"{prefix}_nombre": String(required=True),
        f"{prefix}_num_doc": String(required=True, max_length=15, metadata={"openapi": {
            "pattern": "^[0-9A-Za-z]{1,15}$",
            "description": "según el tipo de documento: DNI 8 dígitos; RUC 11 dígitos con prefijo 10, 15, 17 o 20 "
                           "y dígito verificador (módulo 11, pesos 5432765432); otros 1 a 15 letras o dígitos"}}),
        f"{prefix}_idtipo_documento": Integer(required=True, choices=doc_types),
        f"{prefix}_nombre_comercial": String(allow_none=True),
        f"{prefix}_descripcion": Text(allow_none=True),
        f"{prefix}_notas_privadas": Text(allow_none=True),
        **contact_and_address_fields(),
    }


def build_schemas(prefix, doc_types):
    """(NuevoSchema, EditarSchema, EliminarSchema, ListarSchema) classes for one role."""
    role = prefix.capitalize()
    fields = party_fields(prefix, doc_types)
    nuevo = type(f"{role}NuevoSchema", (PartySchema,), {"prefix": prefix, **fields})
    editar = type(f"{role}EditarSchema", (nuevo,), {f"{prefix}_id": Reference(prefix, required=True)})
    eliminar = type(f"{role}EliminarSchema", (ActionSchema,), {f"{prefix}_id": Reference(prefix, required=True)})
    listar = type(f"{role}ListarSchema", (Paged,), {
        f"{prefix}_id": Reference(prefix),
        f"{prefix}_num_doc": String(max_length=15),
    })
    return nuevo, editar, eliminar, listar


ClienteNuevoSchema, ClienteEditarSchema, ClienteEliminarSchema, ClienteListarSchema = build_schemas(
    "cliente", DOCUMENT_TYPE_CHOICES)
ProveedorNuevoSchema, ProveedorEditarSchema, ProveedorEliminarSchema, _ProveedorListar = (
    build_schemas("proveedor", {RUC: "RUC"}))


class ProveedorListarSchema(_ProveedorListar):
    # The ERP's own proveedor-listar example sends `cliente_id`; accept it as the supplier's id.
    cliente_id = Reference("proveedor")
