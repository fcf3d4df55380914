"""The CDR parser on every real CDR in ../shared/sunat/cdr, zipped and unzipped; and its classification."""

import pytest

from sunat.cdr import classify
from sunat.cdr import parse_cdr_xml
from sunat.cdr import parse_cdr_zip
from sunat.packaging import PackagingError
from sunat.packaging import only_xml
from sunat.packaging import zip_document
from tests.sunat_reference import SUNAT_DIR

CDRS = SUNAT_DIR / "cdr"

# file → (ReferenceID, ResponseCode, state, number of notes, start of the description)
EXPECTED = {
    "greenter/R-20000000001-09-T001-1.xml": ("T001-1", "0", "observado", 1, "El Comprobante  numero T001-1"),
    "greenter/R-20600995805-01-F001-1.xml": ("F001-1", "0", "aceptado", 0, "La Factura numero F001-00000001"),
    "greenter/R-20600995805-01-F001-3.xml": ("F001-1", "0", "observado", 2, "La Factura numero F001-00000001"),
    "greenter/cdr-rechazo/R-20600995805-01-F001-2.xml": ("F001-2", "0109", "excepcion", 0, "El sistema no pudo"),
    "greenter/cdr-rechazo.zip": ("F001-2", "0109", "excepcion", 0, "El sistema no pudo"),
    "greenter/cdrBaja/R-20600995805-RA-20171001-1.xml": ("RA-20171001-1", "0", "aceptado", 0, "La Comunicación de baja"),
    "greenter/cdrBaja.zip": ("RA-20171001-1", "0", "aceptado", 0, "La Comunicación de baja"),
    "greenter/cdrGRE/R-20000000001-09-T001-1.xml": ("T001-1", "0", "observado", 1, "El Comprobante"),
    "greenter/cdrGRE.zip": ("T001-1", "0", "observado", 1, "El Comprobante"),
    "greenter/efact_cdr1.xml": ("F001-1", "0", "aceptado", 0, "La Factura F001-1 ha sido aceptada."),
    "openubl/R-12345678901-01-F001-00000587.xml": ("F001-00000587", "0", "aceptado", 0, "La Factura numero F001-00000587"),
    "openubl/R-20220557805-01-F001-22Openubl.xml": ("F001-22", "0", "observado", 8, "La Factura numero F001-22"),
}


def test_every_cdr_in_the_reference_data_is_covered():
    files = {str(p.relative_to(CDRS)) for p in CDRS.rglob("*") if p.is_file() and p.name != "dummy"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cdr(name):
    data = (CDRS / name).read_bytes()
    cdr = parse_cdr_zip(data) if name.endswith(".zip") else parse_cdr_xml(data)
    reference, code, state, notes, description = EXPECTED[name]
    assert (cdr.reference_id, cdr.response_code, cdr.state, len(cdr.notes)) == (reference, code, state, notes)
    assert cdr.description.startswith(description)


def test_notes_keep_code_and_text():
    cdr = parse_cdr_xml((CDRS / "greenter/R-20600995805-01-F001-3.xml").read_bytes())
    assert cdr.notes[0] == ("4031", "Debe indicar el nombre comercial")


@pytest.mark.parametrize("code, notes, state", [
    ("0", [], "aceptado"), ("0", [("4252", "x")], "observado"), ("0", [("3030", "x")], "aceptado"),
    ("2800", [], "rechazado"), ("3999", [], "rechazado"), ("2000", [], "rechazado"),
    ("0100", [], "excepcion"), ("1999", [], "excepcion"), ("4000", [], "excepcion"),
])
def test_classification(code, notes, state):
    assert classify(code, notes) == state


def test_zips_skip_directories_and_refuse_garbage():
    data = (CDRS / "greenter/cdr-rechazo.zip").read_bytes()
    assert only_xml(data)[0] == "R-20600995805-01-F001-2.xml"
    with pytest.raises(PackagingError):
        only_xml(b"not a zip")
    name, xml = only_xml(zip_document("20000000001-01-F001-00000001", b"<x/>"))
    assert (name, xml) == ("20000000001-01-F001-00000001.xml", b"<x/>")
