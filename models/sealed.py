"""A text column whose values are sealed at rest (vault/): written encrypted, read back in clear.

An empty value stays empty (it means "not set", and reveals nothing). A value not yet sealed (written
before sealing existed) reads as it is, until `init-db` (`seal_clear`), `secrets seal` or `secrets rotate`
seals it.
"""

from peewee import TextField

import vault
from models.base import db

SEALED_FIELDS = []  # every SealedField declared, for sealing and rotating them all


class SealedField(TextField):
    def bind(self, model, name, set_attribute=True):
        super().bind(model, name, set_attribute)
        SEALED_FIELDS.append(self)

    @property
    def context(self):
        return f"{self.model._meta.table_name}.{self.column_name}"

    def db_value(self, value):
        if value is None or value == "" or vault.is_sealed(value):
            return value
        return vault.seal(value, vault.current().key(), self.context)

    def python_value(self, value):
        if not vault.is_sealed(value):
            return value
        source = vault.current()
        return vault.open_sealed(value, source.key(), self.context, source.origin)


def sealed_columns():
    """(table, column, context) of every sealed field."""
    seen = {}
    for field in SEALED_FIELDS:
        seen[field.context] = (field.model._meta.table_name, field.column_name, field.context)
    return list(seen.values())


def reseal(old_key, new_key):
    """Re-encrypt every stored secret from `old_key` (None: none sealed yet) to `new_key`, in the caller's
    transaction. Returns (sealed, already_clear) counts; raises SecretKeyUnavailable for a wrong old key."""
    resealed = clear = 0
    param = db.obj.param
    for table, column, context in sealed_columns():
        rows = db.execute_sql(f'SELECT id, "{column}" FROM "{table}"').fetchall()
        for row_id, stored in rows:
            if not stored:
                continue
            if vault.is_sealed(stored):
                if old_key is None:
                    raise vault.keys.unavailable("hay secretos cifrados pero no hay clave actual para leerlos")
                text = vault.open_sealed(stored, old_key, context, "la clave actual")
                resealed += 1
            else:
                text = stored
                clear += 1
            db.execute_sql(f'UPDATE "{table}" SET "{column}" = {param} WHERE id = {param}',
                           (vault.seal(text, new_key, context), row_id))
    return resealed, clear


def seal_clear():
    """Seal under the key in use every stored secret still in clear, in the caller's transaction; sealed
    ones are left alone, so a start with nothing clear needs no key and writes nothing. Returns the count."""
    sealed = 0
    param = db.obj.param
    for table, column, context in sealed_columns():
        rows = db.execute_sql(f'SELECT id, "{column}" FROM "{table}"').fetchall()
        for row_id, stored in rows:
            if not stored or vault.is_sealed(stored):
                continue
            # Only if still the clear value: a rotation meanwhile has sealed it already.
            db.execute_sql(f'UPDATE "{table}" SET "{column}" = {param} WHERE id = {param} AND "{column}" = {param}',
                           (vault.seal(stored, vault.current().key(), context), row_id, stored))
            sealed += 1
    return sealed


def census(key=None):
    """{context: {"cifrados": n, "en_claro": n, "claves": {key id: n}}} of the stored secrets."""
    found = {}
    for table, column, context in sealed_columns():
        entry = found.setdefault(context, {"cifrados": 0, "en_claro": 0, "claves": {}})
        for (stored,) in db.execute_sql(f'SELECT "{column}" FROM "{table}"').fetchall():
            if not stored:
                continue
            if vault.is_sealed(stored):
                entry["cifrados"] += 1
                sealed_by = stored[len(vault.sealing.PREFIX):].split(":", 1)[0]
                entry["claves"][sealed_by] = entry["claves"].get(sealed_by, 0) + 1
            else:
                entry["en_claro"] += 1
    return found
