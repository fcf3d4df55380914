"""The request bodies the ERP's own API manual documents, with straight quotes, as Python dicts.

The saved seed shows every e-mail as "[email protected]": Cloudflare's e-mail obfuscation replaced them
when the page was captured. Those placeholders are not addresses, so plausible ones stand in for them.
"""

CLIENTE_NUEVO = {
    "action": "cliente-nuevo",
    "cliente_nombre": "empresa SAC",
    "cliente_num_doc": 20550117968,
    "cliente_idtipo_documento": "4",
    "contacto_nombre": "Juan",
    "contacto_apellido": "Perez",
    "contacto_dni": "10000001",
    "contacto_correo": "juan.perez@empresasac.pe",
    "contacto_telefono": "7777777",
    "contacto_celular": "999999999",
    "contacto_sexo": 1,
    "sucursal_nombre": "Dirección 1",
    "sucursal_telefono": "7777778",
    "sucursal_direccion": "Av. Primavera 201",
    "sucursal_distrito": 1253,
    "sucursal_provincia": 127,
    "sucursal_departamento": 15,
    "sucursal_pais": 179,
}

PROVEEDOR_NUEVO = {
    "action": "proveedor-nuevo",
    "proveedor_nombre": "Andess SAC",
    "proveedor_num_doc": 20550117969,
    "proveedor_idtipo_documento": "4",
    "contacto_nombre": "camila",
    "contacto_apellido": "Gomez",
    "contacto_dni": "10000002",
    "contacto_correo": "camila.gomez@andess.pe",
    "contacto_telefono": "7777779",
    "contacto_celular": "999999998",
    "contacto_sexo": 1,
    "sucursal_nombre": "Dirección 2",
    "sucursal_telefono": "7777779",
    "sucursal_direccion": "Av. Precursores 1",
    "sucursal_distrito": 1253,
    "sucursal_provincia": 127,
    "sucursal_departamento": 15,
    "sucursal_pais": 179,
}

CLIENTE_EDITAR = {
    "action": "cliente-editar",
    "cliente_id": 11,
    "cliente_nombre": "empresa SAC",
    "cliente_num_doc": 20550117968,
    "contacto_nombre": "Juan",
    "contacto_apellido": "Perez",
    "contacto_dni": "10000001",
    "contacto_correo": "juan.perez@empresasac.pe",
    "contacto_telefono": "7777777",
    "contacto_celular": "999999999",
    "contacto_sexo": 1,
    "sucursal_nombre": "Dirección 1",
    "sucursal_telefono": "7777778",
    "sucursal_direccion": "Av. Primavera 201",
    "sucursal_distrito": 1253,
    "sucursal_provincia": 127,
    "sucursal_departamento": 15,
    "sucursal_pais": 179,
}

PROVEEDOR_EDITAR = {
    "action": "proveedor-editar",
    "proveedor_id": 12,
    "proveedor_nombre": "Andess SAC",
    "proveedor_num_doc": 20550117969,
    "contacto_nombre": "camila",
    "contacto_apellido": "Gomez",
    "contacto_dni": "10000002",
    "contacto_correo": "camila.gomez@andess.pe",
    "contacto_telefono": "7777779",
    "contacto_celular": "999999998",
    "contacto_sexo": 2,
    "sucursal_nombre": "Dirección 2",
    "sucursal_telefono": "7777779",
    "sucursal_direccion": "Av. Precursores 1",
    "sucursal_distrito": 1253,
    "sucursal_provincia": 127,
    "sucursal_departamento": 15,
    "sucursal_pais": 179,
}

CLIENTE_LISTAR = {"action": "cliente-listar", "cliente_id": 11}
PROVEEDOR_LISTAR = {"action": "proveedor-listar", "cliente_id": 11}
CLIENTE_ELIMINAR = {"action": "cliente-eliminar", "cliente_id": 11}
PROVEEDOR_ELIMINAR = {"action": "proveedor-eliminar", "proveedor_id": 12}

# The manual's RUC 20550117969 fails the RUC check digit we require (README, Data types); this one passes.
VALID_SUPPLIER_RUC = "20557198882"
