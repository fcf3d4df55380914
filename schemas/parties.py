"""Payloads of the client and supplier actions (seed 002, end; CONTRACT §5).

Clients and suppliers share every field but their prefix (`cliente_` / `proveedor_`), so the schemas
are built from one definition per role. `-editar` is the `-nuevo` schema plus the id, loaded partially.
"""

from marshmallow import ValidationError
from marshmallow import validates_schema

from schemas.base import ActionSchema
from schemas.fields import Email
from schemas.fields import Integer
from schemas.fields import String
from schemas.fields import Text
from schemas.identity import DOCUMENT_TYPE_CHOICES
from schemas.identity import RUC
from schemas.identity import dni_error
from schemas.identity import document_number_error


def contact_and_address_fields():
    """The main contact (persona) and main address (sucursal) of a client or supplier."""
    return {
        "contacto_nombre": String(required=True),
        "contacto_apellido": String(required=True),
        "contacto_dni": String(required=True, max_length=8, validate=check_dni),
        "contacto_correo": Email(required=True),
        "contacto_telefono": String(allow_none=True),
        "contacto_celular": String(allow_none=True),
        "contacto_sexo": Integer(allow_none=True, choices={1: "masculino", 2: "femenino"}),
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
        f"{prefix}_num_doc": String(required=True, max_length=15),
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
    editar = type(f"{role}EditarSchema", (nuevo,), {f"{prefix}_id": Integer(required=True, minimum=1)})
    eliminar = type(f"{role}EliminarSchema", (ActionSchema,),
                    {f"{prefix}_id": Integer(required=True, minimum=1)})
    listar = type(f"{role}ListarSchema", (ActionSchema,), {
        f"{prefix}_id": Integer(minimum=1),
        f"{prefix}_num_doc": String(max_length=15),
        "limite": Integer(minimum=1),
        "desde_id": Integer(),
    })
    return nuevo, editar, eliminar, listar


ClienteNuevoSchema, ClienteEditarSchema, ClienteEliminarSchema, ClienteListarSchema = build_schemas(
    "cliente", DOCUMENT_TYPE_CHOICES)
ProveedorNuevoSchema, ProveedorEditarSchema, ProveedorEliminarSchema, _ProveedorListar = (
    build_schemas("proveedor", {RUC: "RUC"}))


class ProveedorListarSchema(_ProveedorListar):
    # The seed's proveedor-listar example sends `cliente_id`; accept it as the supplier's id.
    cliente_id = Integer(minimum=1)
