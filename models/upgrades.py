"""Bringing a database that an earlier version created up to today's models, on every start.

Columns a model has and its table lacks are added (with the field's default filled in, so existing rows
stay valid); indexes superseded by a composite index are dropped. A new field therefore needs nothing
here: give it a default (or `null=True`) and the upgrade adds it. Secrets an earlier version stored in
clear are sealed (their columns widened first on PostgreSQL).
"""

from playhouse.migrate import SchemaMigrator
from playhouse.migrate import migrate

from models.base import db
from models.base import is_sqlite
from models.sealed import seal_clear
from models.sealed import sealed_columns

# Indexes earlier versions created that no query needs (most are covered by a composite index); each
# cost every sale pages to write.
SUPERSEDED_INDEXES = (
    "document_company_id",
    "document_contact_id",
    "stock_movement_company_id",
    "document_line_document_id",
    "document_line_product_id",
    "party_company_id",
    "product_company_id",
    "stock_movement_product_id",
    "audit_entry_company_id",
    "stock_movement_purchase_id",  # bills find their movements by (origin, origin_id)
)


def missing_columns(models):
    """(table, field) for every field of an existing table that has no column yet, in model order."""
    existing = set(db.get_tables())
    for model in models:
        table = model._meta.table_name
        if table not in existing:
            continue
        present = {column.name for column in db.get_columns(table)}
        for field in model._meta.sorted_fields:
            if field.column_name not in present:
                yield table, field


def has_column(model, column):
    """Whether `model`'s table has `column`, which may be one the model no longer declares."""
    return column in {found.name for found in db.get_columns(model._meta.table_name)}


def add_missing_columns(models):
    migrator = SchemaMigrator.from_database(db.obj)
    for table, field in list(missing_columns(models)):
        if not field.null and field.default is None:
            raise RuntimeError(f"{table}.{field.column_name}: a new column needs a default or null=True")
        migrate(migrator.add_column(table, field.column_name, field))


def drop_superseded_indexes():
    for index in SUPERSEDED_INDEXES:
        db.execute_sql(f"DROP INDEX IF EXISTS {index.join(db.obj.quote)}")


def move_stock_into_main_warehouses():
    """Databases from before warehouses: each company gets its main warehouse, and what it had becomes
    that warehouse's (every kardex row moved there, with the product's balance as the warehouse's; every
    product's stock, then kept in `product.stock`, as the warehouse's share). Only companies without a main
    warehouse are touched, so every later start costs one query."""
    from models.company import Company
    from models.product import Product
    from models.stock import StockMovement
    from models.warehouse import create_main

    for (company_id,) in Company.select(Company.id).where(Company.main_warehouse.is_null()).tuples():
        with db.atomic():
            main = create_main(company_id)
            (StockMovement.update(warehouse=main.id, warehouse_balance=StockMovement.balance_quantity)
             .where((StockMovement.company == company_id) & StockMovement.warehouse.is_null()).execute())
            if has_column(Product, "stock"):
                _old_stock_into(main.id, company_id)


def _old_stock_into(warehouse_id, company_id):
    """Each stock-controlled product's old `product.stock` (a column today's model no longer has) as its
    row in `warehouse_id`, for products that have no warehouse row yet."""
    from models import sql
    from models.product import Product
    from models.warehouse import WarehouseStock

    columns = sql.columns(WarehouseStock, ["company", "product", "warehouse", "stock"])
    one = sql.placeholders(1)
    db.execute_sql(
        f"INSERT INTO {sql.table(WarehouseStock)} ({columns}) "
        f"SELECT {sql.column(Product, 'company', 'p')}, {sql.column(Product, 'id', 'p')}, {one}, p.{sql.name('stock')} "
        f"FROM {sql.table(Product)} AS p WHERE {sql.column(Product, 'company', 'p')} = {one} "
        f"AND {sql.column(Product, 'controls_stock', 'p')} = {one} AND NOT EXISTS (SELECT 1 FROM "
        f"{sql.table(WarehouseStock)} AS w WHERE {sql.column(WarehouseStock, 'product', 'w')} = {sql.column(Product, 'id', 'p')})",
        (warehouse_id, company_id, True))


def drop_product_stock_column():
    """Databases from before a product's stock was the sum of its warehouses kept it in `product.stock` as
    well (moved into the main warehouse above): the column goes, or new products could not be inserted (it
    has no default in the database)."""
    from models.product import Product

    if has_column(Product, "stock"):
        migrate(SchemaMigrator.from_database(db.obj).drop_column(Product._meta.table_name, "stock"))


def name_purchase_origins():
    """Supplier bills' movements from before warehouses named their bill only in `purchase_id`: they get
    it as their origin ("compra", id), which is how a bill's stock is reversed now, and bills without a
    warehouse get their company's main one (where their goods were moved). One cheap query each on
    later starts."""
    from models.company import Company
    from models.purchase import Purchase
    from models.stock import StockMovement

    (StockMovement.update(origin="compra", origin_id=StockMovement.purchase)
     .where(StockMovement.purchase.is_null(False) & (StockMovement.origin == "")).execute())
    main = Company.select(Company.main_warehouse).where(Company.id == Purchase.company)
    Purchase.update(warehouse=main).where(Purchase.warehouse.is_null()).execute()


def widen_sealed_columns():
    """A sealed value is longer than the clear one: earlier PostgreSQL tables held sol_password as
    varchar(250) and link_secret.secret as varchar(64). SQLite enforces no length."""
    if is_sqlite():
        return
    for table, column, _ in sealed_columns():
        kind = db.execute_sql("SELECT data_type FROM information_schema.columns WHERE table_name = %s "
                              "AND column_name = %s", (table, column)).fetchone()
        if kind and kind[0] != "text":
            db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE text')


def seal_clear_secrets():
    """Secrets written before their column was sealed (the link secret of every older database, SOL
    passwords from before sealing) are sealed now, with their values unchanged: links made before still
    open. Needs the master key only when something is still clear."""
    with db.atomic():
        seal_clear()
