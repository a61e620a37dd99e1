"""Editable settings: one table with each setting's default, Spanish label and bounds. Values are JSON in the
`setting` table; core/org/settings_edit.py checks and saves them, the admin form is drawn from this table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core import tx
from core.extensions import db
from core.models import Setting
from core.roles import ROLES


@dataclass(frozen=True)
class Spec:
    default: Any
    label: str
    low: int | None = None  # numbers: the lowest and highest value accepted
    high: int | None = None
    max_len: int | None = None  # text: the longest value accepted
    choices: tuple[tuple[str, str], ...] = ()  # one of these values (value, Spanish label)
    group: str = "office"  # who edits it: "office" in Administración → Parámetros, "top10" in its configuration
    # A trámite of the catalogue that issues tickets, by its code, chosen from a list (core/org/settings_edit.py
    # checks it); "" names none, and `none_label` says what that means.
    transaction: bool = False
    none_label: str = ""

    @property
    def default_text(self) -> str:
        """The initial value as the form names it."""
        return dict(self.choices).get(self.default, str(self.default))


SETTINGS: dict[str, Spec] = {
    # Preferential policy (DESIGN.md §3): N preferential calls per normal one (0 = arrival order)...
    "preferential_ratio": Spec(2, "Llamadas preferenciales por cada llamada normal", low=0, high=10),
    # ...but once a normal ticket has waited this long, one normal and one preferential alternate.
    "normal_max_wait_min": Spec(20, "Espera tras la cual las fichas normales alternan con las preferenciales (min)",
                                low=1, high=240),
    # A no-show is deliberate (issue 11): allowed only once the ticket was called this many times (recalls
    # included) AND this many minutes passed since this desk's first call: each label promises its own limit.
    "no_show_min_calls": Spec(1, "Llamadas (rellamadas incluidas) antes de poder marcar «No se presentó» (1 = basta "
                                 "la primera llamada)", low=1, high=10),
    "no_show_min_wait_min": Spec(3, "Minutos desde la primera llamada del mesón antes de poder marcar «No se "
                                    "presentó», además de las llamadas (0 = sin espera)", low=0, high=60),
    # ...and it can be undone for this long (0 = it cannot), in case the agent pressed it by mistake.
    "no_show_undo_seconds": Spec(60, "Segundos para deshacer «No se presentó» (0 = no se puede deshacer)",
                                 low=0, high=600),
    # ZMS's callCountMax: the N-th recall without a start marks the ticket «No se presentó» by itself (0 = never),
    # if the manual rule above allows it then (its minutes, its calls); else the first recall after it does.
    "no_show_auto_recalls": Spec(0, "Rellamadas tras las que la ficha pasa sola a «No se presentó» (0 = nunca), "
                                    "si ya se cumplen las llamadas y los minutos desde la primera llamada que pide "
                                    "«No se presentó»; si no, la pasa la primera rellamada que los cumpla",
                                 low=0, high=10),
    # Staff safety (issue 11): a discreet «Emergencia» button on the desk console alerts supervisors at once.
    "desk_emergency": Spec("off", "Botón «Emergencia» en la consola del mesón",
                           choices=(("off", "Desactivado"), ("on", "Activado"))),
    # The office's working days: when a trámite closed for today (quota or closing time) opens again.
    # Not a closing: each queue's hours (Administración → Colas) stop the tickets; these days say «Vuelva el …».
    "office_days": Spec("mon-fri", "Días de atención de la oficina (el día que se anuncia para volver; el horario "
                                   "de cada cola es el que cierra la emisión)",
                        choices=(("mon-fri", "Lunes a viernes"), ("mon-sat", "Lunes a sábado"),
                                 ("all", "Todos los días"))),
    "panel_history": Spec(8, "Llamadas anteriores en el panel", low=0, high=20),
    # The kiosk then asks «¿Sigue ahí?» for up to 15 s (KIOSK_WARN_SECONDS) before it goes back to the start.
    "kiosk_idle_seconds": Spec(45, "Segundos sin uso antes de que el kiosco pregunte «¿Sigue ahí?» (luego vuelve "
                                   "al inicio)", low=10, high=600),
    # Where a customer with debt settles it (activity 7).
    "debt_payment_places": Spec("Unidad de Cartera (Plataforma) o cajas de cobranza", "Dónde pagar una deuda",
                                max_len=300),
    # ...and the trámite a customer told of a debt may take a ticket for at once (the kiosk's «Sacar ficha para
    # pagar o negociar la deuda»). None, or one deleted from the catalogue since: the kiosk shows no such button.
    "debt_transaction": Spec("PV_EXC_VIGENTE", "Trámite que el kiosco ofrece a quien tiene una deuda",
                             transaction=True, none_label="Ninguno: el kiosco no ofrece sacar ficha por la deuda"),
    # Top 10 (seeds/001_…): damage reports of one customer within this many days count as repeated.
    "top10_window_days": Spec(10, "Top 10: días en que los reportes de daño de un cliente cuentan como reiterados",
                              low=1, high=90, group="top10"),
    # The procedure's scope is internet: only damage reports of these products count (comma separated; a
    # product matches when its name contains one of them, «Internet Fibra» ⊃ «Internet»).
    # The control sheet's due date: each step should be done within this many days of the case reaching it.
    "top10_step_days": Spec(2, "Top 10: días para completar cada paso (planilla de control)", low=1, high=30,
                            group="top10"),
    # ...except the quality check, which the procedure makes daily (step 11: «Realiza Control de Calidad de
    # clientes TOP 10, diario»): it is due the day after the case reaches it.
    "top10_quality_days": Spec(1, "Top 10: días para el control de calidad diario (paso 11, planilla de control)",
                               low=1, high=30, group="top10"),
    "top10_products": Spec("Internet", "Top 10: productos del alcance (separados por coma)", max_len=200,
                           group="top10"),
    # Step 19.3 closes the work order: the Operador Centro de Operaciones, or the technician where the
    # division so decides (issue 12, item 9).
    "top10_work_order_closer": Spec("operador_co", "Top 10: quién cierra la orden de trabajo (paso 19.3)",
                                    choices=(("operador_co", ROLES["operador_co"]), ("tecnico", ROLES["tecnico"])),
                                    group="top10"),
}
GROUPS = ("office", "top10")


def specs(group: str) -> dict[str, Spec]:
    """The settings one page edits."""
    return {key: spec for key, spec in SETTINGS.items() if spec.group == group}


_MEMO = "settings"


def get(key: str) -> Any:
    """A setting's value, read once per transaction: a setting never saved has no row, and the session's
    identity map cannot remember an absent row, so each call queried again (a finish asked twice)."""
    values = tx.memo(_MEMO)
    if key not in values:
        row = db.session.get(Setting, key)
        values[key] = row.value if row is not None else SETTINGS[key].default
    return values[key]


def get_many(*keys: str) -> list[Any]:
    """Several settings, as `get` reads each, those not read yet in this transaction in one statement."""
    values = tx.memo(_MEMO)
    missing = [key for key in keys if key not in values]
    if missing:
        stored = {row.key: row.value for row in db.session.scalars(db.select(Setting).where(Setting.key.in_(missing)))}
        values.update({key: stored.get(key, SETTINGS[key].default) for key in missing})
    return [values[key] for key in keys]


def forget() -> None:
    """After settings are written: this transaction reads them again."""
    tx.memo(_MEMO).clear()


def all_settings() -> dict[str, Any]:
    stored = {row.key: row.value for row in db.session.scalars(db.select(Setting))}
    return {key: stored.get(key, spec.default) for key, spec in SETTINGS.items()}
