"""Certificate and SOL health: what `issuer show` and `fesunat-estado` report, and the refusal to sign
with an expired certificate (code 42), so a certificate never expires silently.

The certificate's subject should name the issuer's RUC (SUNAT's certificates carry it in the serial
number or the common name); `dias_para_vencer` counts whole days to its end. From WARNING_DAYS before
that, every signature logs a warning.
"""

import datetime
import logging

from cryptography import x509

from domain.clock import utc_now
from domain.sunat_states import PENDING
from errors import SunatRefused
from models.document import Document
from models.sunat import Attempt
from models.sunat import Submission

WARNING_DAYS = 30
logger = logging.getLogger("gateway.sunat")


def certificate_of(issuer):
    return x509.load_pem_x509_certificate(issuer.certificate_pem.encode()) if issuer.certificate_pem else None


def certificate_health(issuer, now=None):
    """The certificate's subject, its issuer, whether it names the issuer's RUC, and its days to expiry."""
    certificate = certificate_of(issuer)
    if certificate is None:
        return {"configurado": False}
    now = now or utc_now()
    ends = certificate.not_valid_after_utc.replace(tzinfo=None)
    days = (ends - now).days if ends >= now else -((now - ends).days + 1)
    return {
        "configurado": True,
        "sujeto": certificate.subject.rfc4514_string(),
        "emitido_por": certificate.issuer.rfc4514_string(),
        "ruc_coincide": issuer.ruc in certificate.subject.rfc4514_string(),
        "valido_desde": certificate.not_valid_before_utc.replace(tzinfo=None).isoformat(),
        "vence": ends.isoformat(),
        "dias_para_vencer": days,
        "vencido": ends < now,
        "por_vencer": now <= ends < now + datetime.timedelta(days=WARNING_DAYS),
    }


def last_sol_outcome(company_id):
    """The company's last exchange with SUNAT (SOL credentials and all), or None when it never sent."""
    attempt = (Attempt.select(Attempt, Submission.file_name).join(Submission).join(Document)
               .where(Document.company == company_id).order_by(Attempt.id.desc()).first())
    if attempt is None:
        return None
    return {"fecha": attempt.at.isoformat(), "archivo": attempt.submission.file_name, "operacion": attempt.operation,
            "resultado": attempt.outcome, "codigo": attempt.code or None, "mensaje": attempt.message or None}


def pending_count(company_id):
    return Document.select().where((Document.company == company_id) & (Document.sunat_state == PENDING)
                                   & Document.id.in_(Submission.select(Submission.document))).count()


def check_before_signing(issuer, now=None):
    """Refuse (42) to sign with an expired certificate; warn in the log within WARNING_DAYS of expiry."""
    health = certificate_health(issuer, now)
    if not health.get("configurado"):
        return
    if health["vencido"]:
        raise SunatRefused(f"el certificado del emisor venció el {health['vence'][:10]}; no se firma con él",
                           solucion="Cargue un certificado vigente con flask --app app issuer certificate "
                                    "(y regístrelo en SUNAT Operaciones en Línea).",
                           certificado=health)
    if health["por_vencer"]:
        logger.warning("certificate of RUC %s expires in %s days (%s)", issuer.ruc, health["dias_para_vencer"],
                       health["vence"])
