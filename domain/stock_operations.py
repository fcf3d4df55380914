"""What moves stock, named as the kardex answers it, and SUNAT's table 12 ("tipo de operación" of the
registro de inventario permanente) code each movement is reported with."""

# Kardex movement kinds (`tipo` in kardex-listar).
INCOME = "ingreso"
SALE = "venta"
SALE_REVERSAL = "reversion_venta"
EXIT = "salida"
EXIT_REVERSAL = "reversion_salida"
TRANSFER_OUT = "traslado_salida"  # the column holds 20 characters
TRANSFER_IN = "traslado_entrada"
TRANSFER_REVERSAL = "reversion_traslado"
COUNT_ADJUSTMENT = "ajuste_conteo"
RETURN = "devolucion"  # goods a nota de crédito brings back (its reasons 01, 06, 07)
RETURN_REVERSAL = "reversion_devolucion"  # that return undone, when the note is edited or annulled
PURCHASE = "compra"  # a supplier bill's line (purchasing/service.py)
PURCHASE_REVERSAL = "reversion_compra"  # its entry taken back out (the bill edited or deleted)

# What a movement was made by (`origen_tipo`; a sale's movements name their document instead).
FROM_EXIT = "salida"
FROM_TRANSFER = "transferencia"
FROM_COUNT = "conteo"

# salida_motivo → (what it means, SUNAT table 12 code)
EXIT_REASONS = {
    1: ("venta", "01"),
    2: ("consumo interno", "10"),  # salida a producción: consumed by the business itself
    3: ("merma o pérdida", "13"),
    4: ("devolución a proveedor", "25"),
    5: ("donación", "09"),
    6: ("muestra", "34"),  # publicidad: goods handed out to promote
    9: ("otros", "99"),
}

# Table 12 code of the movements that do not come from an exit's motivo.
OPERATION_OF_KIND = {
    INCOME: "02",
    SALE: "01",
    SALE_REVERSAL: "05",  # devolución recibida
    RETURN: "24",  # entrada por devolución del cliente
    PURCHASE: "02",  # compra
    TRANSFER_OUT: "11",
    TRANSFER_IN: "21",
    COUNT_ADJUSTMENT: "28",
}


def exit_operation(reason):
    return EXIT_REASONS[reason][1]

# An inventory count's state (`estado`).
COUNT_OPEN = "abierto"
COUNT_CLOSED = "cerrado"
