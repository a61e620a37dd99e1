"""A fake network receipt printer: a real TCP server on 127.0.0.1 that records jobs and answers DLE EOT.

    python -m printers.fake --port 9100 --mode ok     # prints each decoded job to stdout

Modes (settable while running with set_mode()):
    ok              answers "online, paper present"
    paper_near_end  roll near its end (still prints)
    paper_out       roll end: offline, paper-end bits set (0x72 to DLE EOT 4)
    silent          accepts connections and data but never answers a status query
    slow            answers every status query after `delay` seconds, or as soon as the mode changes
                    (then as the new mode says): a test can hold a query open and release it at will
    offline         not listening: connections are refused, as with a printer switched off
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator

from printers.decode import Decoded, DecodedImage, DecodedLine, DecodedQR, decode, iter_commands, next_command

MODES = ("ok", "paper_near_end", "paper_out", "silent", "slow", "offline")

# Epson DLE EOT answers per mode: n=1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor.
# Fixed bits 1 and 4 give the 0x12 base; see printers.send.interpret_status for the reading side.
_ANSWERS = {
    "ok": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper_near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},  # n=4 bits 2-3: near end
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},  # offline (bit 3); paper-end stop (bit 5); bits 5-6
}


class FakePrinter:
    """Threaded TCP printer. Every connection's bytes are kept in `connections`; those that carry more
    than status queries are also print jobs, in `jobs` (a health check is not a job). `accepted` counts
    connections as they are accepted, before anything is sent, so a test can tell whether anyone called."""

    def __init__(self, port: int = 0, mode: str = "ok", delay: float = 0.0, host: str = "127.0.0.1",
                 profile: str = "default", on_job: Callable[[bytes], None] | None = None) -> None:
        self.host = host
        self.port = port
        self.profile = profile
        self.on_job = on_job
        self.delay = delay
        self.mode = "ok"
        self.connections: list[bytes] = []
        self.jobs: list[bytes] = []
        self.accepted = 0
        self._cond = threading.Condition()
        self._listener: socket.socket | None = None
        self._reservation: socket.socket | None = None  # holds the port while offline: connects are refused
        self._clients: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._running = False
        self._stopped = threading.Event()
        self._mode_changed = threading.Condition()
        self._initial_mode = mode

    # lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> FakePrinter:
        self._running = True
        self._stopped.clear()
        self.set_mode(self._initial_mode, self.delay)
        if self._initial_mode == "offline":
            self._reserve_port()
        return self

    def stop(self) -> None:
        self._running = False
        self._stopped.set()
        with self._mode_changed:
            self._mode_changed.notify_all()
        self._close_listener()
        self._release_port()
        for client in list(self._clients):
            _close_quietly(client)
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads.clear()

    def __enter__(self) -> FakePrinter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_mode(self, mode: str, delay: float | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"Modo desconocido: {mode} (use {', '.join(MODES)})")
        if delay is not None:
            self.delay = delay
        with self._mode_changed:
            self.mode = mode
            self._mode_changed.notify_all()
        if mode == "offline":
            was_listening = self._listener is not None
            self._close_listener()
            for client in list(self._clients):
                _close_quietly(client)
            if was_listening:
                self._reserve_port()
        elif self._running and self._listener is None:
            self._listen()

    # results ---------------------------------------------------------------------------------------------
    def decoded_jobs(self) -> list[Decoded]:
        with self._cond:
            return [decode(job, self.profile) for job in self.jobs]

    def wait_for_jobs(self, n: int, timeout: float = 5.0) -> list[bytes]:
        """The first `n` jobs once they are complete (connection closed); TimeoutError otherwise."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.jobs) >= n, timeout):
                raise TimeoutError(f"{len(self.jobs)} de {n} trabajos recibidos en {timeout} s")
            return list(self.jobs[:n])

    def wait_for_connections(self, n: int, timeout: float = 5.0) -> list[bytes]:
        """The bytes of the first `n` connections once they are closed; TimeoutError otherwise."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.connections) >= n, timeout):
                raise TimeoutError(f"{len(self.connections)} de {n} conexiones cerradas en {timeout} s")
            return list(self.connections[:n])

    def clear(self) -> None:
        with self._cond:
            self.jobs.clear()
            self.connections.clear()
            self.accepted = 0

    # server ----------------------------------------------------------------------------------------------
    def _reserve_port(self) -> None:
        """An offline printer keeps its address: a socket bound there but not listening refuses connections
        (as a switched-off printer does) and keeps any other program from taking the port meanwhile."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._reservation = sock

    def _release_port(self) -> None:
        if self._reservation is not None:
            _close_quietly(self._reservation)
            self._reservation = None

    def _listen(self) -> None:
        self._release_port()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(16)
        sock.settimeout(0.1)  # lets the accept loop notice stop()/offline
        self.port = sock.getsockname()[1]
        self._listener = sock
        self._spawn(self._accept_loop, sock)

    def _close_listener(self) -> None:
        if self._listener is not None:
            _close_quietly(self._listener)
            self._listener = None

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _accept_loop(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._cond:
                self.accepted += 1
                self._cond.notify_all()
            self._clients.add(client)
            self._spawn(self._serve, client)

    def _serve(self, client: socket.socket) -> None:
        data = bytearray()
        pos = 0  # next unparsed byte: DLE EOT counts only at a command boundary, not inside image data
        client.settimeout(0.2)
        try:
            while self._running:
                try:
                    chunk = client.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    break
                data += chunk
                queries = []
                while pos < len(data):
                    cmd = next_command(bytes(data), pos)
                    if cmd is None:
                        break
                    if cmd.op == "DLE EOT":
                        queries.append(cmd.args[0])
                    pos = cmd.end
                self._answer(client, queries)
        except OSError:
            pass
        finally:
            self._clients.discard(client)
            _close_quietly(client)
            self._record(bytes(data))

    def _answer(self, client: socket.socket, queries: list[int]) -> None:
        mode = self.mode
        if not queries:
            return
        if mode == "slow":
            with self._mode_changed:  # held until the delay passes, the mode changes or stop()
                self._mode_changed.wait_for(lambda: self.mode != "slow" or self._stopped.is_set(), self.delay)
            if self._stopped.is_set():
                return  # do not hold up shutdown
            mode = self.mode
        if mode in ("silent", "offline"):
            return
        table = _ANSWERS.get(mode, _ANSWERS["ok"])
        client.sendall(bytes(table.get(n, 0x12) for n in queries))

    def _record(self, data: bytes) -> None:
        if not data:
            return
        is_job = any(cmd.op != "DLE EOT" for cmd in iter_commands(data))
        with self._cond:
            self.connections.append(data)
            if is_job:
                self.jobs.append(data)
            self._cond.notify_all()
        if is_job and self.on_job:
            self.on_job(data)


def _close_quietly(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


def describe(job: Decoded) -> str:
    """A readable transcript of a decoded job, for the console."""
    out = [f"--- trabajo: {len(job.raw)} bytes, páginas de códigos {job.codepages or ['(ninguna)']}"
           f"{', FS .' if job.fs_dot else ''}"]
    for block in job.blocks:
        if isinstance(block, DecodedLine):
            big = (block.width_mult, block.height_mult) != (1, 1)
            out.append(block.text + (f"  [{block.width_mult}x{block.height_mult}]" if big else ""))
        elif isinstance(block, DecodedQR):
            out.append(f"[QR: {block.payload}]")
        elif isinstance(block, DecodedImage):
            out.append(f"[imagen {block.width}x{block.height}]")
        else:
            out.append("-" * 20 + " corte " + "-" * 20)
    if job.status_queries:
        out.append(f"[consultas de estado DLE EOT: {job.status_queries}]")
    return "\n".join(out)



@contextlib.contextmanager
def powered_off() -> Iterator[int]:
    """A loopback port whose accept queue is full: the kernel drops new SYNs, so connect() hangs as it does
    for a powered-off printer on the LAN (no reliance on an outside address being unroutable)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname(), timeout=1)
    try:
        yield listener.getsockname()[1]
    finally:
        filler.close()
        listener.close()

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Impresora de tickets simulada (ESC/POS por TCP)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--mode", choices=MODES, default="ok")
    parser.add_argument("--delay", type=float, default=2.0, help="segundos de demora en modo slow")
    parser.add_argument("--profile", default="default", help="perfil python-escpos para leer ESC t")
    args = parser.parse_args(argv)

    def show(data: bytes) -> None:
        print(describe(decode(data, args.profile)), flush=True)

    fake = FakePrinter(args.port, args.mode, args.delay, args.host, args.profile, on_job=show)
    with fake:
        # Ctrl+C may come while the banner is still being written (seen on a loaded machine: the job's transcript,
        # printed by the server's thread, had gone out first): it ends the fake cleanly all the same.
        try:
            print(f"Impresora simulada en {args.host}:{fake.port} (modo {args.mode}). Ctrl+C para salir.",
                  flush=True)
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
