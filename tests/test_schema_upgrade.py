"""Starting on a database an earlier version created: what is missing is added, what is superseded goes."""

from models import SUPERSEDED_INDEXES
from models import StockMovement
from models import create_tables
from models.base import db


def index_names(model):
    with db.connection_context():
        return {index.name for index in db.get_indexes(model._meta.table_name)}


def test_an_index_a_composite_index_covers_is_dropped_on_start(app):
    with db.connection_context():
        db.execute_sql('CREATE INDEX "stock_movement_product_id" ON "stock_movement" ("product_id")')
    assert "stock_movement_product_id" in index_names(StockMovement)

    create_tables()

    names = index_names(StockMovement)
    assert "stock_movement_product_id" not in names
    assert "stock_movement_product_id_id" in names  # the kardex's own index stays


def test_a_fresh_database_has_none_of_the_superseded_indexes(app):
    with db.connection_context():
        present = {index.name for table in db.get_tables() for index in db.get_indexes(table)}
    assert present.isdisjoint(SUPERSEDED_INDEXES)
    assert "document_line_document_id_position" in present


def test_a_column_a_table_lacks_is_added_with_its_default_for_existing_rows(app):
    """As when a release adds a field: the old table gets the column, and its old rows the field's default."""
    from peewee import BooleanField
    from peewee import CharField

    from models.base import BaseModel
    from models.upgrades import add_missing_columns

    class Before(BaseModel):
        name = CharField()

        class Meta:
            table_name = "upgrade_probe"

    class After(BaseModel):
        name = CharField()
        deleted = BooleanField(default=False)
        note = CharField(null=True)

        class Meta:
            table_name = "upgrade_probe"

    with db.connection_context():
        db.create_tables([Before])
        try:
            Before.create(name="old")
            add_missing_columns([After])
            assert {c.name for c in db.get_columns("upgrade_probe")} == {"id", "name", "deleted", "note"}
            assert [(p.name, p.deleted, p.note) for p in After.select()] == [("old", False, None)]
            add_missing_columns([After])  # a second start changes nothing
        finally:
            db.drop_tables([Before])
