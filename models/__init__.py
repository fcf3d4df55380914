"""Persistence: one database proxy, one module per entity, and MODELS in creation order."""

from models.base import db
from models.company import ApiKey
from models.company import Company
from models.counts import LiveCount
from models.document import Document
from models.document import DocumentLine
from models.document import DocumentInstallment
from models.document import Series
from models.document import add_missing_series
from models.events import Event
from models.links import LinkSecret
from models.links import RevokedLink
from models.links import ensure_secret
from models.note import NoteReference
from models.mail import Mail
from models.mail import MailAttempt
from models.mail import MailSettings
from models.party import Address
from models.party import Contact
from models.party import Party
from models.printing import PrintProfile
from models.product import Product
from models.purchase import Purchase
from models.purchase import PurchaseLine
from models.reliability import AuditEntry
from models.reliability import IdempotentAnswer
from models.reliability import RateWindow
from models.exits import StockExit
from models.exits import StockExitLine
from models.stock import StockMovement
from models.stock_counts import StockCount
from models.stock_counts import StockCountItem
from models.transfers import StockTransfer
from models.transfers import StockTransferLine
from models.summaries import Summary
from models.summaries import SummaryLine
from models.sunat import Attempt
from models.sunat import Issuer
from models.sunat import Submission
from models.webhooks import Webhook
from models.webhooks import WebhookAttempt
from models.webhooks import WebhookDelivery
from models.upgrades import SUPERSEDED_INDEXES  # noqa: F401  (tests read it from here)
from models.upgrades import add_missing_columns
from models.upgrades import drop_superseded_indexes
from models.upgrades import drop_product_stock_column
from models.upgrades import move_stock_into_main_warehouses
from models.upgrades import name_purchase_origins
from models.upgrades import seal_clear_secrets
from models.upgrades import widen_sealed_columns
from models.warehouse import Warehouse
from models.warehouse import WarehouseStock

MODELS = [
    Company,
    ApiKey,
    Party,
    Contact,
    Address,
    Product,
    Warehouse,
    WarehouseStock,
    Series,
    Document,
    DocumentLine,
    DocumentInstallment,
    Purchase,
    PurchaseLine,
    NoteReference,
    StockMovement,
    StockExit,
    StockExitLine,
    StockTransfer,
    StockTransferLine,
    StockCount,
    StockCountItem,
    Issuer,
    Submission,
    Attempt,
    Summary,
    SummaryLine,
    IdempotentAnswer,
    AuditEntry,
    RateWindow,
    LiveCount,
    LinkSecret,
    RevokedLink,
    PrintProfile,
    Event,
    Webhook,
    WebhookDelivery,
    WebhookAttempt,
    MailSettings,
    Mail,
    MailAttempt,
]


def create_tables():
    """Create what is missing, add new columns to old tables, drop superseded indexes: safe to run on
    every start and upgrade (models/upgrades.py)."""
    with db.connection_context():
        with db.atomic():
            add_missing_columns(MODELS)
        db.create_tables(MODELS, safe=True)
        drop_superseded_indexes()
        move_stock_into_main_warehouses()
        drop_product_stock_column()
        name_purchase_origins()
        widen_sealed_columns()
        ensure_secret()
        seal_clear_secrets()
        add_missing_series()
