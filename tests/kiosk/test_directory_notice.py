"""«Ubicar a un funcionario o unidad» (COM-DSC-P01 acts 3–4): a public desk is reached with a ticket, never with a
visitor's credential; an office or a person is a visit through Seguridad Física, and the directory says where
Seguridad Física is (never on its own entry). The kiosk, reception, the directions slip and its P01 page agree."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.actors import SYSTEM
from core.extensions import db
from core.models import CatalogueNode
from core.org import directory
from core.printing import documents
from core.tickets import attentions

SECURITY_PLACE = "Planta baja, Ingreso principal, junto a la puerta"  # catalogo.json, DIR_SEGURIDAD


def screen(page: str, name: str) -> str:
    found = re.search(rf'<section class="screen" data-screen="{re.escape(name)}".*?</section>', page, re.S)
    assert found is not None, name
    return found.group(0)


def entry(code: str) -> CatalogueNode:
    return db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == code))


def test_the_kiosk_sends_a_customer_for_a_public_desk_to_its_ticket(kiosk) -> None:
    """Ubicar → «BOI»: take a ticket, with a button to the BOI's trámites; no visitor's credential."""
    page = kiosk.client.get("/kiosk").get_data(as_text=True)
    boi = screen(page, "dir:DIR_BOI")
    assert "Para realizar un trámite en esta unidad, saque su ficha." in boi
    assert "Seguridad Física" not in boi and "credencial" not in boi
    assert 'data-go="dirtx:DIR_BOI"' in boi and "Ver los trámites de Back Office Incidencias" in boi
    trámites = screen(page, "dirtx:DIR_BOI")
    assert 'data-desk-tx="PV_SEG_RECLAMO"' in trámites and trámites.count("data-desk-tx=") == 1
    # The BOC's trámites come from post venta and from baja alike: every trámite its ticket reaches.
    boc = screen(page, "dirtx:DIR_BOC")
    assert 'data-desk-tx="PV_CERT_APORT"' in boc and 'data-desk-tx="B_DEV_EQUIPOS"' in boc
    assert 'data-desk-tx="V_CREDITO"' not in boc


def test_the_kiosk_says_where_seguridad_fisica_is_for_a_visit(kiosk) -> None:
    """An office (Recursos Humanos) is a visit: through Seguridad Física, which the directory places; Seguridad
    Física's own entry does not send the visitor to itself."""
    page = kiosk.client.get("/kiosk").get_data(as_text=True)
    office = screen(page, "dir:DIR_RRHH")
    assert f"pase por Seguridad Física ({SECURITY_PLACE}) con su documento de identidad" in office
    assert "saque su ficha" not in office and "dirtx:" not in office
    assert "Para visitas" not in screen(page, "dir:DIR_SEGURIDAD")


def test_reception_tells_a_public_desk_from_a_visit(reception) -> None:
    page = reception.client.get("/recepcion").get_data(as_text=True)
    boi = re.search(r'<li role="option" id="r-opt-DIR_BOI".*?</li>', page, re.S).group(0)
    assert 'data-notice="ticket"' in boi and 'data-queue-name="Back Office Incidencias"' in boi
    rrhh = re.search(r'<li role="option" id="r-opt-DIR_RRHH".*?</li>', page, re.S).group(0)
    assert 'data-notice="visit"' in rrhh
    assert 'data-notice=""' in re.search(r'<li role="option" id="r-opt-DIR_SEGURIDAD".*?</li>', page, re.S).group(0)
    assert "Para realizar un trámite en esta unidad, saque su ficha." in page and "data-show-desk-tx" in page
    assert f"pasa por Seguridad Física ({SECURITY_PLACE})" in page


def test_the_directions_slip_follows_the_same_rule(app, demo) -> None:
    """A public desk's slip says to take a ticket; an office's names where Seguridad Física is; Seguridad Física's
    own slip carries neither."""
    assert documents.directions_document(entry("DIR_BOI")).notice == directory.TICKET_NOTICE
    office = documents.directions_document(entry("DIR_RRHH")).notice
    assert "Seguridad Física" in office and SECURITY_PLACE in office
    assert documents.directions_document(entry("DIR_SEGURIDAD")).notice == ""


def test_the_slip_s_link_repeats_its_notice(client, demo) -> None:
    attention = attentions.record_visit("locate", "DIR_BOI", actor=SYSTEM, channel="kiosk", print_slip=False)[0]
    page = client.get(f"/i/{attention.token}").get_data(as_text=True)
    assert "saque su ficha" in page and "Seguridad Física" not in page
    attention = attentions.record_visit("locate", "DIR_RRHH", actor=SYSTEM, channel="kiosk", print_slip=False)[0]
    assert SECURITY_PLACE in client.get(f"/i/{attention.token}").get_data(as_text=True)


def test_the_admin_form_keeps_and_sets_a_desk_s_queue(supervisor) -> None:
    """Saving the BOI's entry again keeps its queue (the trámite's «Cola» is hidden for a directory entry); an
    office made a public desk in the form says «saque su ficha» from then on."""
    boi = entry("DIR_BOI")
    form = {"kind": "directory", "parent": "UBICAR", "code": "DIR_BOI", "label": boi.label, "unit": boi.unit,
            "floor": boi.floor, "location": boi.location, "public_queue": "BOI", "active": "1"}
    assert 'value="BOI" selected' in supervisor.get(f"/admin/catalogo/{boi.id}").get_data(as_text=True)
    supervisor.post(f"/admin/catalogo/{boi.id}", form)
    db.session.expire_all()
    assert entry("DIR_BOI").queue.code == "BOI"
    rrhh = entry("DIR_RRHH")
    supervisor.post(f"/admin/catalogo/{rrhh.id}", {**form, "code": "DIR_RRHH", "label": rrhh.label,
                                                   "location": rrhh.location, "public_queue": "PLAT"})
    db.session.expire_all()
    assert documents.directions_document(entry("DIR_RRHH")).notice == directory.TICKET_NOTICE


def test_the_directory_list_says_which_entries_are_public_desks(supervisor) -> None:
    """«Directorio» in Administración shows each entry's public queue (reached with a ticket) or «Visita»."""
    html = supervisor.get("/admin/directorio").get_data(as_text=True)
    boi, rrhh = entry("DIR_BOI"), entry("DIR_RRHH")
    rows = {code: re.search(rf"<small>{code}</small>.*?</tr>", html, re.S).group(0) for code in ("DIR_BOI", "DIR_RRHH")}
    assert f"Con ficha: {boi.queue.prefix} · {boi.queue.name}" in rows["DIR_BOI"]
    assert "<td>Visita</td>" in rows["DIR_RRHH"] and rrhh.queue is None
