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
    return found + sfs
