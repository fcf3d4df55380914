"""The audit trail: every committed write, with who, what, when and the request id; nothing else."""

from models import AuditEntry
from models.base import db
from tests import examples


def entries():
    with db.connection_context():
        return [(e.key_prefix, e.action, e.record_type, e.record_id, e.request_id)
                for e in AuditEntry.select().order_by(AuditEntry.id)]


def test_committed_writes_are_recorded_and_reads_and_failures_are_not(call, tenant):
    created = call(**examples.CLIENTE_NUEVO)
    call("cliente-listar")
    call("cliente-editar", cliente_id=created.body["id"], cliente_nombre=None)  # 11: nothing written
    call("cliente-editar", cliente_id=999, cliente_nombre="X")  # 12
    edited = call("cliente-editar", cliente_id=created.body["id"], cliente_nombre="NUEVO")
    prefix = tenant.key[:8]
    assert entries() == [
        (prefix, "cliente-nuevo", "cliente", str(created.body["id"]), created.headers["X-Request-Id"]),
        (prefix, "cliente-editar", "cliente", str(created.body["id"]), edited.headers["X-Request-Id"]),
    ]


def test_a_rolled_back_sale_leaves_no_entry(call, shop, tenant):
    from models import Company

    with db.connection_context():
        Company.update(allow_negative_stock=False).execute()
    before = len(entries())
    assert call("factura-nuevo", **shop.sale(detalle=[{"cod_num": 1002, "cantidad": 99}])).status == 409
    assert len(entries()) == before


def test_the_cli_filters_by_record_and_by_key(app, call, shop, tenant, other_tenant):
    sale = call("factura-nuevo", **shop.sale()).body
    call("factura-editar", factura_id=int(sale["id"]), factura_observaciones="x")
    call(**{**examples.CLIENTE_NUEVO, "cliente_num_doc": "20100070970"}, _key=other_tenant.key)
    runner = app.test_cli_runner()
    by_record = runner.invoke(args=["audit", "--record", f"factura:{sale['id']}"]).output.splitlines()
    assert [line.split("\t")[3] for line in by_record] == ["factura-editar", "factura-nuevo"]
    by_key = runner.invoke(args=["audit", "--key", other_tenant.key[:8]]).output.splitlines()
    assert len(by_key) == 1 and "cliente-nuevo" in by_key[0]
