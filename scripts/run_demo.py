"""`make run`: migrate, seed demo data, print the screens' URLs and credentials, serve on HOST:PORT.

SQLite and the virtual printer are the defaults, so nothing else is needed. The secret key is generated
once into instance/secret_key (readable by its owner only), never taken from the repository.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("TURNERO_INSTANCE", ROOT / "instance"))
VENV_BIN = Path(sys.executable).parent


def secret_key() -> str:
    path = INSTANCE / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def flask(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def preflight(host: str, port: str) -> str | None:
    """Why the demo must not start here, in Spanish; None when it may. Checked before migrating anything."""
    if not _loopback(host):
        return (f"La demostración no escucha en {host}: sus usuarios y contraseñas de demostración quedarían "
                "expuestos en la red. Use HOST=127.0.0.1, o el despliegue de producción (README, «Production»).")
    if not port.isdigit():
        return f"PORT={port} no es un número de puerto."
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn: a TIME_WAIT port is free
        try:
            probe.bind((host, int(port)))
        except OSError:
            return (f"El puerto {port} ya está en uso en {host} (¿otra copia de Turnero en marcha?). "
                    f"Deténgala o use otro puerto: make run PORT={int(port) + 1}")
    return None


def main() -> None:
    host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "5000")
    if refusal := preflight(host, port):
        print(refusal, file=sys.stderr)
        raise SystemExit(2)
    INSTANCE.mkdir(parents=True, exist_ok=True)
    base = f"http://{host}:{port}"
    env = {**os.environ, "TURNERO_INSTANCE": str(INSTANCE), "TURNERO_ENV": "development",
           "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", base)}
    env.setdefault("SECRET_KEY", secret_key())
    flask("db", "upgrade", env=env)
    flask("seed", "--demo", "--no-list", env=env)  # the summary below lists the credentials, once
    # The nightly timer of a deployment (docs/deploy): a demo started again the next day would otherwise show,
    # count and call the tickets its last run left waiting.
    flask("close-past-days", env=env)

    creds = (INSTANCE / "demo-credentials.txt").read_text() if (INSTANCE / "demo-credentials.txt").exists() else ""
    tokens = dict(re.findall(r"dispositivo \w+ (\S+)\s+token (\S+)", creds))
    # By name, the last line winning: a file an older release appended to holds a user's dead passwords first.
    users = {name: (password, role) for name, password, role
             in re.findall(r"usuario (\S+)\s+contraseña (\S+)\s+rol (\S+)", creds)}
    name_width = max((len(name) for name in users), default=0)
    password_width = max((len(password) for password, _role in users.values()), default=0)
    print("\n=== Turnero en marcha ===")
    print(f"Kiosco:             {base}/kiosk?token={tokens.get('kiosco-entrada', '<token>')}")
    print(f"Panel Plataforma:   {base}/display/PLAT?token={tokens.get('panel-plataforma', '<token>')}")
    print(f"Panel Mezanine:     {base}/display/MEZ?token={tokens.get('panel-mezanine', '<token>')}")
    print(f"Panel todas:        {base}/display/ALL?token={tokens.get('panel-todas', '<token>')}")
    print(f"Encuesta mesón 1:   {base}/encuesta/P01?token={tokens.get('encuesta-meson-1', '<token>')}")
    print(f"Recepción:          {base}/recepcion")
    print(f"Consola de mesón:   {base}/desk")
    print(f"Administración:     {base}/admin")
    print("Usuarios de demostración (contraseñas generadas en la primera ejecución):")
    for username, (password, role) in users.items():
        print(f"  {username:{name_width}}  {password:{password_width}}  {role}")
    print(f"(también en {INSTANCE / 'demo-credentials.txt'})\n", flush=True)

    # One worker, threads for the WebSockets (ECOSYSTEM.md): each open screen holds a thread.
    os.execvpe(str(VENV_BIN / "gunicorn"), [
        "gunicorn", "--worker-class", "gthread", "--workers", "1", "--threads", "64",
        "--bind", f"{host}:{port}", "--graceful-timeout", "3", "--access-logfile", "-", "wsgi:app",
    ], {**env, "SOCKETIO_ASYNC_MODE": "threading"})


if __name__ == "__main__":
    main()
