"""Configuring a company as an electronic issuer: identity, address, SOL credentials, certificate."""

import re

from admin.companies import AdminError
from models import Issuer
from models.sunat import CUSTOM
from models.sunat import ENVIRONMENTS
from domain.identity import ruc_is_valid
from sunat.health import certificate_health
from sunat.health import last_sol_outcome
from sunat.signing import ALGORITHMS

UBIGEO = re.compile(r"^\d{6}$")


def configure(company, **values):
    """Create or update the company's issuer with the values given (None leaves a value as it is)."""
    values = {k: v for k, v in values.items() if v is not None}
    if "ruc" in values and not ruc_is_valid(values["ruc"]):
        raise AdminError(f"RUC {values['ruc']!r} no válido")
    if "ubigeo" in values and not UBIGEO.match(values["ubigeo"]):
        raise AdminError("el ubigeo tiene 6 dígitos (INEI), por ejemplo 150101")
    environment = values.get("environment")
    if environment and environment not in ENVIRONMENTS:
        if not environment.startswith(("http://", "https://")):
            raise AdminError("el entorno es beta, produccion o una URL https://…/billService")
        values.update(environment=CUSTOM, service_url=environment)
    elif environment:
        values["service_url"] = ""
    if values.get("signature_algorithm") and values["signature_algorithm"] not in ALGORITHMS:
        raise AdminError(f"algoritmo de firma: {', '.join(ALGORITHMS)}")
    issuer = Issuer.get_or_none(Issuer.company == company.id)
    if issuer is None:
        required = ("ruc", "razon_social", "address_line", "ubigeo", "department", "province", "district")
        missing = [name for name in required if not values.get(name)]
        if missing:
            raise AdminError(f"faltan datos del emisor: {', '.join(missing)}")
        return Issuer.create(company=company.id, **values)
    for name, value in values.items():
        setattr(issuer, name, value)
    issuer.save()
    return issuer


def install_certificate(company, private_key_pem, certificate_pem):
    """The issuer's signing key and certificate (PEM), replacing any it had."""
    return configure(company, private_key_pem=private_key_pem, certificate_pem=certificate_pem)


def describe(issuer):
    """What an administrator may see: everything but the secrets, which show only as set or not."""
    return [
        ("RUC", issuer.ruc), ("razón social", issuer.razon_social), ("nombre comercial", issuer.nombre_comercial),
        ("dirección", f"{issuer.address_line}, {issuer.district}, {issuer.province}, {issuer.department}"),
        ("ubigeo", issuer.ubigeo), ("entorno", issuer.environment), ("billService", issuer.bill_service_url),
        ("consultas", issuer.consult_service_url), ("usuario SOL", issuer.username),
        ("clave SOL", "configurada" if issuer.sol_password else "falta"),
        ("certificado", "configurado" if issuer.certificate_pem and issuer.private_key_pem else "falta"),
        ("firma", issuer.signature_algorithm),
        ("cuenta de detracciones", issuer.detraccion_account or "—"),
        ("tiempos de espera", f"conexión {issuer.connect_timeout} s, respuesta {issuer.read_timeout} s"),
        *health_lines(issuer),
        ("boletas", "resumen diario" if issuer.boletas_by_summary else "individual (sendBill)"),
        ("cola", "automática al crear" if issuer.send_on_creation else "manual (fesunat-enviar)"),
    ]


def health_lines(issuer):
    """The certificate's subject, RUC match and days to expiry, and the last exchange with SUNAT."""
    certificate = certificate_health(issuer)
    lines = []
    if certificate.get("configurado"):
        state = ("VENCIDO" if certificate["vencido"] else "por vencer" if certificate["por_vencer"] else "vigente")
        lines += [("certificado: sujeto", certificate["sujeto"]),
                  ("certificado: RUC", "coincide" if certificate["ruc_coincide"] else f"NO nombra el RUC {issuer.ruc}"),
                  ("certificado: vence", f"{certificate['vence'][:10]} ({certificate['dias_para_vencer']} días, {state})")]
    last = last_sol_outcome(issuer.company_id)
    lines.append(("último envío a SUNAT", "ninguno" if last is None else
                  f"{last['fecha']} {last['operacion']} {last['resultado']} {last['codigo'] or ''}".strip()))
    return lines
