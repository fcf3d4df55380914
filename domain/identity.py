"""Identity document types (`cliente_idtipo_documento`, mapped to SUNAT catalogue 06) and how each number
is checked: a DNI has 8 digits, a RUC 11 with its check digit, the others 1–15 letters or digits."""

import re

VARIOS = 0
DNI = 2
RUC = 4

# cliente_idtipo_documento → (name, SUNAT catalogue 06 code)
DOCUMENT_TYPES = {
    # An extension of the contract's list: SUNAT's "-" for sales under S/ 700 to an unidentified buyer.
    VARIOS: ("VARIOS - SIN DOCUMENTO (boletas menores a S/ 700)", "-"),
    1: ("DOC. TRIB. NO DOM. SIN RUC", "0"),
    2: ("DNI", "1"),
    3: ("CARNET DE EXTRANJERIA", "4"),
    4: ("RUC", "6"),
    5: ("PASAPORTE", "7"),
    6: ("CED. DIPLOMATICA DE IDENTIDAD", "A"),
}
DOCUMENT_TYPE_CHOICES = {code: name for code, (name, _) in DOCUMENT_TYPES.items()}


def sunat_identity(doc_type, number):
    """(catalogue 06 code, number) as SUNAT receives a buyer; one without a document is '-' (varios)."""
    if doc_type == VARIOS:
        return "-", "-"
    return DOCUMENT_TYPES[doc_type][1], number


RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
RUC_PREFIXES = ("10", "15", "16", "17", "20")
ALPHANUMERIC = re.compile(r"^[A-Za-z0-9]{1,15}$")


def ruc_is_valid(number):
    if not (len(number) == 11 and number.isdigit() and number[:2] in RUC_PREFIXES):
        return False
    remainder = 11 - sum(int(d) * w for d, w in zip(number, RUC_WEIGHTS)) % 11
    check = {10: 0, 11: 1}.get(remainder, remainder)
    return check == int(number[10])


def document_number_error(doc_type, number):
    """The Spanish message that says what is wrong with `number` for `doc_type`, or None."""
    if doc_type == RUC:
        if not (len(number) == 11 and number.isdigit()):
            return "El RUC debe tener 11 dígitos."
        if not ruc_is_valid(number):
            return f"El RUC {number} no es válido (dígito verificador o prefijo incorrecto)."
        return None
    if doc_type == DNI:
        return dni_error(number)
    if doc_type == VARIOS and number == "-":
        return None
    if not ALPHANUMERIC.match(number):
        return "Debe tener de 1 a 15 letras o dígitos."
    return None


def dni_error(number):
    if len(number) == 8 and number.isdigit():
        return None
    hint = " Si empieza con 0, envíelo como texto (\"06807263\")." if number.isdigit() else ""
    return f"El DNI debe tener 8 dígitos.{hint}"
