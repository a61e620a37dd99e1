"""The directions slip prints the notice its entry carries (core/org/directory.py): a public desk's «saque su ficha»
instead of the visitor's credential, nothing on Seguridad Física's own slip; a job stored before keeps its text."""

from __future__ import annotations

import pytest

from printers.documents import SECURITY_NOTICE, DirectionsDoc
from tests.printers.conftest import PROFILES, flat

TICKET = "Para realizar un trámite en esta unidad, saque su ficha en el kiosco o en Recepción."


def slip(**changes: object) -> DirectionsDoc:
    return DirectionsDoc(name="Back Office Incidencias (BOI)", unit="División Plataforma de Servicios al Cliente",
                         floor="Mezanine", location="Sala del Mezanine, mesón BOI", instructions="", **changes)


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_a_public_desk_s_slip_says_take_a_ticket(net_cfg, print_and_decode, profile: str, paper: int) -> None:
    text = flat(print_and_decode(net_cfg(profile=profile), slip(notice=TICKET)).text)
    assert TICKET in text and "Seguridad Física" not in text and "credencial" not in text


def test_seguridad_fisica_s_own_slip_does_not_send_the_visitor_to_itself(net_cfg, print_and_decode) -> None:
    assert "Seguridad Física" not in flat(print_and_decode(net_cfg(), slip(notice="")).text)
    assert SECURITY_NOTICE in flat(print_and_decode(net_cfg(), slip()).text)  # a job stored before: as it was
