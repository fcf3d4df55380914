"""Why a nota de crédito or débito is issued: SUNAT catalogues 09 and 10, and what each reason implies."""

# SUNAT catalogue 09: tipo de nota de crédito
CREDIT_REASONS = {
    "01": "Anulación de la operación",
    "02": "Anulación por error en el RUC",
    "03": "Corrección por error en la descripción",
    "04": "Descuento global",
    "05": "Descuento por ítem",
    "06": "Devolución total",
    "07": "Devolución por ítem",
    "08": "Bonificación",
    "09": "Disminución en el valor",
    "10": "Otros conceptos",
    "11": "Ajustes de operaciones de exportación",
    "12": "Ajustes afectos al IVAP",
    "13": "Ajustes - montos y/o fechas de pago",
}

# SUNAT catalogue 10: tipo de nota de débito
DEBIT_REASONS = {
    "01": "Intereses por mora",
    "02": "Aumento en el valor",
    "03": "Penalidades/ otros conceptos",
    "11": "Ajustes de operaciones de exportación",
    "12": "Ajustes afectos al IVAP",
}

# Credit reasons that cover the whole document: its lines are copied, none are sent.
WHOLE_DOCUMENT = frozenset({"01", "02", "06"})
# Credit reasons for goods that come back: their stock returns through the kardex.
RETURNS_GOODS = frozenset({"01", "06", "07"})
# NC 13 corrects the cuotas of a credit factura: it carries them, and no amount.
PAYMENT_ADJUSTMENT = "13"


def reasons_of(kind):
    """The catalogue of a note kind (domain.documents.DocumentKind)."""
    return CREDIT_REASONS if kind.credits else DEBIT_REASONS
