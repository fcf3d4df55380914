"""The success answer of every action, as JSON Schema, for /openapi.json (typed clients, /docs).

An action declares its answer where it is registered (`@action(..., answer=...)`) or here in ANSWERS,
keyed by its name; the registration wins. tests/test_openapi.py checks that every registered action has
one and that each real answer matches it. The helpers keep them short: `obj(id=INTEGER, ...)` lists the
keys an answer always has (more may come: extra keys are allowed, as the contract says).
"""

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
TIMESTAMP = {"type": "string", "format": "date-time", "description": "ISO 8601, hora de Lima (-05:00)"}


def nullable(schema):
    return {"oneOf": [schema, {"type": "null"}]}


def obj(**properties):
    """An object that always has these keys (and may have others)."""
    return {"type": "object", "required": sorted(properties), "properties": properties}


def array(items):
    return {"type": "array", "items": items}


DONE = obj(respuesta=STRING, id=INTEGER)
TOTALS = dict(numero=nullable(STRING), moneda=STRING, op_gravadas=NUMBER, op_exoneradas=NUMBER,
              op_inafectas=NUMBER, op_exportacion=NUMBER, descuentos=NUMBER, igv=NUMBER, total=NUMBER,
              total_letras=STRING, estado_sunat=nullable(STRING))
DOCUMENT_CREATED = obj(respuesta=STRING, id={"type": "string", "pattern": "^[0-9]+$",
                                            "description": "texto, como en el ERP"}, **TOTALS)
DOCUMENT_EDITED = obj(respuesta=STRING, id=INTEGER, **TOTALS)
LINE = obj(item=INTEGER, cod_num=INTEGER, descripcion=STRING, cantidad=NUMBER, precio_unit=NUMBER,
           valor_unitario=NUMBER, descuento=NUMBER, monto_descuento=NUMBER, afectacion_igv=INTEGER,
           valor_venta=NUMBER, igv=NUMBER, total=NUMBER)
DOCUMENT = obj(id=INTEGER, tipodoc=INTEGER, factura_estado=INTEGER, anulada=BOOLEAN, factura_cliente=INTEGER,
               factura_fecha=DATE, fecha_creacion=TIMESTAMP, fecha_modificacion=TIMESTAMP,
               cuotas=array(obj(monto=NUMBER, fecha=DATE)), detalle=array(LINE), **TOTALS)
PARTY = obj(idempresa=INTEGER, empresa=STRING, ruc=STRING, idtipo_documento=INTEGER, fecha_creacion=DATE,
            sis_empresa=INTEGER, contactos=array(obj(idpersonal=INTEGER)), sucursales=array(obj(idsucursal=INTEGER)))
PRODUCT = obj(producto_id=INTEGER, cod_num=INTEGER, producto_nombre=STRING, producto_precio=NUMBER, stock=NUMBER,
              fecha_creacion=DATE)
SUNAT_SUMMARY = dict(id=INTEGER, numero=STRING, estado=STRING, aceptada_por_sunat=BOOLEAN,
                     codigo_sunat=nullable(STRING), hash=STRING, cadena_para_codigo_qr=STRING,
                     observaciones=array(obj(codigo=STRING, descripcion=STRING)))
# A nota de crédito or débito: what it modifies and why.
NOTE_OF = dict(nota_documento_id=INTEGER, nota_documento_tipodoc=INTEGER, nota_documento_numero=STRING,
               nota_motivo_codigo=STRING, nota_motivo=STRING)
PURCHASE_TOTALS = dict(moneda=STRING, op_gravadas=NUMBER, op_exoneradas=NUMBER, op_inafectas=NUMBER,
                       descuentos=NUMBER, igv=NUMBER, total=NUMBER, base_soles=NUMBER, igv_soles=NUMBER,
                       total_soles=NUMBER)
PURCHASE = obj(id=INTEGER, compra_proveedor=INTEGER, compra_numero=STRING, compra_fecha=DATE,
               compra_moneda=INTEGER, compra_comentarios=array(STRING), bloqueada=BOOLEAN,
               fecha_creacion=TIMESTAMP, fecha_modificacion=TIMESTAMP,
               detalle=array(obj(item=INTEGER, cod_num=INTEGER, cantidad=NUMBER, precio=NUMBER, total=NUMBER)),
               **PURCHASE_TOTALS)
