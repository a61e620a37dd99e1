"""`flask seed`: every row of DESIGN.md §2 routes where the design says, a second run changes nothing,
and `--demo` generates its credentials (printed once, never stored in the repository)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.actors import SYSTEM
from core.errors import NotFound
from core.extensions import db
from core.models import CatalogueNode, User
from core.org import catalogue
from core.org.seed import seed
from core.tickets import engine, serialize
from tests.apps import make_app
from tests.helpers import login

ROOT = Path(__file__).resolve().parents[2]

# DESIGN.md §2, written from the design (not from core/seed_data.py). One row per transaction the design names:
# (category, words the transaction's label contains, words it must not contain, words of its destination
#  (queue, desk and waiting area names), needs the account check)
PLATAFORMA_ASESORES = ("asesores comerciales de plataforma",)
MEZANINE_BOC = ("back office comercial", "mezanine")
EXPECTED = [
    # A. Venta
    ("VENTA", ("cobertura",), (), ("coordinador tecnico comercial",), False),
    ("VENTA", ("instalacion", "telefonia basica"), (), PLATAFORMA_ASESORES, True),
    ("VENTA", ("instalacion", "tv cable"), (), PLATAFORMA_ASESORES, True),
    ("VENTA", ("instalacion", "internet"), (), PLATAFORMA_ASESORES, True),
    ("VENTA", ("credito",), (), ("credito al socio", "plataforma", "meson 19"), True),
    ("VENTA", ("equipos", "accesorios"), (), ("dealer",), False),
    # B. Post venta
    ("POSTVENTA", ("llamadas entrantes",), (), ("asesoria legal",), False),
    ("POSTVENTA", ("fiscalia",), (), ("asesoria legal",), False),
    ("POSTVENTA", ("excedentes", "gestiones anteriores"), (), ("unidad de cartera",), False),
    ("POSTVENTA", ("gestion vigente", "central de riesgo", "mora"), (), ("unidad de cartera",), False),
    ("POSTVENTA", ("revertida", "mora"), (), ("unidad de cartera",), False),
    ("POSTVENTA", ("certificado de aportacion",), (), MEZANINE_BOC, True),
    ("POSTVENTA", ("certificado de libertad",), (), MEZANINE_BOC, True),
    ("POSTVENTA", ("cambio de nombre",), (), MEZANINE_BOC, True),
    ("POSTVENTA", ("traslado",), (), PLATAFORMA_ASESORES, True),
    ("POSTVENTA", ("llamadas salientes",), (), PLATAFORMA_ASESORES, True),
    ("POSTVENTA", ("hspa",), (), ("plataforma", "meson 50"), False),
    ("POSTVENTA", ("devolucion", "decodificadores"), (), ("plataforma", "meson 50"), False),
    ("POSTVENTA", ("modem", "onu", "dth"), (), MEZANINE_BOC, True),
    ("POSTVENTA", ("reclamo de facturacion",), ("seguimiento",), MEZANINE_BOC, False),
    ("POSTVENTA", ("consumo elevado",), (), MEZANINE_BOC, False),
    ("POSTVENTA", ("danos",), (), MEZANINE_BOC, False),
    ("POSTVENTA", ("seguimiento", "reclamo de facturacion"), (), ("back office incidencias",), False),
    # C. Baja
    ("BAJA", ("baja de servicios", "formulario"), (), PLATAFORMA_ASESORES, True),
    ("BAJA", ("devolucion de equipos", "baja"), (), MEZANINE_BOC, False),
]
CATEGORY_WORDS = {"VENTA": "venta", "POSTVENTA": "post venta", "BAJA": "baja"}


def plain(text: str) -> str:
    """Lower case without accents, so the expectations read like the design."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def table_fingerprint() -> dict[str, tuple[int, str]]:
    """Table → (row count, SHA-256 of every row in primary-key order)."""
    db.session.remove()
    result = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        result[table.name] = (len(rows), hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest())
    return result


