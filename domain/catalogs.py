"""The ERP's own numbered choices, as its payloads send them, with what each means."""

# factura_estado
PAID = 1
UNPAID = 2
ANNULLED = 3  # what -eliminar makes of a document
PAYMENT_STATES = {PAID: "pagado", UNPAID: "no pagado"}

# factura_idmoneda → ISO 4217
CURRENCIES = {1: "PEN", 2: "USD", 3: "EUR"}
SOLES = 1

# factura_tipooperacion
INTERNAL_SALE = 1
EXPORT = 2
OPERATIONS = {INTERNAL_SALE: "venta interna", EXPORT: "exportación"}

# factura_detraccion: the seed's 2 and 0 both mean no
DETRACCION = {0: "no", 1: "sí", 2: "no"}
WITH_DETRACCION = 1
DEFAULT_DETRACCION_CODE = "037"  # SUNAT catalogue 54: demás servicios gravados con el IGV

# factura_percepcion: SUNAT catalogue 53's perception charges and their rates (percent of the total)
PERCEPTIONS = {"51": "2.00", "52": "1.00", "53": "0.50"}  # venta interna, combustible, tasa especial

# factura_formapago_cpe
CONTADO = 1
CREDITO = 2
PAYMENT_FORMS = {CONTADO: "contado", CREDITO: "crédito"}

# producto_tipo
GOODS = 1
SERVICE = 2
PRODUCT_KINDS = {GOODS: "producto", SERVICE: "servicio"}
PRODUCT_CODE_MAX = 99_999_999  # cod_num: up to 8 digits
DEFAULT_UNIT = "NIU"  # SUNAT catalogue 03: unidad (bienes)
SERVICE_UNIT = "ZZ"  # SUNAT catalogue 03: unidad (servicios)

# contacto_sexo
SEXES = {1: "masculino", 2: "femenino"}

# A party's role (the ERP's `idtipo_cliente`)
CLIENT = 1
SUPPLIER = 2
