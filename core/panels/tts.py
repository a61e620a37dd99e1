"""The panel's voice: the Spanish sentence for a call, rendered offline by espeak-ng and cached as WAV.

A TV browser often has no Spanish voice, so the server speaks: `phrase()` builds "Ficha A cero veintitrés,
pase a mesón diecinueve" (number words written here: the OS has no locales), and for a recall "Segundo llamado:
ficha A cero veintitrés, …" (`call_label()`, also what the panel shows above the number), `audio_key()` signs the text,
and `render()` runs espeak-ng once per sentence into instance/tts/<key>.wav. The key is an HMAC of voice and
text under SECRET_KEY, so the audio route renders only sentences this server produced, on any instance.
When espeak-ng is missing `render()` raises `TtsUnavailable` and the panel falls back to the browser's
speech synthesis.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from core.errors import DomainError, NotFound

logger = logging.getLogger(__name__)

MAX_TEXT = 200
SPEED_WPM = 140  # a little slower than espeak's 175: a waiting room is noisy

UNITS = ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once",
         "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte",
         "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete",
         "veintiocho", "veintinueve")
TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta", 9: "noventa"}
HUNDREDS = {1: "ciento", 2: "doscientos", 3: "trescientos", 4: "cuatrocientos", 5: "quinientos",
            6: "seiscientos", 7: "setecientos", 8: "ochocientos", 9: "novecientos"}


class TtsUnavailable(DomainError):
    code, status = "tts_unavailable", 503
    message = "La voz del servidor no está disponible (falta espeak-ng): el panel usa la voz del navegador."


def number_words(n: int) -> str:
    """0 ≤ n < 1 000 000 in Spanish words, as a number is read aloud ("ciento uno", "mil veinte")."""
    if not 0 <= n < 1_000_000:
        raise ValueError(n)
    if n < 30:
        return UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return TENS[tens] + (f" y {UNITS[unit]}" if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        if n == 100:
            return "cien"
        return HUNDREDS[hundreds] + (f" {number_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    # "veintiuno mil" is wrong: the unit before "mil" shortens (veintiún mil, treinta y un mil).
    head = "mil" if thousands == 1 else re.sub(r"(veinti)?uno$", lambda m: "veintiún" if m.group(1) else "un",
                                                number_words(thousands)) + " mil"
    return head + (f" {number_words(rest)}" if rest else "")


def digits_words(digits: str) -> str:
    """A ticket's digits as announced: each leading zero said, then the number ("023" → "cero veintitrés")."""
    if not digits.isdigit():
        raise ValueError(digits)
    stripped = digits.lstrip("0")
    zeros = ["cero"] * (len(digits) - len(stripped))
    return " ".join([*zeros, number_words(int(stripped))] if stripped else zeros)


def _spoken_name(text: str) -> str:
    """A desk name with no spoken form: digits become words ("Mesón 19") and acronyms are spelled ("BOI")."""
    text = re.sub(r"\d+", lambda m: number_words(int(m.group())), text)
    return re.sub(r"\b[A-ZÑ]{2,4}\b", lambda m: " ".join(m.group()), text)


# A recall must not sound or look like a first call: the room, hearing the same sentence again, took it for a new
# customer's or for an echo (an audit). The n-th call of a ticket is named by its ordinal, shortened before the noun
# («tercer llamado», not «tercero»).
ORDINALS = {2: "Segundo", 3: "Tercer", 4: "Cuarto", 5: "Quinto", 6: "Sexto", 7: "Séptimo", 8: "Octavo", 9: "Noveno",
            10: "Décimo"}


def call_label(calls: int) -> str:
    """How the panel names the `calls`-th call of a ticket: "" for the first, "Segundo llamado" for the first
    recall, "Llamado n.º 11" past the ordinals."""
    if calls <= 1:
        return ""
    return f"{ORDINALS[calls]} llamado" if calls in ORDINALS else f"Llamado n.º {calls}"


def _spoken_label(calls: int) -> str:
    return call_label(calls) if calls in ORDINALS or calls <= 1 else f"Llamado número {number_words(calls)}"


def phrase(number: str, spoken_desk: str, calls: int = 1) -> str:
    """ "A-023", "mesón diecinueve" → "Ficha A cero veintitrés, pase a mesón diecinueve"; its second call (the first
    recall) → "Segundo llamado: ficha A cero veintitrés, pase a mesón diecinueve"."""
    prefix, _, digits = number.partition("-")
    spoken_number = f"{prefix} {digits_words(digits)}" if digits else number
    desk = _spoken_name(spoken_desk.strip())
    label = _spoken_label(calls)
    text = f"{label}: ficha {spoken_number}" if label else f"Ficha {spoken_number}"
    return f"{text}, pase a {desk}" if desk else text


def audio_key(text: str, voice: str, secret: str) -> str:
    return hmac.new(secret.encode(), f"{voice}\n{text}".encode(), hashlib.sha256).hexdigest()[:32]


def announcement(number: str, spoken_desk: str, calls: int = 1) -> dict[str, str]:
    """What a panel needs to announce a call: the sentence and the key of its audio (no personal data)."""
    from flask import current_app

    text = phrase(number, spoken_desk, calls)
    return {"speech": text, "audio_key": audio_key(text, current_app.config["TTS_VOICE"],
                                                    current_app.config["SECRET_KEY"])}


def available(command: str = "espeak-ng") -> bool:
    return shutil.which(command) is not None


def render(text: str, key: str, *, voice: str, secret: str, cache_dir: Path, command: str = "espeak-ng") -> Path:
    """The WAV for `text`, rendered once; a wrong key (a sentence this server never produced) is NotFound."""
    if not re.fullmatch(r"[0-9a-f]{32}", key):
        raise NotFound("No existe ese audio.", code="unknown_audio")
    target = cache_dir / f"{key}.wav"
    if target.exists() and target.stat().st_size > 44:
        return target
    if len(text) > MAX_TEXT or not hmac.compare_digest(key, audio_key(text, voice, secret)):
        raise NotFound("No existe ese audio.", code="unknown_audio")
    binary = shutil.which(command)
    if binary is None:
        raise TtsUnavailable()
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Render beside the target and rename: two panels asking at once never read a half-written file.
    fd, partial = tempfile.mkstemp(suffix=".wav", dir=cache_dir)
    os.close(fd)
    try:
        subprocess.run([binary, "-v", voice, "-s", str(SPEED_WPM), "-w", partial, "--", text],
                       check=True, capture_output=True, timeout=15)
        os.replace(partial, target)
    except (subprocess.SubprocessError, OSError) as error:
        logger.exception("espeak-ng failed for %r", text)
        raise TtsUnavailable() from error
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    logger.info("rendered %s (%d bytes): %s", target.name, target.stat().st_size, text)
    return target