def transactions_by_category() -> dict[str, list[dict]]:
    """Walk the API's routing tree (TRAMITE → category → transaction)."""
    found: dict[str, list[dict]] = {}

    def walk(node: dict, category: str | None) -> None:
        if node["kind"] == "transaction":
            found.setdefault(category or "", []).append(node)
        for child in node.get("children", []):
            walk(child, category or (child["code"] if child["kind"] == "category" else None))

    for root in catalogue.tree():
        walk(root, None)
    return found


def run_seed(app, *args: str):
    result = app.test_cli_runner().invoke(args=["seed", *args])
    assert result.exit_code == 0, result.output
    return result.output


def printed_secrets(output: str) -> dict[str, str]:
    """name → password or token, from the lines `seed --demo` prints."""
    found = dict(re.findall(r"usuario (\S+)\s+contraseña (\S+)", output))
    found.update(re.findall(r"dispositivo \S+ (\S+)\s+token (\S+)", output))
    return found


def test_second_seed_changes_nothing(app) -> None:
    """Running seed again leaves every table with the same rows (counts and checksums)."""
    before = table_fingerprint()
    report = seed(app.config["BRANCH_CODE"])
    assert report.created == {}
    assert table_fingerprint() == before


def test_seed_keeps_admin_edits(app) -> None:
    """A re-seed never overwrites a row the admin changed."""
    node = db.session.scalar(select(CatalogueNode).where(CatalogueNode.kind == "transaction"))
    node.label, node_id = "Texto editado en administración", node.id
    db.session.commit()
    seed(app.config["BRANCH_CODE"])
    db.session.remove()
    assert db.session.get(CatalogueNode, node_id).label == "Texto editado en administración"


@pytest.mark.parametrize("row", EXPECTED, ids=lambda row: "+".join(row[1]))
def test_design_row_routes_to_its_destination(app, row) -> None:
    """Each transaction of DESIGN.md §2 sits under its category and routes to the destination the design names."""
    category, words, not_words, destination, needs_check = row
    candidates = [
        node for node in transactions_by_category().get(category, [])
        if all(w in plain(node["label"]) for w in words) and not any(w in plain(node["label"]) for w in not_words)
    ]
    assert len(candidates) == 1, f"expected one {category} transaction with {words}, found {candidates}"
    node = candidates[0]
    where = plain(" ".join(filter(None, (node["destination"].get(k) for k in ("queue_name", "desk_name",
                                                                               "area_name")))))
    assert all(w in where for w in destination), f"{node['label']} goes to «{where}», design says {destination}"
    assert node["needs_account_check"] is needs_check


def test_every_seeded_transaction_is_in_the_design(app) -> None:
    """No transaction was seeded that the design table does not name (each matches exactly one row)."""
    for category, nodes in transactions_by_category().items():
        assert category in CATEGORY_WORDS, f"unexpected category {category}"
        for node in nodes:
            rows = [r for r in EXPECTED if r[0] == category and all(w in plain(node["label"]) for w in r[1])
                    and not any(w in plain(node["label"]) for w in r[2])]
            assert len(rows) == 1, f"{node['code']} «{node['label']}» matches {len(rows)} design rows"
    assert sum(len(nodes) for nodes in transactions_by_category().values()) == len(EXPECTED)


def test_top_level_is_information_locate_and_procedures(app) -> None:
    """Activities 1–5: information, locating staff, or a procedure (sale, after-sale, cancellation)."""
    roots = {plain(node["label"]): node for node in catalogue.tree()}
    assert len(roots) == 3
    info = next(n for label, n in roots.items() if "informacion" in label)
    locate = next(n for label, n in roots.items() if "ubicar" in label)
    procedure = next(n for n in roots.values() if n not in (info, locate))
    categories = [(c["code"], plain(c["label"])) for c in procedure["children"]]
    assert [code for code, _label in categories] == list(CATEGORY_WORDS)
    assert all(CATEGORY_WORDS[code] in label for code, label in categories)


