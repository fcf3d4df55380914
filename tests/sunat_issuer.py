"""An issuer whose SUNAT is the local peer (tests/sunat_peer.py), with a self-signed certificate."""

import functools

from models import Issuer
from models.base import db
from sunat.certificates import self_signed

RUC = "20000000001"


@functools.cache
def certificate():
    return self_signed(RUC, "EMPRESA DEMO S.A.C.")


def issuer_for(company_id, peer):
    key_pem, cert_pem = certificate()
    with db.connection_context():
        return Issuer.create(
            company=company_id, ruc=RUC, razon_social="EMPRESA DEMO S.A.C.", address_line="AV. LIMA 1",
            ubigeo="150101", department="LIMA", province="LIMA", district="LIMA", sol_user="MODDATOS",
            sol_password="moddatos", private_key_pem=key_pem, certificate_pem=cert_pem,
            environment="personalizado", service_url=peer.url, consult_url=peer.url, read_timeout=2, connect_timeout=2)
