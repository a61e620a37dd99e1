"""Where a printer may write or connect, checked when a printer is saved and again before every print or status
query: a definition stored earlier, a symlink placed later or a changed setting cannot reach outside.

- A file printer writes only under PRINTER_FILE_DIR (default `printer-files/` in the instance folder): no
  `..`, and no absolute path or link that resolves outside it.
- A network printer's host must resolve to an address in PRINTER_NETWORK_ALLOW (IPs or CIDR networks,
  comma-separated) when that is set; otherwise any address except loopback, link-local, unspecified and
  multicast ones. The checked address is the one connected to, so a DNS answer cannot change between the
  check and the connection.
- Only admins define connections that reach the server's OS or network (file, USB, serial, CUPS, network);
  supervisors create virtual printers and change the rest (name, paper, logo, devices) of any printer.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from pathlib import Path

from flask import current_app

from core.actors import Actor
from core.errors import Forbidden, Invalid
from printers.config import PrinterConfig

OS_BACKENDS = ("network", "usb", "serial", "file", "cups")
CONNECTION_FIELDS = {"network": ("host", "port"), "usb": ("usb_vendor", "usb_product"),
                     "serial": ("serial_device", "baudrate"), "file": ("path",), "cups": ("cups_queue",)}
CONNECTION_ROLE = "admin"

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def file_dir(instance_path: str, setting: str) -> Path:
    """PRINTER_FILE_DIR resolved against the instance folder, which it must not leave."""
    instance = Path(instance_path).resolve()
    folder = (instance / setting).resolve()
    if not folder.is_relative_to(instance):
        raise RuntimeError(f"PRINTER_FILE_DIR ({folder}) debe quedar dentro de la carpeta de la instancia "
                           f"({instance}).")
    return folder


def file_target(path: str, folder: Path) -> Path:
    """The file a file printer writes, inside `folder` once every link is followed."""
    raw = Path(path.strip())
    outside = Invalid(f"El archivo de la impresora debe quedar dentro de {folder}: escriba solo un nombre de "
                      "archivo, sin «..» ni rutas o enlaces que salgan de esa carpeta.", code="printer_path")
    if not path.strip() or ".." in raw.parts:
        raise outside
    target = (raw if raw.is_absolute() else folder / raw).resolve()
    if target == folder or not target.is_relative_to(folder):
        raise outside
    return target


def allowed_networks(setting: str) -> list[IpNetwork]:
    try:
        return [ipaddress.ip_network(item.strip(), strict=False) for item in setting.split(",") if item.strip()]
    except ValueError as exc:
        raise Invalid(f"PRINTER_NETWORK_ALLOW no es válida: {exc}", code="printer_network_setting") from exc


def _addresses(host: str) -> list[IpAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Invalid(f"No se pudo resolver «{host}»: use la dirección IP de la impresora.",
                      code="printer_host") from exc
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in found))


def network_address(host: str, networks: list[IpNetwork]) -> str:
    """The checked address to connect to for `host`."""
    addresses = _addresses(host.strip())
    for address in addresses:
        plain = address.ipv4_mapped or address if isinstance(address, ipaddress.IPv6Address) else address
        if networks:
            if not any(plain in network for network in networks):
                raise Invalid(f"La dirección {plain} no está entre las redes permitidas para impresoras "
                              "(PRINTER_NETWORK_ALLOW).", code="printer_host")
        elif plain.is_loopback or plain.is_link_local or plain.is_unspecified or plain.is_multicast:
            raise Invalid(f"La dirección {plain} no se admite para una impresora de red (local, de enlace o sin "
                          "especificar); configure PRINTER_NETWORK_ALLOW si de verdad la necesita.",
                          code="printer_host")
    return str(addresses[0])


def checked(cfg: PrinterConfig) -> PrinterConfig:
    """`cfg` ready to open: the file path resolved inside the printer folder, the host replaced by its checked
    address. Invalid (Spanish) when the printer would reach anywhere else."""
    config = current_app.config
    if cfg.backend == "file":
        folder = file_dir(current_app.instance_path, config["PRINTER_FILE_DIR"])
        return dataclasses.replace(cfg, path=str(file_target(cfg.path, folder)))
    if cfg.backend == "network" and cfg.host:
        address = network_address(cfg.host, allowed_networks(config.get("PRINTER_NETWORK_ALLOW", "")))
        return dataclasses.replace(cfg, host=address)
    return cfg


def connection(cfg: PrinterConfig | None) -> tuple:
    """What makes a printer reach the OS or the network: its backend and that backend's address fields."""
    if cfg is None:
        return ()
    return (cfg.backend, *(getattr(cfg, name) for name in CONNECTION_FIELDS.get(cfg.backend, ())))


def check_editor(actor: Actor, before: PrinterConfig | None, after: PrinterConfig) -> None:
    """Only admins create or change a connection that reaches the server's OS or network."""
    reaches_os = after.backend in OS_BACKENDS or (before is not None and before.backend in OS_BACKENDS)
    if reaches_os and connection(before) != connection(after) and not actor.has_role(CONNECTION_ROLE):
        raise Forbidden("Solo un administrador configura la conexión de una impresora de red, USB, serie, archivo "
                        "o CUPS. La supervisión crea impresoras virtuales y cambia nombre, papel, logo y "
                        "dispositivos de cualquier impresora.", code="printer_connection_admin_only")