# Warehouses and what moves stock between or out of them (issue 17).
WAREHOUSE = obj(almacen_id=INTEGER, almacen_nombre=STRING, almacen_codigo=nullable(STRING),
                almacen_principal=BOOLEAN, almacen_permite_negativo=nullable(BOOLEAN), sis_empresa=INTEGER,
                fecha_creacion=DATE, fecha_modificacion=DATE)
STOCK_LINE = obj(cod_num=INTEGER, producto_nombre=STRING, cantidad=NUMBER, costo_promedio=NUMBER, valor=NUMBER)
EXIT_MADE = obj(respuesta=STRING, id=INTEGER, costo_total=NUMBER,
                detalle=array(obj(cod_num=INTEGER, cantidad=NUMBER, costo=NUMBER, stock_almacen=NUMBER)))
EXIT = obj(id=INTEGER, salida_almacen=INTEGER, salida_motivo=INTEGER, motivo=STRING, tipo_operacion_sunat=STRING,
           salida_fecha=DATE, costo_total=NUMBER, sis_empresa=INTEGER, fecha_creacion=TIMESTAMP,
           detalle=array(obj(item=INTEGER, cod_num=INTEGER, cantidad=NUMBER, costo=NUMBER)))
TRANSFER_MADE = obj(respuesta=STRING, id=INTEGER, costo_total=NUMBER, detalle=array(
    obj(cod_num=INTEGER, cantidad=NUMBER, costo=NUMBER, stock_origen=NUMBER, stock_destino=NUMBER)))
TRANSFER = obj(id=INTEGER, transferencia_origen=INTEGER, transferencia_destino=INTEGER, transferencia_fecha=DATE,
               costo_total=NUMBER, sis_empresa=INTEGER, fecha_creacion=TIMESTAMP,
               detalle=array(obj(item=INTEGER, cod_num=INTEGER, cantidad=NUMBER, costo=NUMBER)))
NAMED = obj(id=INTEGER, nombre=STRING)
COUNT = dict(id=INTEGER, fecha=DATE, descripcion=nullable(STRING), estado={"type": "string", "enum": ["abierto", "cerrado"]},
             almacenes=array(NAMED), monto_antes=NUMBER, monto_despues=NUMBER, monto_diferencia=NUMBER,
             fecha_cierre=nullable(TIMESTAMP), items=array(obj(
                 producto=obj(id=INTEGER, cod_num=INTEGER, nombre=STRING), almacen=NAMED, contado=BOOLEAN,
                 cantidad_antes=NUMBER, cantidad_despues=NUMBER, cantidad_diferencia=NUMBER, precio_unitario=NUMBER,
                 monto_antes=NUMBER, monto_despues=NUMBER, monto_diferencia=NUMBER)))
BATCH = array(obj(status={"type": "integer", "minimum": 200, "maximum": 599},
                  respuesta={"description": "la respuesta de la acción, o su error {error, codigo}"}))

