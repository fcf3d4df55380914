"""Signing certificates: load a PFX or PEM pair, or make a self-signed one for SUNAT's beta environment."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


class CertificateError(ValueError):
    """The certificate or key cannot be used; the message says why (never the secret itself)."""


def to_pem(key, certificate):
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def from_pfx(data, password):
    """(key PEM, certificate PEM) from a PKCS#12 file."""
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, password.encode() if password else None)
    except ValueError:
        raise CertificateError("no se pudo abrir el PFX: contraseña incorrecta o archivo dañado") from None
    if key is None or certificate is None:
        raise CertificateError("el PFX no contiene la clave privada y el certificado")
    return to_pem(key, certificate)


def from_pem(key_data, certificate_data, password=None):
    """(key PEM, certificate PEM), checking that the key matches the certificate."""
    try:
        key = serialization.load_pem_private_key(key_data, password.encode() if password else None)
        certificate = x509.load_pem_x509_certificate(certificate_data)
    except (ValueError, TypeError):
        raise CertificateError("no se pudo leer la clave o el certificado PEM") from None
    if key.public_key().public_numbers() != certificate.public_key().public_numbers():
        raise CertificateError("la clave privada no corresponde al certificado")
    return to_pem(key, certificate)


def self_signed(ruc, name, days=365):
    """A 2048-bit RSA key and a self-signed certificate for `ruc`, good for SUNAT beta only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, name[:64]),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, ruc),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{ruc} PRUEBAS BETA"),
    ])
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    certificate = (x509.CertificateBuilder()
                   .subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=days))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    return to_pem(key, certificate)
