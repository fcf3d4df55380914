"""Administrator commands (Flask CLI): `flask --app app <command>`. Keys are printed once, never listed."""

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from admin import companies
from admin import issuers
from admin import notifications as notification_settings
from admin import printing as print_settings
from admin.companies import AdminError
from admin.demo import bootstrap_demo
from admin.master_key import ensure_demo_key
from admin.master_key import secrets_group
from domain.clock import utc_now
from domain.documents import KINDS_BY_SLUG
from models import ApiKey
from models import AuditEntry
from models import Company
from models import IdempotentAnswer
from models import Issuer
from models import Series
from models import create_tables
from models.base import db
from sunat import certificates
from notifications import worker as notifications_worker
from sunat import worker
import vault


# Every per-company command takes the company's id the same way.
company_option = click.option("--company", "company_id", required=True, type=int)


def in_transaction(fn):
    """Run a command in one transaction and turn AdminError into a clean CLI error."""
    def wrapper(*args, **kwargs):
        try:
            with db.connection_context(), db.atomic():
                return fn(*args, **kwargs)
        except AdminError as error:
            raise click.ClickException(str(error)) from None
        except vault.SecretKeyUnavailable as error:
            raise click.ClickException(error.detail) from None
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def upgrade_tables():
    """create_tables, with a missing master key as a clean CLI error: the link secret is sealed with it."""
    try:
        create_tables()
    except vault.SecretKeyUnavailable as error:
        raise click.ClickException(error.detail) from None


@click.command("init-db")
def init_db():
    """Create the tables that do not exist yet and seal secrets still stored in clear."""
    upgrade_tables()
    click.echo("base de datos lista")


