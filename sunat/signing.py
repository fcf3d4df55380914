"""XMLDSig for SUNAT: an enveloped signature inside the first ext:ExtensionContent, done by signxml.

Inclusive C14N 1.0, the whole document referenced (URI=""), the X.509 certificate in KeyInfo, and the
`Id` that cac:Signature's URI points to. RSA-SHA1 is what SUNAT's own tool signs with; RSA-SHA256 is
what newer tools use. The DigestValue is the document's "hash" printed on the invoice and in the QR.
"""

import functools

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from lxml import etree
from signxml import CanonicalizationMethod
from signxml import DigestAlgorithm
from signxml import SignatureConstructionMethod
from signxml import SignatureMethod
from signxml import XMLSigner

from sunat.xml.elements import DS
from sunat.xml.elements import EXT
from sunat.xml.elements import SIGNATURE_ID
ALGORITHMS = {
    "rsa-sha1": (SignatureMethod.RSA_SHA1, DigestAlgorithm.SHA1),
    "rsa-sha256": (SignatureMethod.RSA_SHA256, DigestAlgorithm.SHA256),
}


class SunatSigner(XMLSigner):
    """signxml refuses SHA-1 by default; SUNAT accepts (and its own tool produces) RSA-SHA1 signatures."""

    def check_deprecated_methods(self):
        pass


@functools.lru_cache(maxsize=64)
def private_key(pem):
    """The parsed key, kept per process: parsing validates the RSA key, ~100 times the cost of signing."""
    return load_pem_private_key(pem.encode(), password=None)


def sign(root, private_key_pem, certificate_pem, algorithm="rsa-sha1"):
    """(signed XML bytes, DigestValue) for the unsigned Invoice element `root`."""
    signature_method, digest_method = ALGORITHMS[algorithm]
    content = root.find(f".//{{{EXT}}}ExtensionContent")
    etree.SubElement(content, f"{{{DS}}}Signature", Id="placeholder")
    signer = SunatSigner(
        method=SignatureConstructionMethod.enveloped,
        signature_algorithm=signature_method,
        digest_algorithm=digest_method,
        c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0,
    )
    # No reference URI: signxml then references the whole document (URI=""), as SUNAT expects.
    signed = signer.sign(root, key=private_key(private_key_pem), cert=certificate_pem)
    signature = signed.find(f".//{{{DS}}}Signature")
    # Outside SignedInfo, so setting it after signing changes nothing that was signed.
    signature.set("Id", SIGNATURE_ID)
    digest = signature.find(f".//{{{DS}}}DigestValue").text
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8"), digest
