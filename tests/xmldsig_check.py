"""Signature verification by an independent implementation: libxmlsec1, through python-xmlsec."""

import xmlsec
from lxml import etree


def verify(xml, certificate_pem):
    """Raise xmlsec.Error unless `xml` carries a valid signature by `certificate_pem`'s key."""
    root = etree.fromstring(xml)
    signature = xmlsec.tree.find_node(root, xmlsec.constants.NodeSignature)
    if signature is None:
        raise xmlsec.Error("no ds:Signature")
    context = xmlsec.SignatureContext()
    context.key = xmlsec.Key.from_memory(certificate_pem.encode(), xmlsec.constants.KeyDataFormatCertPem)
    context.verify(signature)
    return True