@click.command("demo")
@click.option("--key-file", default=".demo-key", show_default=True, help="where to write the demo key")
@with_appcontext
def demo(key_file):
    """Create the tables and, on an empty database, a demo company with a key, a client and products."""
    made = ensure_demo_key(current_app.config)  # first: the tables' link secret is sealed with it
    if made:
        click.echo(f"clave maestra de secretos creada en {made} (sin ella no se leen la clave SOL, el "
                   "certificado ni el secreto de los enlaces: guárdela aparte, o defina GATEWAY_SECRET_KEY_FILE)")
    upgrade_tables()
    with db.connection_context():
        value = bootstrap_demo()
    if value is None:
        shown = f"; la clave demo está en {key_file}" if os.path.exists(key_file) else ""
        click.echo(f"la base de datos ya tiene empresas{shown}")
        return
    with open(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
        handle.write(value + "\n")
    click.echo(f"empresa demo creada; clave (se muestra una sola vez, copiada en {key_file}):")
    click.echo(value)


company_group = click.Group("company", help="Companies (sis_empresa).")
key_group = click.Group("key", help="API keys: create, import, list, enable, disable.")
series_group = click.Group("series", help="Document series (F001, B001, NV01...).")


@company_group.command("create")
@click.option("--ruc", required=True)
@click.option("--razon-social", required=True)
@in_transaction
def company_create(ruc, razon_social):
    """Create a company with its default series."""
    company = companies.create_company(ruc, razon_social)
    click.echo(f"empresa {company.id} creada: {company.ruc} {company.razon_social}")


@company_group.command("list")
@in_transaction
def company_list():
    """List the companies."""
    for company in Company.select().order_by(Company.id):
        stock = "permite" if company.allow_negative_stock else "no permite"
        click.echo(f"{company.id}\t{company.ruc}\t{company.razon_social}\t({stock} stock negativo)")


@company_group.command("negative-stock")
@click.argument("company_id", type=int)
@click.argument("policy", type=click.Choice(["allow", "refuse"]))
@in_transaction
def company_negative_stock(company_id, policy):
    """Allow or refuse sales that take stock below zero."""
    company = companies.get_company(company_id)
    Company.update(allow_negative_stock=policy == "allow").where(Company.id == company.id).execute()
    click.echo(f"empresa {company.id}: stock negativo {'permitido' if policy == 'allow' else 'rechazado'}")


@key_group.command("create")
@company_option
@click.option("--label", default="")
@in_transaction
def key_create(company_id, label):
    """Create a key; it is printed once and cannot be shown again."""
    key, value = companies.create_key(companies.get_company(company_id), label)
    click.echo(f"clave {key.id} ({key.prefix}) creada; guárdela ahora, no se mostrará de nuevo:")
    click.echo(value)


@key_group.command("import")
@company_option
@click.option("--label", default="")
@click.option("--value", prompt=True, hide_input=True, help="the old system's 32-hex key")
@in_transaction
def key_import(company_id, label, value):
    """Import an existing key value (migration from the old system)."""
    key = companies.import_key(companies.get_company(company_id), value, label)
    click.echo(f"clave {key.id} ({key.prefix}) importada")


@key_group.command("list")
@click.option("--company", "company_id", type=int)
@in_transaction
def key_list(company_id):
    """List keys: id, company, prefix, label, state, last use. Never the key."""
    query = ApiKey.select().order_by(ApiKey.id)
    if company_id:
        query = query.where(ApiKey.company == company_id)
    for key in query:
        state = "habilitada" if key.enabled else "deshabilitada"
        used = key.last_used_at.isoformat(sep=" ") if key.last_used_at else "nunca"
        limits = f"\tpermisos: {key.permissions or 'todas'}\tlímite: {key.rate_limit or '—'}/min"
        click.echo(f"{key.id}\tempresa {key.company_id}\t{key.prefix}…\t{key.label}\t{state}\túltimo uso: {used}{limits}")


@key_group.command("permissions")
@click.argument("reference")
@click.argument("patterns", required=False, default="")
@in_transaction
def key_permissions(reference, patterns):
    """Limit a key to action patterns, e.g. "cliente-*,factura-nuevo,*-listar"; none: every action."""
    key = companies.find_key(reference)
    cleaned = ",".join(p.strip() for p in patterns.split(",") if p.strip())
    ApiKey.update(permissions=cleaned).where(ApiKey.id == key.id).execute()
    click.echo(f"clave {key.id} ({key.prefix}): {cleaned or 'todas las acciones'}")


@key_group.command("rate-limit")
@click.argument("reference")
@click.argument("per_minute", type=click.IntRange(min=0))
@in_transaction
def key_rate_limit(reference, per_minute):
    """Requests per minute a key may make (0: no limit)."""
    key = companies.find_key(reference)
    ApiKey.update(rate_limit=per_minute).where(ApiKey.id == key.id).execute()
    click.echo(f"clave {key.id} ({key.prefix}): {per_minute or 'sin'} solicitudes por minuto")


@key_group.command("disable")
@click.argument("reference")
@in_transaction
def key_disable(reference):
    """Disable a key (by id or prefix): its next request is refused with code 10."""
    key = companies.set_key_enabled(reference, False)
    click.echo(f"clave {key.id} ({key.prefix}) deshabilitada")


@key_group.command("enable")
@click.argument("reference")
@in_transaction
def key_enable(reference):
    """Enable a key again (by id or prefix)."""
    key = companies.set_key_enabled(reference, True)
    click.echo(f"clave {key.id} ({key.prefix}) habilitada")


@series_group.command("add")
@company_option
@click.option("--type", "kind", required=True, type=click.Choice(sorted(KINDS_BY_SLUG)))
@click.argument("code")
@in_transaction
def series_add(company_id, kind, code):
    """Add a series (for example one per POS terminal: F002, B002)."""
    series = companies.add_series(companies.get_company(company_id), KINDS_BY_SLUG[kind], code)
    click.echo(f"serie {series.code} agregada a {kind}")


@series_group.command("list")
@company_option
@in_transaction
def series_list(company_id):
    """List a company's series with their last number."""
    names = {kind.code: kind.slug for kind in KINDS_BY_SLUG.values()}
    for series in Series.select().where(Series.company == company_id).order_by(Series.doc_type, Series.code):
        default = " (predeterminada)" if series.is_default else ""
        click.echo(f"{names[series.doc_type]}\t{series.code}\túltimo número {series.last_number}{default}")




issuer_group = click.Group("issuer", help="Electronic invoicing: the company as SUNAT issuer.")


def existing_issuer(company_id):
    issuer = Issuer.get_or_none(Issuer.company == company_id)
    if issuer is None:
        raise AdminError(f"la empresa {company_id} no tiene emisor configurado; use primero 'issuer set'")
    return issuer


@issuer_group.command("set")
@company_option
@click.option("--ruc")
@click.option("--razon-social")
@click.option("--nombre-comercial")
@click.option("--direccion", "address_line")
@click.option("--ubigeo")
@click.option("--departamento", "department")
@click.option("--provincia", "province")
@click.option("--distrito", "district")
@click.option("--urbanizacion", "urbanization")
@click.option("--codigo-local", "establishment_code", help="SUNAT's establishment code, 0000 for the main one")
@click.option("--usuario-sol", "sol_user")
@click.option("--clave-sol", "ask_password", is_flag=True, help="ask for the SOL password (never echoed)")
@click.option("--entorno", "environment", help="beta, produccion, or a billService URL")
@click.option("--url-consultas", "consult_url", help="billConsultService URL (getStatusCdr)")
@click.option("--firma", "signature_algorithm", type=click.Choice(["rsa-sha1", "rsa-sha256"]))
@click.option("--cuenta-detracciones", "detraccion_account")
@click.option("--timeout-conexion", "connect_timeout", type=int)
@click.option("--timeout-respuesta", "read_timeout", type=int)
@click.option("--boletas", type=click.Choice(["individual", "resumen"]),
              help="boletas one by one (sendBill) or in the day's resumen diario (RC)")
@click.option("--cola", type=click.Choice(["automatica", "manual"]),
              help="queue every new factura and boleta for SUNAT (automatica, the default) or only when asked")
@in_transaction
def issuer_set(company_id, ask_password, boletas, cola, **values):
    """Create or update the issuer; only the options given change."""
    if boletas:
        values["boletas_by_summary"] = boletas == "resumen"
    if cola:
        values["send_on_creation"] = cola == "automatica"
    if ask_password:
        values["sol_password"] = click.prompt("clave SOL", hide_input=True)
    issuer = issuers.configure(companies.get_company(company_id), **values)
    click.echo(f"emisor {issuer.ruc} configurado ({issuer.environment})")


@issuer_group.command("certificate")
@company_option
@click.option("--pfx", type=click.File("rb"), help="PKCS#12 file (.pfx/.p12)")
@click.option("--key", "key_file", type=click.File("rb"), help="PEM private key")
@click.option("--cert", "cert_file", type=click.File("rb"), help="PEM certificate")
@in_transaction
def issuer_certificate(company_id, pfx, key_file, cert_file):
    """Load the signing certificate from a PFX (password asked) or a PEM key and certificate."""
    try:
        if pfx:
            key_pem, cert_pem = certificates.from_pfx(pfx.read(), click.prompt("contraseña del PFX", hide_input=True,
                                                                               default="", show_default=False))
        elif key_file and cert_file:
            key_pem, cert_pem = certificates.from_pem(key_file.read(), cert_file.read())
        else:
            raise AdminError("indique --pfx, o --key y --cert")
    except certificates.CertificateError as error:
        raise AdminError(str(error)) from None
    issuers.install_certificate(companies.get_company(company_id), key_pem, cert_pem)
    click.echo("certificado cargado")


@issuer_group.command("test-certificate")
@company_option
@in_transaction
def issuer_test_certificate(company_id):
    """Create a self-signed certificate, accepted by SUNAT's beta environment only."""
    issuer = existing_issuer(company_id)
    key_pem, cert_pem = certificates.self_signed(issuer.ruc, issuer.razon_social)
    issuers.install_certificate(companies.get_company(company_id), key_pem, cert_pem)
    click.echo("certificado de prueba autofirmado creado (solo para el entorno beta)")


@issuer_group.command("show")
@company_option
@in_transaction
def issuer_show(company_id):
    """Show the issuer; secrets show only as set or missing."""
    issuer = existing_issuer(company_id)
    for label, value in issuers.describe(issuer):
        click.echo(f"{label}: {value}")


@click.command("sunat-worker")
@click.option("--once", is_flag=True, help="one pass over the due documents, then exit")
@click.option("--pool", type=int, help="documents sent at once (default GATEWAY_SUNAT_WORKER_POOL)")
@click.pass_context
def sunat_worker(context, once, pool):
    """Send pending documents to SUNAT with capped exponential backoff, until each is final."""
    config = current_app.config
    if pool:
        config["SUNAT_WORKER_POOL"] = pool
    if once:
        click.echo(f"enviados {worker.run_once(config)}")
        dispatched, mails, calls = notifications_worker.run_once(config)
        click.echo(f"eventos {dispatched}, correos {mails}, webhooks {calls}")
        return
    click.echo(f"sunat-worker: {config['SUNAT_WORKER_POOL']} envíos a la vez; sin trabajo, revisa cada "
               f"{config['SUNAT_WORKER_POLL_SECONDS']} s o al encolarse un comprobante")
    notifications_worker.start(config)  # e-mail and webhooks, in a thread of their own
    worker.run_forever(config)


pdf_group = click.Group("pdf", help="What a company's printed documents show beyond the issuer: logo, bank accounts.")


@pdf_group.command("logo")
@company_option
@click.argument("image", type=click.File("rb"), required=False)
@click.option("--remove", is_flag=True, help="print without a logo")
@in_transaction
def pdf_logo(company_id, image, remove):
    """Set the logo printed on every document (PNG or JPEG; scaled to at most 600 × 300 px)."""
    company = companies.get_company(company_id)
    if remove:
        print_settings.remove_logo(company)
        click.echo("logo quitado")
        return
    if image is None:
        raise AdminError("indique el archivo de imagen, o --remove")
    png = print_settings.set_logo(company, image.read())
    click.echo(f"logo guardado ({len(png) // 1024} KB)")


@pdf_group.command("bank-accounts")
@company_option
@click.argument("accounts", nargs=-1)
@in_transaction
def pdf_bank_accounts(company_id, accounts):
    """The bank accounts printed on every document, one argument each (none: print no accounts)."""
    cleaned = print_settings.set_bank_accounts(companies.get_company(company_id), accounts)
    click.echo(f"{len(cleaned)} cuentas bancarias")


webhook_group = click.Group("webhook", help="HTTP endpoints that hear of SUNAT's verdicts, annulments and e-mails.")


@webhook_group.command("add")
@company_option
@click.argument("url")
@click.option("--events", "patterns", default="*", show_default=True,
              help="comma-separated event types or patterns, e.g. 'comprobante.*,correo.fallido'")
@in_transaction
def webhook_add(company_id, url, patterns):
    """Add a webhook; its signing secret is printed once."""
    webhook, secret = notification_settings.add_webhook(companies.get_company(company_id), url, patterns)
    click.echo(f"webhook {webhook.id} agregado ({webhook.events}); secreto para verificar la firma "
               "(se muestra una sola vez):")
    click.echo(secret)


@webhook_group.command("list")
@click.option("--company", "company_id", type=int)
@in_transaction
def webhook_list(company_id):
    """The webhooks: id, company, URL, events, state. Never the secret."""
    query = notification_settings.Webhook.select().order_by(notification_settings.Webhook.id)
    if company_id:
        query = query.where(notification_settings.Webhook.company == company_id)
    for webhook in query:
        state = "habilitado" if webhook.enabled else "deshabilitado"
        click.echo(f"{webhook.id}\tempresa {webhook.company_id}\t{webhook.url}\t{webhook.events}\t{state}")


@webhook_group.command("disable")
@click.argument("webhook_id", type=int)
@in_transaction
def webhook_disable(webhook_id):
    """Stop calling a webhook; its pending deliveries wait until it is enabled again."""
    webhook = notification_settings.set_webhook_enabled(webhook_id, False)
    click.echo(f"webhook {webhook.id} deshabilitado")


@webhook_group.command("enable")
@click.argument("webhook_id", type=int)
@in_transaction
def webhook_enable(webhook_id):
    """Call a disabled webhook again, starting with what it missed."""
    webhook = notification_settings.set_webhook_enabled(webhook_id, True)
    click.echo(f"webhook {webhook.id} habilitado")


mail_group = click.Group("mail", help="How a company's documents are e-mailed.")


@mail_group.command("set")
@company_option
@click.option("--from", "sender", help='the sender, e.g. "Ventas <ventas@empresa.pe>" (default GATEWAY_MAIL_FROM)')
@click.option("--bcc", help="a hidden copy of every message, e.g. the seller's own address")
@click.option("--automatic/--manual", default=None, help="mail each document to its client when SUNAT accepts it")
@in_transaction
def mail_set(company_id, sender, bcc, automatic):
    """Change the company's e-mail settings; only the options given change."""
    settings = notification_settings.configure_mail(companies.get_company(company_id), sender, bcc, automatic)
    click.echo(f"correo: remitente {settings.sender or '(GATEWAY_MAIL_FROM)'}, copia oculta {settings.bcc or '—'}, "
               f"{'automático al aceptar SUNAT' if settings.automatic else 'solo a pedido'}")


@click.command("audit")
@click.option("--company", "company_id", type=int)
@click.option("--record", help="TYPE:ID, e.g. factura:21 or cliente:11")
@click.option("--key", "key_prefix", help="the key's 8-character prefix")
@click.option("--limit", default=50, show_default=True)
@in_transaction
def audit_show(company_id, record, key_prefix, limit):
    """The audit trail of committed writes, newest first, filtered by record or key."""
    query = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(limit)
    if company_id:
        query = query.where(AuditEntry.company == company_id)
    if record:
        record_type, _, record_id = record.partition(":")
        query = query.where(AuditEntry.record_type == record_type)
        if record_id:
            query = query.where(AuditEntry.record_id == record_id)
    if key_prefix:
        query = query.where(AuditEntry.key_prefix == key_prefix.lower()[:8])
    for entry in query:
        click.echo(f"{entry.at.isoformat(sep=' ')}\tempresa {entry.company_id}\t{entry.key_prefix}…\t"
                   f"{entry.action}\t{entry.record_type}:{entry.record_id}\tsolicitud {entry.request_id}")


@click.command("actions")
@with_appcontext
def list_actions():
    """Every action: its name, handler (module:function), schema, and whether it writes; one per line."""
    for name, entry in sorted(current_app.extensions["gateway.registry"].items()):
        click.echo(entry.describe())


@click.command("purge-idempotency")
@in_transaction
def purge_idempotency():
    """Delete stored idempotent answers past their retention (GATEWAY_IDEMPOTENCY_TTL_HOURS)."""
    removed = IdempotentAnswer.delete().where(IdempotentAnswer.expires_at < utc_now()).execute()
    click.echo(f"{removed} respuestas vencidas eliminadas")


def register_commands(app):
    for command in (init_db, demo, company_group, key_group, series_group, issuer_group, sunat_worker,
                    audit_show, purge_idempotency, list_actions, pdf_group, webhook_group, mail_group,
                    secrets_group):
        app.cli.add_command(command)
