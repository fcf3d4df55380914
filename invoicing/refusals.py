"""What SUNAT would reject, refused before a number is spent (code 11, naming the field and SUNAT's code).

Each check mirrors one of SUNAT's validation rules (../shared/sunat/xsl, the Factura and Boleta files);
tests/test_sunat_refusals.py builds, for each, the document that would have been sent and runs SUNAT's
rules on it, so these never drift from SUNAT. A nota de venta never goes to SUNAT and is checked only
for what is wrong whatever the kind (a line charged nothing without being free).
"""

import datetime

from domain.catalogs import CONTADO
from domain.catalogs import EXPORT
from domain.catalogs import SOLES
from domain.documents import FACTURA
from domain.clock import lima_today
from domain.identity import RUC
from errors import InvalidInput
from models.sunat import Issuer

MAX_DESCRIPTION = 500  # SUNAT's rule 2027 on cbc:Description
# SUNAT takes a factura or boleta up to this many calendar days after its issue date (2108), and none
# dated after the day it is sent (2329).
SENDING_DAYS = 3


def refuse(field, message):
    raise InvalidInput(f"revise {field}", campos={field: [message]})


def check_export_buyer(kind, party, operation_type):
    """2800: an export (operation 0200) names a buyer without a Peruvian RUC."""
    if kind.electronic and operation_type == EXPORT and party.doc_type == RUC:
        refuse("factura_cliente", f"Una exportación no se emite a un cliente con RUC (el cliente {party.id} lo "
                                  "tiene): SUNAT la rechaza (regla 2800). Use factura_tipooperacion 1 o un cliente "
                                  "del exterior (cliente_idtipo_documento 1).")


def check_lines(kind, drafts):
    for position, draft in enumerate(drafts):
        if kind.electronic and len(draft.description) > MAX_DESCRIPTION:
            refuse(f"detalle[{position}].descripcion", f"SUNAT admite hasta {MAX_DESCRIPTION} caracteres "
                                                       f"(regla 2027); tiene {len(draft.description)}.")
        if draft.amounts.free and getattr(draft.product, "isc_system", ""):
            refuse(f"detalle[{position}].gratuito", "Una línea gratuita de un producto con ISC aún no está soportada.")
        if not draft.amounts.free and draft.amounts.total_amount <= 0:
            refuse(f"detalle[{position}].precio_unit",
                   "Una línea que no cobra nada (precio 0 o descuento del 100 %) debe ir con \"gratuito\": true; "
                   "SUNAT la rechaza de otro modo (regla 3105).")


def check_global_discount(percent):
    if percent >= 100:
        refuse("factura_descuento_global", "Un descuento global del 100 % no deja nada que cobrar: envíe las "
                                           "líneas con \"gratuito\": true (SUNAT, regla 3105).")


def check_discount_amount(amount, payable):
    if amount >= payable:
        refuse("factura_descuento_global_monto", f"El descuento ({amount}) no puede ser igual o mayor que lo que se "
                                                 f"cobra ({payable}): envíe las líneas con \"gratuito\": true "
                                                 "(SUNAT, regla 3105).")


def check_issue_date(kind, issue_date, company_id, today=None):
    """2108 / 2329: SUNAT takes a factura or boleta dated from SENDING_DAYS days back up to today. Only a
    company that sends to SUNAT (it has an issuer) is held to it; the database is asked only when the
    date is outside the window."""
    today = today or lima_today()
    earliest = today - datetime.timedelta(days=SENDING_DAYS)
    if not kind.electronic or earliest <= issue_date <= today:
        return
    if not Issuer.select().where(Issuer.company == company_id).exists():
        return
    if issue_date > today:
        refuse("factura_fecha", f"SUNAT no acepta un comprobante con fecha posterior a hoy ({today.isoformat()}); "
                                "regla 2329.")
    refuse("factura_fecha", f"SUNAT acepta una {kind.name} hasta {SENDING_DAYS} días después de su fecha de "
                            f"emisión (desde {earliest.isoformat()}); regla 2108. Emítala con la fecha de hoy.")


def check_perception(document):
    """A percepción (operation 2001) goes on a factura in soles paid at once (SUNAT's rules 3330, 2071),
    never beside a detracción (operation 1001)."""
    if not document.perception_code:
        return
    if document.doc_type != FACTURA:
        refuse("factura_percepcion", "La percepción se emite en una factura.")
    if document.currency != SOLES:
        refuse("factura_percepcion", "La percepción se declara en soles: emita la factura en soles (regla 2071).")
    if document.payment_form != CONTADO:
        refuse("factura_percepcion", "SUNAT admite la percepción solo al contado (regla 3330).")
    if document.detraccion:
        refuse("factura_percepcion", "Una factura no lleva percepción y detracción a la vez.")


def check_exchange_rate(document):
    """Soles must be declared (the detracción) in a document in dollars or euros: the rate is needed."""
    if document.detraccion and document.currency != 1 and not document.exchange_rate:
        refuse("factura_tipo_cambio", "Una detracción se declara en soles: en dólares o euros indique "
                                      "factura_tipo_cambio (soles por unidad de la moneda, por ejemplo 3.750).")

