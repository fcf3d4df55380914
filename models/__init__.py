"""Persistence: one database proxy, one module per entity, and MODELS in creation order."""

from models.base import db
from models.company import ApiKey
from models.company import Company
from models.counts import LiveCount
from models.document import Document
from models.document import DocumentLine
from models.document import DocumentInstallment
from models.document import Series
from models.party import Address
from models.party import Contact
from models.party import Party
from models.product import Product
from models.reliability import AuditEntry
from models.reliability import IdempotentAnswer
from models.reliability import RateWindow
from models.stock import StockMovement
from models.sunat import Attempt
from models.sunat import Issuer
from models.sunat import Submission

MODELS = [
    Company,
    ApiKey,
    Party,
    Contact,
    Address,
    Product,
    Series,
    Document,
    DocumentLine,
    DocumentInstallment,
    StockMovement,
    Issuer,
    Submission,
    Attempt,
    IdempotentAnswer,
    AuditEntry,
    RateWindow,
    LiveCount,
]


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
)


def create_tables():
    """Create what is missing and drop superseded indexes: safe to run on every start and upgrade."""
    with db.connection_context():
        db.create_tables(MODELS, safe=True)
        for index in SUPERSEDED_INDEXES:
            db.execute_sql(f"DROP INDEX IF EXISTS {index.join(db.obj.quote)}")