ANSWERS = {
    **{f"{role}-nuevo": obj(respuesta=STRING, id=INTEGER, idpersonal=INTEGER, idsucursal=INTEGER)
       for role in ("cliente", "proveedor")},
    **{f"{role}-{verb}": DONE for role in ("cliente", "proveedor", "producto") for verb in ("editar", "eliminar")},
    **{f"{role}-listar": array(PARTY) for role in ("cliente", "proveedor")},
    **{f"{kind}-nuevo": DOCUMENT_CREATED for kind in ("factura", "boleta", "nota")},
    **{f"{kind}-editar": DOCUMENT_EDITED for kind in ("factura", "boleta", "nota")},
    **{f"{kind}-eliminar": DONE for kind in ("factura", "boleta", "nota")},
    **{f"{kind}-listar": array(DOCUMENT) for kind in ("factura", "boleta", "nota")},
    "producto-nuevo": obj(respuesta=STRING, id=INTEGER, cod_num=INTEGER),
    "producto-listar": array(PRODUCT),
    "inventario-ingreso": obj(respuesta=STRING, id=INTEGER, cod_num=INTEGER, cantidad=NUMBER, costo_unitario=NUMBER,
                              costo_total=NUMBER, stock_anterior=NUMBER, stock_nuevo=NUMBER, costo_promedio=NUMBER,
                              fecha=DATE),
    "kardex-listar": array(obj(id=INTEGER, cod_num=INTEGER, tipo=STRING, fecha=DATE, cantidad=NUMBER,
                               saldo=NUMBER, fecha_registro=TIMESTAMP)),
    "fesunat-enviar": obj(respuesta=STRING, **SUNAT_SUMMARY),
    "fesunat-consultar": obj(id=INTEGER, numero=STRING, estado=STRING, enviado=BOOLEAN, intentos=array(
        obj(fecha=TIMESTAMP, operacion=STRING, resultado=STRING))),
    "comprobante-pdf": obj(nombre=STRING, pdf={"type": "string", "contentEncoding": "base64"},
                           enlace=nullable(STRING)),
    "comprobante-enviar-correo": obj(respuesta=STRING, id=INTEGER, correo_id=INTEGER, estado=STRING),
    "comprobante-consultar": obj(id=INTEGER, tipodoc=INTEGER, numero=nullable(STRING), estado_sunat=nullable(STRING),
                                 anulada=BOOLEAN, enlace_pdf=nullable(STRING), correos=array(obj(correo_id=INTEGER)),
                                 eventos=array(obj(id=STRING, tipo=STRING, fecha=TIMESTAMP))),
    "lote": BATCH,
    **{f"{note}-nuevo": obj(**DOCUMENT_CREATED["properties"], **NOTE_OF) for note in ("notacredito", "notadebito")},
    **{f"{note}-editar": obj(**DOCUMENT_EDITED["properties"], **NOTE_OF) for note in ("notacredito", "notadebito")},
    **{f"{note}-eliminar": DONE for note in ("notacredito", "notadebito")},
    **{f"{note}-listar": array(obj(**DOCUMENT["properties"], **NOTE_OF)) for note in ("notacredito", "notadebito")},
    "compra-nuevo": obj(respuesta=STRING, id=INTEGER, compra_numero=STRING, **PURCHASE_TOTALS),
    "compra-editar": obj(respuesta=STRING, **PURCHASE["properties"]),
    "compra-eliminar": DONE,
    "compra-listar": array(PURCHASE),
    "almacen-nuevo": DONE,
    "almacen-editar": DONE,
    "almacen-eliminar": DONE,
    "almacen-listar": array(WAREHOUSE),
    "stock-reporte": obj(almacenes=array(obj(almacen_id=INTEGER, almacen_nombre=STRING, productos=array(STOCK_LINE),
                                             valor_total=NUMBER)),
                         productos=array(STOCK_LINE), valor_total=NUMBER),
    "salida-nuevo": EXIT_MADE,
    "salida-editar": DONE,
    "salida-eliminar": DONE,
    "salida-listar": array(EXIT),
    "transferencia-nuevo": TRANSFER_MADE,
    "transferencia-eliminar": DONE,
    "transferencia-listar": array(TRANSFER),
    **{f"inventario-conteo-{verb}": obj(respuesta=STRING, **COUNT) for verb in ("nuevo", "editar", "cerrar")},
    "inventario-conteo-eliminar": DONE,
    "inventario-conteo-listar": array(obj(**COUNT)),
    "fesunat-anular": obj(respuesta=STRING, estado=STRING, ticket=nullable(STRING)),
    "fesunat-resumen-enviar": obj(respuesta=STRING),
    "fesunat-resumen-listar": array(obj(id=INTEGER, nombre=STRING, fecha_emision=DATE, fecha_generacion=DATE,
                                        ticket=nullable(STRING), estado=STRING, documentos=array({}))),
    "fesunat-estado": obj(ruc=STRING, razon_social=STRING, entorno=STRING, certificado={"type": "object"},
                          ultimo_envio=nullable({"type": "object"}), pendientes=INTEGER),
}


def answer_of(entry):
    """The action's answer schema: its registration's, else ANSWERS', else None (test_openapi says so)."""
    return entry.answer if entry.answer is not None else ANSWERS.get(entry.name)
