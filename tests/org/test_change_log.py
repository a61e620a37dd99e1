"""The configuration change log (core/org/changes.py) for the office, the catalogue, the settings, the panels'
announcements and image, the printers and the import columns: each change leaves exactly one row naming who, what
and, for each field that changed (only those), the old → new value; a refused change leaves none."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from core import clock
from core.actors import SYSTEM, Actor
from core.errors import DomainError, Invalid
from core.imports import mappings
from core.imports.kinds import KINDS
from core.org import catalogue_edit, office, settings_edit
from core.org.catalogue_edit import NodeInput
from core.panels import announcements, media_slot
from core.printing import setup
from core.tickets import engine
from printers.config import PrinterConfig
from tests.builders import (
    make_actor,
    make_area,
    make_category,
    make_desk,
    make_device,
    make_queue,
    make_ticket,
    make_transaction,
    make_user,
)
from tests.changelog import Change, ChangeLog


@pytest.fixture
def boss(app) -> Actor:
    """The supervisor who makes the changes: «Ana Rojas»."""
    return Actor.of_user(make_user("arojas", "supervisor", full_name="Ana Rojas"))


@pytest.fixture
def log(boss) -> ChangeLog:
    return ChangeLog()


def _queue_form(queue, **changes: object) -> dict[str, object]:
    form = {"code": queue.code, "prefix": queue.prefix, "name": queue.name, "area": queue.area.code,
            "sla_minutes": queue.sla_minutes, "default_service_minutes": queue.default_service_minutes,
            "active": queue.active}
    return {**form, **changes}


# --- areas, queues, desks -------------------------------------------------------------------------------------

def test_area_create_rename_and_delete_are_logged(boss, log) -> None:
    """A new room lists what it was made with; a rename says only the name, old → new; a deletion names it."""
    area = office.save_area(None, code="piso2", name="Segundo piso", directions="", actor=boss)
    assert log.one() == Change("Ana Rojas", "area", "create", "Segundo piso", "PISO2",
                               ("Código: «PISO2»", "Nombre: «Segundo piso»"))
    office.save_area(area.id, code="PISO2", name="Mezanine", directions="", actor=boss)
    assert log.one() == Change("Ana Rojas", "area", "update", "Mezanine", "PISO2",
                               ("Nombre: «Segundo piso» → «Mezanine»",))
    office.delete_area(area.id, actor=boss)
    assert log.one() == Change("Ana Rojas", "area", "delete", "Mezanine", "PISO2", ())


def test_saving_a_queue_unchanged_logs_nothing(boss, log) -> None:
    queue = make_queue(name="Reclamos")
    log.new()
    office.save_queue(queue.id, **_queue_form(queue), actor=boss)
    assert log.new() == []


def test_queue_rename_target_and_deactivation_are_one_entry(boss, log) -> None:
    """Renaming, a new wait target and «Activa» off in one save: a «Desactivación» with the three fields."""
    queue = make_queue(name="Reclamos", sla_minutes=15)
    log.new()
    office.save_queue(queue.id, **_queue_form(queue, name="Reclamos de facturación", sla_minutes=20, active=False),
                      actor=boss)
    change = log.one()
    assert (change.kind, change.action, change.name) == ("queue", "deactivate", "Reclamos de facturación")
    assert change.lines == ("Nombre: «Reclamos» → «Reclamos de facturación»", "Meta de espera (min): 15 → 20",
                            "Activa: sí → no")


def test_a_refused_queue_change_logs_nothing(boss, log) -> None:
    """A queue with a customer waiting cannot be deactivated: the refusal leaves no entry."""
    desk = make_desk()
    queue = desk.queues[0]
    make_transaction(queue)
    make_ticket(make_transaction(queue).code)
    log.new()
    with pytest.raises(Invalid):
        office.save_queue(queue.id, **_queue_form(queue, name="Otra", active=False), actor=boss)
    with pytest.raises(Invalid):
        office.save_queue(queue.id, **_queue_form(queue, prefix="1"), actor=boss)
    assert log.new() == []


def test_a_queue_with_history_deleted_is_logged_as_deactivated(boss, log) -> None:
    queue = make_queue()
    tx = make_transaction(queue)
    engine.cancel(make_ticket(tx).id, actor=SYSTEM)
    catalogue_edit.delete_node(tx.id, actor=boss)  # deactivated: no trámite routes to the queue any more
    log.new()
    office.delete_queue(queue.id, actor=boss)
    change = log.one()
    assert (change.kind, change.action, change.code) == ("queue", "deactivate", queue.code)
    assert change.lines == ("Activa: sí → no (tiene historial: se desactivó en lugar de eliminarse)",)


def test_desk_queues_and_area_are_logged_by_name(boss, log) -> None:
    """The queues a desk serves and its room are named as people read them, not by id."""
    area = make_area(name="Mezanine")
    first, second, third = make_queue(name="Plataforma"), make_queue(name="Caja", area=area), make_queue(
        name="Reclamos", area=area)
    desk = make_desk(queues=[first], name="Mesón 1")
    log.new()
    office.save_desk(desk.id, code=desk.code, name="Mesón 1", spoken_name="", area=area.code,
                     queues=[second.code, third.code], active=True, actor=boss)
    change = log.one()
    assert (change.kind, change.action, change.name) == ("desk", "update", "Mesón 1")
    assert change.lines == (f"Sala: «{first.area.name}» → «Mezanine»",
                            "Colas que atiende (en orden): «Plataforma» → «Caja», «Reclamos»")


# --- catalogue ------------------------------------------------------------------------------------------------

def _node_input(node, **changes: object) -> NodeInput:
    data = NodeInput(kind=node.kind, code=node.code, label=node.label, parent=node.parent.code if node.parent else "",
                     position=node.position, description=node.description, requirements=node.requirements,
                     queue=node.queue.code if node.queue else "", desk=node.desk.code if node.desk else "",
                     needs_account_check=node.needs_account_check, active=node.active)
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_catalogue_rename_reorder_destination_and_requirements(boss, log) -> None:
    """One save of a trámite lists each field it changed, destination by the queue's name."""
    tx = make_transaction(make_queue(name="Plataforma"), label="Instalación", requirements="Carnet")
    other = make_queue(name="Back Office")
    log.new()
    catalogue_edit.save_node(tx.id, _node_input(tx, label="Instalación de internet", position=3, queue=other.code,
                                                requirements="Carnet\nFactura de luz"), actor=boss)
    change = log.one()
    assert (change.kind, change.action, change.name) == ("catalogue", "update", "Trámite «Instalación de internet»")
    assert change.lines == ("Texto en pantalla: «Instalación» → «Instalación de internet»", "Orden: 0 → 3",
                            "Cola de destino: «Plataforma» → «Back Office»",
                            "Requisitos: se agregó «Factura de luz»")