def test_information_and_directory_issue_no_ticket(app) -> None:
    """Information topics and directory entries give directions, never a ticket (act. 2–4); a public desk's entry
    names its queue only to send the customer to that queue's trámites (core/org/directory.py)."""
    run_seed(app, "--demo")
    nodes = list(db.session.scalars(select(CatalogueNode).where(CatalogueNode.kind.in_(("info", "directory")))))
    assert {n.kind for n in nodes} == {"info", "directory"}
    for node in nodes:
        assert node.queue_id is None or node.kind == "directory"  # from core/org/data/catalogo.json (issue 10)
        with pytest.raises(NotFound):
            engine.issue_ticket(node.code, actor=SYSTEM)
    for code in ("INFO", "UBICAR"):
        with pytest.raises(NotFound):
            engine.issue_ticket(code, actor=SYSTEM)


def test_demo_prints_generated_credentials_once(app) -> None:
    """`seed --demo` prints each generated password and device token once; a second run prints none."""
    first = run_seed(app, "--demo")
    secrets = printed_secrets(first)
    assert {"admin", "supervisora", "recepcion", "asesor1", "kiosco-entrada", "panel-plataforma"} <= set(secrets)
    assert all(first.count(value) == 1 for value in secrets.values())
    before = table_fingerprint()
    again = run_seed(app, "--demo")
    assert printed_secrets(again) == {} and "nada nuevo" in again
    assert not any(value in again for value in secrets.values())
    assert table_fingerprint() == before


def test_demo_accounts_are_marked_demo(app) -> None:
    """Every demo user is marked as demo, so it can be told apart and removed."""
    run_seed(app, "--demo")
    assert db.session.scalar(select(func.count(User.id)).where(User.is_demo.is_(False))) == 0
    assert db.session.scalar(select(func.count(User.id))) >= 5


def test_printed_demo_password_logs_in(app, client) -> None:
    """The printed demo credentials work on the real login form."""
    secrets = printed_secrets(run_seed(app, "--demo"))
    login(client, "supervisora", secrets["supervisora"])
    assert client.get("/admin/").status_code == 200


def test_demo_secrets_are_generated_not_hard_coded(app, tmp_path) -> None:
    """Two fresh databases get different demo secrets, and none of them appears in a tracked file."""
    secrets = printed_secrets(run_seed(app, "--demo"))
    other = make_app(f"sqlite:///{tmp_path / 'other.db'}", tmp_path / "other-instance")
    with other.app_context():
        db.create_all()
        other_secrets = printed_secrets(run_seed(other, "--demo"))
        db.session.remove()
        db.engine.dispose()
    assert set(secrets) == set(other_secrets)
    assert all(secrets[name] != other_secrets[name] for name in secrets)
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    values = [v.encode() for v in (*secrets.values(), *other_secrets.values())]
    for name in tracked.decode().split("\0"):
        path = ROOT / name
        if name and path.is_file():
            content = path.read_bytes()
            assert not any(v in content for v in values), f"a demo secret appears in {name}"


def test_a_destination_names_each_place_once(app) -> None:
    """«Le atenderá» (kiosk ticket, reception's list and issued box): a desk whose name the queue's already says
    is not said twice («Dealer: equipos y accesorios · Dealer»); a desk that names more is kept."""
    by_code = {node["code"]: node["destination"]["text"]
               for nodes in transactions_by_category().values() for node in nodes}
    assert by_code["V_EQUIPOS"] == "Dealer: equipos y accesorios"
    assert by_code["V_COBERTURA"] == "Coordinador Técnico Comercial"
    assert by_code["V_CREDITO"] == "Crédito al Socio · Mesón 19"
    ticket = engine.issue_ticket("V_EQUIPOS", actor=SYSTEM)
    assert serialize.public_ticket(ticket)["destination"] == "Dealer: equipos y accesorios"
