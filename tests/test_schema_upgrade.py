"""Starting on a database an earlier version created: what is missing is added, what is superseded goes."""

from models import SUPERSEDED_INDEXES
from models import StockMovement
from models import create_tables
from models.base import db
from tests import examples


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


def keep_stock_on_products(held):
    """The column `product.stock` as releases before this one had it (NOT NULL, no default in the database;
    on SQLite nullable, which only a table rebuild could change), holding `held` (product id → stock)."""
    kind = "DECIMAL(22, 10)" if db.param == "?" else "NUMERIC(22, 10)"
    db.execute_sql(f'ALTER TABLE "product" ADD COLUMN "stock" {kind}')
    for product_id, stock in held.items():
        db.execute_sql(f'UPDATE "product" SET "stock" = {db.param} WHERE "id" = {db.param}', (str(stock), product_id))
    if db.param != "?":
        db.execute_sql('ALTER TABLE "product" ALTER COLUMN "stock" SET NOT NULL')


def test_a_database_from_before_warehouses_upgrades_with_stock_and_kardex_intact(app, call, shop):
    """As an older release left it: no warehouse tables or columns. On start every product's stock and every
    kardex row land in the company's new main warehouse, unchanged; old sales still reverse exactly."""
    from playhouse.migrate import SchemaMigrator
    from playhouse.migrate import migrate

    from models import Company
    from models import Product
    from models import Purchase
    from models import StockCount
    from models import StockCountItem
    from models import StockExit
    from models import StockExitLine
    from models import StockTransfer
    from models import StockTransferLine
    from models import Warehouse
    from models import WarehouseStock
    from models.warehouse import totals

    sale = int(call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 7}])).body["id"])
    call("inventario-ingreso", cod_num=1002, cantidad=5, costo="33.00")
    # A supplier bill of that release: its movements named it only in purchase_id, and it had no warehouse.
    supplier = call(**{**examples.PROVEEDOR_NUEVO, "proveedor_num_doc": examples.VALID_SUPPLIER_RUC}).body["id"]
    bill = call("compra-nuevo", compra_proveedor=supplier, compra_numero="F001-1", compra_fecha="2024-05-01",
                detalle=[{"cod_num": 1002, "cantidad": 4, "precio": "40.00"}]).body["id"]

    def kardex(code):
        return [(m["tipo"], m["cantidad"], m["costo_unitario"], m["saldo"], m["costo_promedio"])
                for m in call("kardex-listar", cod_num=code, limite=1000).body]

    def products():
        return {p["cod_num"]: (p["stock"], p["costo_promedio"]) for p in call("producto-listar").body}

    before = products(), kardex(1001), kardex(1002)
    with db.connection_context():
        held = totals([p.id for p in Product.select()])
        Purchase.update(warehouse=None).execute()
        db.execute_sql('DROP INDEX IF EXISTS "stock_movement_origin_origin_id"')
        db.drop_tables([StockCountItem, StockCount, StockTransferLine, StockTransfer, StockExitLine, StockExit,
                        WarehouseStock, Warehouse])
        migrator = SchemaMigrator.from_database(db.obj)
        migrate(*[migrator.drop_column(table, column) for table, column in (
            ("sis_empresa", "main_warehouse"), ("document", "warehouse"), ("stock_movement", "warehouse"),
            ("stock_movement", "warehouse_balance"), ("stock_movement", "origin"), ("stock_movement", "origin_id"),
            ("stock_movement", "operation"))])
        keep_stock_on_products(held)  # as that release did
        assert "main_warehouse" not in {c.name for c in db.get_columns("sis_empresa")}

    create_tables()
    create_tables()  # a second start changes nothing

    company_id = call("almacen-listar").body[0]["sis_empresa"]
    with db.connection_context():
        main = Company.get_by_id(company_id).main_warehouse
        assert Warehouse.select().count() == 1 and WarehouseStock.select().count() == 2
        assert "stock" not in {c.name for c in db.get_columns("product")}, "the stock is the warehouses' now"
    assert (products(), kardex(1001), kardex(1002)) == before
    for code in (1001, 1002):
        [product] = call("producto-listar", cod_num=code).body
        assert product["stock_por_almacen"] == [{"almacen_id": main, "stock": product["stock"]}]
        movements = call("kardex-listar", cod_num=code, almacen_id=main, limite=1000).body
        assert [m["saldo_almacen"] for m in movements] == [m["saldo"] for m in movements]
    assert call("factura-eliminar", factura_id=sale).status == 200  # an old sale comes back to the main warehouse
    assert call("producto-listar", cod_num=1001).body[0]["stock_por_almacen"] == [{"almacen_id": main, "stock": 100}]
    # The old bill is in the main warehouse, listed there, and deleting it takes its goods out of it exactly.
    assert [b["id"] for b in call("compra-listar", compra_almacen=main).body] == [bill]
    held = call("producto-listar", cod_num=1002).body[0]["stock"]
    assert call("compra-eliminar", compra_id=bill).status == 200
    assert call("producto-listar", cod_num=1002).body[0]["stock_por_almacen"] == [{"almacen_id": main,
                                                                                   "stock": held - 4}]


def test_a_database_that_kept_the_stock_on_the_product_as_well_loses_that_column_and_nothing_else(app, call, shop):
    """The release before this one had warehouses and also kept each product's total in `product.stock`
    (which has no default in the database: left there, no product could be created)."""
    from models import Product
    from models.warehouse import totals

    call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1001, "cantidad": 7}]))
    listed = call("producto-listar").body
    with db.connection_context():
        keep_stock_on_products(totals([p.id for p in Product.select()]))

    create_tables()

    with db.connection_context():
        assert "stock" not in {c.name for c in db.get_columns("product")}
    assert call("producto-listar").body == listed
    assert call("producto-nuevo", cod_num=4321, producto_nombre="NUEVO", producto_precio="1.00").status == 201
