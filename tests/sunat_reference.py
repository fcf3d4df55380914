"""SUNAT's own checks, from ../shared/sunat: the UBL 2.1 XSD and the validation rules (validate.py)."""

import importlib.util
import os
import threading
from pathlib import Path

from lxml import etree

from tests.live_server import ROOT

SUNAT_DIR = Path(os.environ.get("SUNAT_REFERENCE_DIR", ROOT.parent / "shared" / "sunat"))
_loaded = {}
# SUNAT's validate.py caches schemas and stylesheets in module globals, loaded on first use: two threads
# (the peer answering two sends at once) loading them together break lxml's schema parser. One at a time.
_lock = threading.RLock()


def validator():
    if "module" not in _loaded:
        spec = importlib.util.spec_from_file_location("sunat_validate", SUNAT_DIR / "validate.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _loaded["module"] = module
    return _loaded["module"]


def rule_findings(module, xsl_rel, doc, name):
    module.CURRENT["file_name"] = name
    xslt, _, _ = module.get_xslt(xsl_rel, "all")
    status, findings = module.run_xsl(xslt, doc, name)
    found = [f"XSL {status}"] if status != "ok" else []
    return found + [f"{kind} {code}: {message}" for kind, code, message in findings if kind in ("ERROR", "WARN")]


def problems(xml, file_name=None):
    with _lock:
        return _problems(xml, file_name)


def _problems(xml, file_name=None):
    """Every XSD error, rule error and observation SUNAT's files report for `xml`; [] means clean.

    Facturas are checked with both rule generations in ../shared/sunat (SFS and DataPower layout). The
    SFS copy's rule 3249 counts cac:PaymentTerms under the PaymentTerms it is evaluating, so it fires on
    every credit factura, SUNAT's own homologation samples included; the DataPower copy has the fix
    ($root/cac:PaymentTerms). That one finding is excused only when the document does carry its
    cuotas and the DataPower copy finds nothing.

    Notes are checked with the SFS copy only: the DataPower copies of the NC/ND rules use variables they
    never declare and stop under libxslt (validate.py says so). The SFS copy checks the buyer's schemeID
    against catalogue 06 even when it is "-" (an unidentified buyer of a boleta under S/ 700), where the
    DataPower copy skips "-" (SUNAT's change PAS20191U210100194, the `@schemeID != '-'` test around rule
    2016). That finding is excused only for a buyer sent as "-", and only while the DataPower copy on disk
    still has that test.
    """
    module = validator()
    doc = etree.ElementTree(etree.fromstring(xml))
    name = file_name or module.derive_sunat_name(doc)
    kind = module.detect(doc)
    xsd_rel, sfs_rel, dp_rel = module.RULES.get(kind) or module.RULES[(kind[0], None)]
    schema = module.get_schema(xsd_rel)
    schema.validate(doc)
    found = [f"XSD line {e.line}: {e.message}" for e in schema.error_log]
    sfs = rule_findings(module, sfs_rel or dp_rel, doc, name)  # RC and RA have one rule file
    if kind == ("Invoice", "01"):
        datapower = rule_findings(module, dp_rel, doc, name)
        has_cuotas = b"<cbc:PaymentMeansID>Cuota001</cbc:PaymentMeansID>" in xml
        if has_cuotas and not datapower:
            sfs = [finding for finding in sfs if not finding.startswith("WARN 3249:")]
        found += datapower
    if kind[0] in ("CreditNote", "DebitNote") and b'schemeID="-"' in xml and varios_exempt(dp_rel):
        sfs = [finding for finding in sfs if not (finding.startswith("ERROR 2016:") and 'valor: "-"' in finding)]
    return found + sfs


def varios_exempt(dp_rel):
    """Whether SUNAT's DataPower copy of a note's rules skips catalogue 06 for a buyer sent as "-"."""
    text = (SUNAT_DIR / "xsl" / dp_rel).read_text(encoding="utf-8", errors="replace")
    return "<xsl:if test=\"cac:Party/cac:PartyIdentification/cbc:ID/@schemeID != '-'\">" in text
