"""Administrator commands (Flask CLI): `flask --app app <command>`. Keys are printed once, never listed."""

import os

import click

from admin import companies
from admin.companies import AdminError
from admin.demo import bootstrap_demo
from invoicing.kinds import KINDS_BY_SLUG
from models import ApiKey
from models import Company
from models import Series
from models import create_tables
from models.base import db


def in_transaction(fn):
    """Run a command in one transaction and turn AdminError into a clean CLI error."""
    def wrapper(*args, **kwargs):
        try:
            with db.connection_context(), db.atomic():
                return fn(*args, **kwargs)
        except AdminError as error:
            raise click.ClickException(str(error)) from None
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@click.command("init-db")
def init_db():
    """Create the tables that do not exist yet."""
    create_tables()
    click.echo("base de datos lista")


@click.command("demo")
@click.option("--key-file", default=".demo-key", show_default=True, help="where to write the demo key")
def demo(key_file):
    """Create the tables and, on an empty database, a demo company with a key, a client and products."""
    create_tables()
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
@click.option("--company", "company_id", required=True, type=int)
@click.option("--label", default="")
@in_transaction
def key_create(company_id, label):
    """Create a key; it is printed once and cannot be shown again."""
    key, value = companies.create_key(companies.get_company(company_id), label)
    click.echo(f"clave {key.id} ({key.prefix}) creada; guárdela ahora, no se mostrará de nuevo:")
    click.echo(value)


@key_group.command("import")
@click.option("--company", "company_id", required=True, type=int)
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
        click.echo(f"{key.id}\tempresa {key.company_id}\t{key.prefix}…\t{key.label}\t{state}\túltimo uso: {used}")


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
@click.option("--company", "company_id", required=True, type=int)
@click.option("--type", "kind", required=True, type=click.Choice(sorted(KINDS_BY_SLUG)))
@click.argument("code")
@in_transaction
def series_add(company_id, kind, code):
    """Add a series (for example one per POS terminal: F002, B002)."""
    series = companies.add_series(companies.get_company(company_id), KINDS_BY_SLUG[kind], code)
    click.echo(f"serie {series.code} agregada a {kind}")


@series_group.command("list")
@click.option("--company", "company_id", required=True, type=int)
@in_transaction
def series_list(company_id):
    """List a company's series with their last number."""
    names = {kind.code: kind.slug for kind in KINDS_BY_SLUG.values()}
    for series in Series.select().where(Series.company == company_id).order_by(Series.doc_type, Series.code):
        default = " (predeterminada)" if series.is_default else ""
        click.echo(f"{names[series.doc_type]}\t{series.code}\túltimo número {series.last_number}{default}")


def register_commands(app):
    for command in (init_db, demo, company_group, key_group, series_group):
        app.cli.add_command(command)
