"""The panel's voice: Spanish sentences for calls, and espeak-ng audio rendered once and cached."""

from __future__ import annotations

import wave

import pytest

from core.errors import NotFound
from core.panels import tts


@pytest.mark.parametrize("n,words", [
    (0, "cero"), (7, "siete"), (16, "dieciséis"), (21, "veintiuno"), (23, "veintitrés"), (30, "treinta"),
    (41, "cuarenta y uno"), (99, "noventa y nueve"), (100, "cien"), (101, "ciento uno"),
    (515, "quinientos quince"), (777, "setecientos setenta y siete"), (1000, "mil"),
    (2024, "dos mil veinticuatro"), (21000, "veintiún mil"), (31005, "treinta y un mil cinco"),
])
def test_number_words(n, words) -> None:
    """Numbers are read as Spanish words, accents and apocopes included."""
    assert tts.number_words(n) == words


def test_call_sentence_says_leading_zeros() -> None:
    """The issue's example: A-023 at mesón diecinueve."""
    assert tts.phrase("A-023", "mesón diecinueve") == "Ficha A cero veintitrés, pase a mesón diecinueve"


def test_call_sentence_uses_the_pronunciation_table_spelling() -> None:
    """Spoken names spell the acronyms letter by letter, as seeded for BOC."""
    assert tts.phrase("B-001", "Mezanine B O C uno") == "Ficha B cero cero uno, pase a Mezanine B O C uno"


def test_desk_without_spoken_name_gets_words_and_spelled_acronyms() -> None:
    """A desk name used as is: digits become words, an acronym is spelled."""
    assert tts.phrase("I-105", "BOI") == "Ficha I ciento cinco, pase a B O I"
    assert tts.phrase("C-010", "Mesón 19") == "Ficha C cero diez, pase a Mesón diecinueve"


def test_a_recall_says_which_call_it_is() -> None:
    """A recall must not sound like the first call: «Segundo llamado: ficha …», then «Tercer llamado», …"""
    assert tts.phrase("B-002", "Mezanine B O C uno", 2) == (
        "Segundo llamado: ficha B cero cero dos, pase a Mezanine B O C uno")
    assert tts.phrase("B-002", "BOI", 3) == "Tercer llamado: ficha B cero cero dos, pase a B O I"
    assert tts.phrase("B-002", "", 11) == "Llamado número once: ficha B cero cero dos"
    assert [tts.call_label(n) for n in (1, 2, 3, 10, 11)] == ["", "Segundo llamado", "Tercer llamado",
                                                              "Décimo llamado", "Llamado n.º 11"]


def test_render_writes_a_wav_once(tmp_path) -> None:
    """espeak-ng renders a valid WAV; the second request reuses the cached file."""
    text = tts.phrase("A-023", "mesón diecinueve")
    key = tts.audio_key(text, "es-419", "s3cret")
    path = tts.render(text, key, voice="es-419", secret="s3cret", cache_dir=tmp_path)
    with wave.open(str(path)) as audio:
        assert audio.getnframes() / audio.getframerate() > 1.5
    mtime = path.stat().st_mtime_ns
    assert tts.render(text, key, voice="es-419", secret="s3cret", cache_dir=tmp_path).stat().st_mtime_ns == mtime


def test_render_refuses_a_text_with_a_forged_key(tmp_path) -> None:
    """Only sentences signed by this server are rendered: a panel cannot make it say anything."""
    key = tts.audio_key("Ficha A cero uno, pase a mesón uno", "es-419", "s3cret")
    with pytest.raises(NotFound):
        tts.render("Cualquier otra cosa", key, voice="es-419", secret="s3cret", cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_render_without_espeak_raises_tts_unavailable(tmp_path) -> None:
    """With no espeak-ng the error says so, and the panel falls back to the browser's voice."""
    text = "Ficha A cero uno, pase a mesón uno"
    key = tts.audio_key(text, "es-419", "k")
    with pytest.raises(tts.TtsUnavailable):
        tts.render(text, key, voice="es-419", secret="k", cache_dir=tmp_path, command="espeak-ng-not-installed")
