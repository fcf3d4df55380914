"""What a printed document says in words: titles by SUNAT document type, the names of currencies, identity
documents and payment forms, and the legends SUNAT requires on a representación impresa."""

# SUNAT catalogue 01 → the title printed on the document. A kind without a SUNAT code (the nota de
# venta) is not an electronic document and prints NON_ELECTRONIC_TITLE.
TITLES = {
    "01": "FACTURA ELECTRÓNICA",
    "03": "BOLETA DE VENTA ELECTRÓNICA",
    "07": "NOTA DE CRÉDITO ELECTRÓNICA",
    "08": "NOTA DE DÉBITO ELECTRÓNICA",
}
NON_ELECTRONIC_TITLE = "NOTA DE VENTA"

# factura_idmoneda → (name in the amount in words and the header, symbol before amounts)
CURRENCY_NAMES = {1: ("SOLES", "S/"), 2: ("DÓLARES AMERICANOS", "US$"), 3: ("EUROS", "€")}

# cliente_idtipo_documento → the short label printed before the number
IDENTITY_LABELS = {0: "DOC.", 1: "DOC. TRIB. NO DOM.", 2: "DNI", 3: "C.E.", 4: "RUC", 5: "PASAPORTE",
                   6: "CÉD. DIPLOMÁTICA"}

# factura_formapago_cpe
PAYMENT_FORM_NAMES = {1: "Contado", 2: "Crédito"}

NOT_A_TAX_DOCUMENT = ("Este documento no es un comprobante de pago electrónico y no tiene validez tributaria; "
                      "solicite su factura o boleta electrónica.")
DETRACCION_LEGEND = "Operación sujeta al Sistema de Pago de Obligaciones Tributarias con el Gobierno Central"
FREE_TRANSFER_LEGEND = "TRANSFERENCIA GRATUITA DE UN BIEN Y/O SERVICIO PRESTADO GRATUITAMENTE"  # SUNAT legend 1002
EXPORT_LEGEND = "Exportación: operación no gravada con el IGV"
ANNULLED_LEGEND = "DOCUMENTO ANULADO"
REJECTED_LEGEND = "COMPROBANTE RECHAZADO POR SUNAT: NO TIENE VALIDEZ"


def title_of(sunat_code):
    """The printed title of a document kind by its SUNAT catalogue 01 code (None: a nota de venta)."""
    return TITLES.get(sunat_code, NON_ELECTRONIC_TITLE) if sunat_code else NON_ELECTRONIC_TITLE


def representation_legend(title):
    """'Representación impresa de la FACTURA ELECTRÓNICA', as SUNAT requires it on the printout."""
    return f"Representación impresa de la {title}"
