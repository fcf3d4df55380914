"""What to do about the SUNAT codes integrators hit most: a Spanish `solucion` added to the answer.

SUNAT's own text says what went wrong; this says how to fix it, in the gateway's terms. Every code here
exists in SUNAT's catalogue (tests/test_sunat_solutions.py checks it against ../shared/sunat/codes).
"""

ISSUER = "flask --app app issuer"

SOLUTIONS = {
    # credentials, profile, certificate: the document stays pendiente (code 42) until the issuer is fixed
    "0102": f"Revise el usuario y la clave SOL del emisor ({ISSUER} set --usuario-sol ... --clave-sol).",
    "0104": f"La clave SOL es incorrecta: actualícela con {ISSUER} set --clave-sol.",
    "0111": "El usuario SOL no tiene el perfil de emisor electrónico: en SUNAT Operaciones en Línea, "
            "con el usuario principal, asígnele el perfil «Emisión de comprobantes electrónicos».",
    "0154": "El RUC del emisor no coincide con el del usuario SOL: revise --ruc y --usuario-sol del emisor, o "
            "que el proveedor (OSE) esté autorizado por el contribuyente.",
    "2010": "SUNAT tiene al emisor como no activo: regularice el RUC antes de emitir.",
    "2011": "SUNAT tiene al emisor como no habido: regularice el domicilio fiscal antes de emitir.",
    "2325": "El certificado con el que se firmó no está registrado en SUNAT: regístrelo en SUNAT Operaciones en "
            f"Línea (Registro de certificado digital) o cargue el registrado con {ISSUER} certificate.",
    "2326": f"El certificado está dado de baja en SUNAT: cargue uno vigente con {ISSUER} certificate.",
    "2335": "El XML cambió después de firmarse (o la firma no se verifica): no edite el archivo firmado; "
            "reenvíe el comprobante con fesunat-enviar.",
    # packaging: a gateway bug or a proxy in between; the worker keeps retrying
    "0151": "El nombre del ZIP no es RUC-TIPO-SERIE-NUMERO.zip: revise que el RUC del emisor sea el del certificado.",
    "0156": "El ZIP llegó dañado: reenvíe; si persiste, revise un proxy que altere el envío.",
    "0160": "El XML llegó vacío: reenvíe; si persiste, revise un proxy que altere el envío.",
    "0161": "El nombre del XML no coincide con el del ZIP: revise el RUC del emisor.",
    "0306": "SUNAT no pudo leer el XML: reenvíe; si persiste, informe el número del comprobante.",
    # SUNAT busy: nothing to do, the worker resends
    "0100": "SUNAT no respondió: el comprobante queda pendiente y se reenvía solo; no lo emita de nuevo.",
    "0109": "El servicio de autenticación de SUNAT no está disponible: se reenvía solo.",
    "0130": "SUNAT no pudo procesar la solicitud: se reenvía solo.",
    "0200": "SUNAT tuvo un error interno: se reenvía solo.",
    # already there
    "1033": "SUNAT ya tiene este número: consulte su estado con fesunat-consultar; no lo emita de nuevo.",
    "1032": "SUNAT ya tiene este número como anulado o rechazado: emita un comprobante nuevo.",
    "4000": "SUNAT ya tenía este comprobante: consulte su estado con fesunat-consultar.",
    # the document itself: rejected (code 41), the number is used up; issue a new one
    "2017": "Una factura requiere un cliente con RUC válido: emita una boleta o corrija el cliente.",
    "2022": "El nombre del cliente no cumple el formato de SUNAT (de 1 a 1500 caracteres, sin solo espacios): "
            "corrija cliente_nombre y emita un comprobante nuevo.",
    "2027": "La descripción de una línea está vacía o pasa de 500 caracteres: acórtela y emita un comprobante nuevo.",
    "2108": "SUNAT recibe el comprobante hasta 3 días después de su fecha: emita uno nuevo con la fecha de hoy.",
    "2329": "La fecha de emisión está fuera del plazo de SUNAT: emita uno nuevo con la fecha de hoy.",
    "2396": "Una boleta de S/ 700 o más necesita el documento del cliente: emítala a un cliente con DNI o RUC.",
    "2640": "Una línea gratuita solo lleva su valor referencial: envíela con \"gratuito\": true.",
    "2800": "Una exportación no se emite a un cliente con RUC: use un cliente del exterior o una venta interna.",
    "3105": "Una línea que no cobra nada debe ir con \"gratuito\": true (transferencia gratuita).",
    "4093": f"El ubigeo del domicilio fiscal del emisor no es válido: corríjalo con {ISSUER} set --ubigeo.",
    "4287": "El precio unitario no cuadra con el valor y los impuestos de la línea: informe el número del comprobante.",
}


def solution(code):
    """The `solucion` for SUNAT's `code`, or None when there is none to add."""
    return SOLUTIONS.get((code or "").strip().zfill(4)) if code else None
