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
