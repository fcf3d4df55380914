"""Reading SUNAT's answer (CDR, an ApplicationResponse) and classifying it.

ResponseCode 0 is accepted; 0 with notes of code ≥ 4000 is accepted with observations; 2000–3999 is
rejected (the number is used up); 0100–1999 is an exception on SUNAT's side, worth retrying.
"""

from dataclasses import dataclass
from dataclasses import field

from lxml import etree

from domain.sunat_states import ACCEPTED
from domain.sunat_states import OBSERVED
from domain.sunat_states import REJECTED
from sunat.packaging import only_xml
from sunat.xml.elements import PREFIXES

NS = {"cac": PREFIXES["cac"], "cbc": PREFIXES["cbc"]}
EXCEPTION = "excepcion"  # a CDR code SUNAT answers for its own trouble: worth retrying


@dataclass(frozen=True)
class Cdr:
    reference_id: str
    response_code: str
    description: str
    notes: list = field(default_factory=list)  # [(code, text)]

    @property
    def state(self):
        return classify(self.response_code, self.notes)


def classify(code, notes=()):
    number = int(code)
    if number == 0:
        return OBSERVED if any(int(c) >= 4000 for c, _ in notes if c.isdigit()) else ACCEPTED
    if 2000 <= number <= 3999:
        return REJECTED
    return EXCEPTION


def parse_cdr_xml(xml):
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    response = root.find(".//cac:DocumentResponse/cac:Response", NS)
    if response is None:
        raise ValueError("el CDR no tiene cac:DocumentResponse/cac:Response")
    notes = []
    for note in root.findall("cbc:Note", NS):
        code, _, text = (note.text or "").partition(" - ")
        notes.append((code.strip(), text.strip()))
    return Cdr(
        reference_id=response.findtext("cbc:ReferenceID", "", NS).strip(),
        response_code=response.findtext("cbc:ResponseCode", "", NS).strip(),
        description=response.findtext("cbc:Description", "", NS).strip(),
        notes=notes,
    )


def parse_cdr_zip(data):
    _, xml = only_xml(data)
    return parse_cdr_xml(xml)