def test_a_line_added_past_the_cut_of_a_long_text_is_named(boss, log) -> None:
    """Three long requirements and a fourth added at the end: both sides were cut at 120 characters, so the log
    read the same «…» on each side and never the line added. It names the lines added and removed."""
    long = ("Cédula de identidad vigente del titular\nFactura de luz o agua del domicilio\n"
            "Croquis de ubicación del domicilio")
    tx = make_transaction(make_queue(), label="Instalación de internet", requirements=long)
    log.new()
    catalogue_edit.save_node(tx.id, _node_input(tx, requirements=long + "\nFotocopia de factura"), actor=boss)
    assert log.one().lines == ("Requisitos: se agregó «Fotocopia de factura»",)
    catalogue_edit.save_node(tx.id, _node_input(tx, requirements=long.replace("Factura de luz", "Recibo de luz")),
                             actor=boss)
    assert log.one().lines == ("Requisitos: se agregó «Recibo de luz o agua del domicilio»; se quitó «Factura de "
                               "luz o agua del domicilio», «Fotocopia de factura»",)


def test_catalogue_deactivation_and_deletion(boss, log) -> None:
    """A node tickets point to is deactivated (logged so); an unused one is deleted (logged so)."""
    used, unused = make_transaction(), make_category(label="Vacía")
    make_ticket(used.code)
    log.new()
    catalogue_edit.delete_node(used.id, actor=boss)
    catalogue_edit.delete_node(unused.id, actor=boss)
    deactivated, deleted = log.new()
    assert (deactivated.action, deactivated.code) == ("deactivate", used.code)
    assert (deleted.action, deleted.name) == ("delete", "Categoría «Vacía»")


def test_a_refused_catalogue_change_logs_nothing(boss, log) -> None:
    tx = make_transaction()
    log.new()
    with pytest.raises(Invalid):
        catalogue_edit.save_node(tx.id, _node_input(tx, label="Nuevo", queue=""), actor=boss)
    assert log.new() == []


# --- settings -------------------------------------------------------------------------------------------------

def test_settings_log_old_and_new_values_of_what_changed(app, boss, log) -> None:
    """Parámetros: each changed setting by its label, a choice by its Spanish name; the same values again log
    nothing."""
    settings_edit.save({"panel_history": 5, "desk_emergency": "on", "kiosk_idle_seconds": 45}, actor=boss)
    change = log.one()
    assert (change.kind, change.action, change.name) == ("settings", "update", "Parámetros")
    assert change.lines == ("Llamadas anteriores en el panel: 8 → 5",
                            "Botón «Emergencia» en la consola del mesón: «Desactivado» → «Activado»")
    settings_edit.save({"panel_history": 5, "desk_emergency": "on"}, actor=boss)
    assert log.new() == []


