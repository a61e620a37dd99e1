"""The plain (production) `flask seed` loads the information topics, their requirements, the directory and each
trámite's requirements from core/org/data/catalogo.json (issue 10): the kiosk is never empty out of the box."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from core.extensions import db
from core.models import CatalogueNode
from core.org import seed_data
from core.org.seed import DATA_FILE
from core.people import users
from tests.apps import make_app

SHIPPED = json.loads(DATA_FILE.read_text(encoding="utf-8"))


def fresh_app(tmp_path: Path, **config: object):
    return make_app(f"sqlite:///{tmp_path / 'nuevo.db'}", tmp_path / "instance", **config)


def seeded_kiosk_page(application) -> str:
    """Schema, `flask seed` (no --demo) on an empty database, then the kiosk page as a new kiosk sees it."""
    with application.app_context():
        db.create_all()
        result = application.test_cli_runner().invoke(args=["seed"])
        assert result.exit_code == 0, result.output
        _device, token = users.create_device("kiosk", "kiosco-nuevo")
        client = application.test_client()
        assert client.get(f"/kiosk?token={token}").status_code == 302
        page = client.get("/kiosk").get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()
    return page


def test_fresh_production_seed_fills_the_kiosk_information_and_directory(app, tmp_path) -> None:
    """After a plain `seed`, «Información de servicios» lists every topic of the file with its requirements
    and «Ubicar» every directory entry; the «No hay información cargada» fallback never shows."""
    page = seeded_kiosk_page(fresh_app(tmp_path))
    assert SHIPPED["informacion"] and SHIPPED["directorio"]
    for topic in SHIPPED["informacion"]:
        assert f'data-go="info:{topic["codigo"]}"' in page and topic["titulo"] in page
        assert all(requirement in page for requirement in topic["requisitos"])
    for entry in SHIPPED["directorio"]:
        assert f'data-go="dir:{entry["codigo"]}"' in page
    assert "No hay información cargada" not in page


def test_tramites_get_their_requirements_from_the_file(app) -> None:
    """Each trámite named in «requisitos_tramites» carries that list (shown before queuing and printed)."""
    for code, requirements in SHIPPED["requisitos_tramites"].items():
        node = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == code))
        assert node is not None and node.kind == "transaction", code
        assert node.requirement_list == requirements


def test_nothing_requires_a_paid_invoice_by_default(app) -> None:
    """A new installation has no invoice to show: no seeded entry asks for «Última factura pagada»."""
    texts = db.session.scalars(select(CatalogueNode.requirements)).all()
    assert texts and not any("factura pagada" in text.lower() for text in texts)


def test_comteco_can_point_the_seed_to_its_own_file(app, tmp_path) -> None:
    """CATALOGUE_FILE replaces the shipped file: its topic is on the kiosk, the shipped ones are not."""
    own = tmp_path / "catalogo-comteco.json"
    own.write_text(json.dumps({"informacion": [{"codigo": "INFO_PROPIO", "titulo": "Telefonía IP empresarial",
                                                "requisitos": ["NIT de la empresa"]}],
                               "directorio": [], "requisitos_tramites": {}}), encoding="utf-8")
    page = seeded_kiosk_page(fresh_app(tmp_path, CATALOGUE_FILE=str(own)))
    assert "Telefonía IP empresarial" in page and "NIT de la empresa" in page
    assert SHIPPED["informacion"][0]["titulo"] not in page


def test_a_broken_file_stops_the_seed_with_a_spanish_message(app, tmp_path) -> None:
    """A topic without its title is refused by name, and nothing is half loaded."""
    own = tmp_path / "roto.json"
    own.write_text(json.dumps({"informacion": [{"codigo": "INFO_X"}]}), encoding="utf-8")
    application = fresh_app(tmp_path, CATALOGUE_FILE=str(own))
    with application.app_context():
        db.create_all()
        result = application.test_cli_runner().invoke(args=["seed"])
        assert result.exit_code != 0
        assert "información n.º 1: falta «titulo»" in result.output
        assert db.session.scalar(select(CatalogueNode.id).limit(1)) is None
        db.session.remove()
        db.engine.dispose()


def test_every_seeded_tramite_asks_for_its_own_requirements(app) -> None:
    """Out of the box no trámite shows an empty «¿Tiene todo?»: each one lists what it needs."""
    empty = db.session.scalars(select(CatalogueNode.code).where(CatalogueNode.kind == "transaction",
                                                                CatalogueNode.requirements == "")).all()
    assert empty == []


def test_an_information_topic_asks_for_all_its_tramites_ask(app) -> None:
    """The kiosk's «TV Cable» information, «Certificados» and «Baja de servicios» list what their trámites ask
    for: a customer informed there comes to the desk with all of it."""
    for topic in SHIPPED["informacion"]:
        assert topic["tramites"], topic["codigo"]
        node = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == topic["codigo"]))
        for code in topic["tramites"]:
            tramite = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == code))
            assert set(tramite.requirement_list) <= set(node.requirement_list), (topic["codigo"], code)
    topics = {topic["codigo"]: topic["requisitos"] for topic in SHIPPED["informacion"]}
    assert "Factura de luz o agua del domicilio" in topics["INFO_TV"]
    assert "Certificado de aportación original (si lo tiene)" in topics["INFO_CERTIFICADOS"]
    assert any("Formulario de baja" in text for text in topics["INFO_BAJA"])


def test_seed_refuses_a_topic_missing_one_of_its_tramites_requirements(app, tmp_path) -> None:
    own = tmp_path / "desigual.json"
    own.write_text(json.dumps({
        "informacion": [{"codigo": "INFO_TV", "titulo": "TV Cable", "tramites": ["V_INST_TV"],
                         "requisitos": ["Cédula de identidad vigente del titular"]}],
        "directorio": [], "requisitos_tramites": {"V_INST_TV": ["Cédula de identidad vigente del titular",
                                                                "Factura de luz o agua del domicilio"]}}),
        encoding="utf-8")
    application = fresh_app(tmp_path, CATALOGUE_FILE=str(own))
    with application.app_context():
        db.create_all()
        result = application.test_cli_runner().invoke(args=["seed"])
        assert result.exit_code != 0
        assert ("Información «INFO_TV»: no pide «Factura de luz o agua del domicilio», que pide su trámite "
                "«V_INST_TV»") in result.output
        assert db.session.scalar(select(CatalogueNode.id).limit(1)) is None
        db.session.remove()
        db.engine.dispose()


def test_the_shipped_places_agree(app) -> None:
    """One name per floor: the Mezanine is not «primer piso» where «Piso 1» is another floor; a demo person at a
    unit's public desk is where the unit's own entry says that desk is."""
    floors = {entry["piso"] for entry in SHIPPED["directorio"]}
    assert "Mezanine" in floors and "Piso 1" in floors
    assert not any("primer piso" in directions.lower() for _code, _name, directions in seed_data.AREAS)
    by_queue = {entry["cola"]: entry for entry in SHIPPED["directorio"] if entry.get("cola")}
    for code, _name, _unit, floor, location, _keywords, queue in seed_data.DEMO_DIRECTORY:
        if queue:
            assert floor == by_queue[queue]["piso"], code
            assert by_queue[queue]["ubicacion"].split(",")[0] in location, code
    assert dict((row[0], row[4]) for row in seed_data.DEMO_DIRECTORY)["DEMO_DIR_MAMANI"] == \
        by_queue["CARTERA"]["ubicacion"]
