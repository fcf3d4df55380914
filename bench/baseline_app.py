"""The baseline: a bare Flask app that does what cliente-nuevo does at its core, and nothing else.

It reads the same JSON, checks a fixed key, validates the same fields with an equivalent marshmallow
schema and inserts the same three rows (party, contact, address) with peewee in one transaction,
under the same gunicorn settings and the same pooled connection. No registry, no error envelope, no
audit, no logs: the gateway's ratio to it is what all of that costs.
"""

import os
import uuid

from flask import Flask
from flask import jsonify
from flask import request
from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow import ValidationError
from marshmallow import fields

from models import Address
from models import Contact
from models import Party
from models.base import db
from models.base import open_database
from models.base import write_transaction

KEY = os.environ.get("BASELINE_KEY", "0" * 32)


class ClienteSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    cliente_nombre = fields.String(required=True)
    cliente_num_doc = fields.String(required=True)
    cliente_idtipo_documento = fields.Integer(required=True)
    contacto_nombre = fields.String(required=True)
    contacto_apellido = fields.String(required=True)
    contacto_dni = fields.String(required=True)
    contacto_correo = fields.Email(required=True)
    contacto_telefono = fields.String()
    contacto_celular = fields.String()
    contacto_sexo = fields.Integer()
    sucursal_nombre = fields.String(required=True)
    sucursal_telefono = fields.String()
    sucursal_direccion = fields.String(required=True)
    sucursal_distrito = fields.Integer(required=True)
    sucursal_provincia = fields.Integer(required=True)
    sucursal_departamento = fields.Integer(required=True)
    sucursal_pais = fields.Integer(required=True)


def create_baseline_app():
    app = Flask(__name__)
    db.initialize(open_database(os.environ["GATEWAY_DATABASE_URL"]))
    schema = ClienteSchema()
    company_id = int(os.environ.get("BASELINE_COMPANY", "1"))

    @app.before_request
    def connect():
        db.connect(reuse_if_open=True)

    @app.teardown_request
    def release(exc=None):
        if not db.is_closed():
            db.close()

    @app.post("/api")
    def api():
        if request.headers.get("Key") != KEY:
            return jsonify(error="key"), 401
        try:
            data = schema.load(request.get_json(force=True))
        except ValidationError as error:
            return jsonify(error=error.messages), 400
        with write_transaction():
            party = Party.create(company=company_id, kind=1, name=data["cliente_nombre"],
                                 doc_type=data["cliente_idtipo_documento"], doc_number=data["cliente_num_doc"],
                                 code=uuid.uuid4().hex)
            Contact.create(party=party, first_name=data["contacto_nombre"], last_name=data["contacto_apellido"],
                           dni=data["contacto_dni"], email=data["contacto_correo"])
            Address.create(party=party, name=data["sucursal_nombre"], address=data["sucursal_direccion"],
                           district_id=data["sucursal_distrito"], province_id=data["sucursal_provincia"],
                           department_id=data["sucursal_departamento"], country_id=data["sucursal_pais"])
        return jsonify(respuesta="Se registró con éxito", id=party.id), 201

    return app