def test_top10_configuration_is_its_own_kind(app, log) -> None:
    jefe = make_actor("jefe10", "top10_jefe")
    log.new()
    settings_edit.save({"top10_window_days": 14}, actor=jefe)
    change = log.one()
    assert (change.kind, change.name, change.lines) == (
        "top10_settings", "Configuración Top 10",
        ("Top 10: días en que los reportes de daño de un cliente cuentan como reiterados: 10 → 14",))


def test_invalid_settings_log_nothing(app, boss, log) -> None:
    with pytest.raises(Invalid):
        settings_edit.save({"panel_history": 5, "kiosk_idle_seconds": 1}, actor=boss)
    assert log.new() == []


# --- announcements, panel image, printers, import columns -----------------------------------------------------

def test_announcement_published_changed_and_removed(boss, log) -> None:
    area = make_area(name="Plataforma")
    log.new()
    row = announcements.save(None, text="Hoy atendemos hasta las 18:00", area="", position=0, active=True, actor=boss)
    assert log.one() == Change("Ana Rojas", "announcement", "create", "Hoy atendemos hasta las 18:00", "",
                               ("Texto: «Hoy atendemos hasta las 18:00»", "Sala: «Todas las salas»",
                                "Orden: 0", "Activo: sí"))
    announcements.save(row.id, text="Hoy atendemos hasta las 18:00", area=area.code, position=0, active=False,
                       actor=boss)
    assert log.one().lines == ("Sala: «Todas las salas» → «Plataforma»", "Activo: sí → no")
    announcements.delete(row.id, actor=boss)
    change = log.one()
    assert (change.action, change.lines) == ("delete", ("Texto: «Hoy atendemos hasta las 18:00»",
                                                        "Sala: «Plataforma»"))


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 9), "red").save(out, "PNG")
    return out.getvalue()


def test_panel_image_uploaded_and_removed(app, boss, log) -> None:
    area = make_area(name="Plataforma")
    log.new()
    media_slot.save(area.code, "promo.png", _png(), instance_path=app.instance_path, actor=boss)
    change = log.one()
    assert (change.kind, change.action, change.name, change.lines) == (
        "panel_media", "upload", "Plataforma", ("Imagen: «promo.png» (1 KB)",))
    media_slot.remove(area.code, instance_path=app.instance_path, actor=boss)
    assert log.one().action == "remove"
    with pytest.raises(Invalid):
        media_slot.save(area.code, "falso.png", b"GIF89a", instance_path=app.instance_path, actor=boss)
    assert not media_slot.remove(area.code, instance_path=app.instance_path, actor=boss)  # nothing to remove
    assert log.new() == []


def test_printer_connection_and_assignment(app, log) -> None:
    """A printer's new address and the kiosks bound to it are logged by name; a refused address logs nothing."""
    admin = make_actor("jefe", "admin")
    kiosk, _token = make_device("kiosk", "kiosco-entrada")
    config = PrinterConfig(backend="network", host="127.0.0.1", port=9100).to_dict()
    printer = setup.save_printer(actor=admin, code="caja", name="Caja", config=config, device_ids=[])
    created = log.one()
    assert (created.kind, created.action, created.name) == ("printer", "create", "Caja")
    assert "Dirección IP o nombre: «127.0.0.1»" in created.lines and "Tipo de conexión: «Red (IP y puerto)»" in (
        created.lines)
    setup.save_printer(actor=admin, printer_id=printer.id, code="caja", name="Caja",
                       config={**config, "port": 9101}, device_ids=[kiosk.id])
    assert log.one().lines == ("Puerto: 9100 → 9101",
                               "Dispositivos asignados: (vacío) → «kiosco-entrada»")
    with pytest.raises(DomainError):
        setup.save_printer(actor=admin, printer_id=printer.id, code="caja", name="Caja",
                           config={**config, "port": 0}, device_ids=[])
    assert log.new() == []


def test_import_columns_are_logged(app, log) -> None:
    gestor = make_actor("gestor", "top10_gestor")
    kind = KINDS["damage_reports"]
    field = kind.columns[0]
    log.new()
    mappings.save(kind, {field.field: "Cod. Cliente"}, actor=gestor, now=clock.now())
    change = log.one()
    assert (change.kind, change.name, change.lines) == (
        "import_mapping", kind.label, (f"Encabezado para «{field.label}»: (vacío) → «Cod. Cliente»",))
