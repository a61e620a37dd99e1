"""Every model, re-exported so `from core.models import Ticket` works and Alembic sees them all."""

from core.models.accounts import Account
from core.models.attention import ATTENTION_KINDS, Attention, InfoAnswer
from core.models.catalogue import KINDS, CatalogueNode
from core.models.changes import ConfigChange
from core.models.imports import IMPORT_STATUSES, ImportBatch, ImportMapping
from core.models.jobs import JobLease
from core.models.org import Branch, Desk, DeskQueue, Queue, WaitingArea
from core.models.panels import PanelHealth
from core.models.printing import Printer, PrinterBinding, PrintJob
from core.models.safety import EmergencyAlert
from core.models.settings import Announcement, Setting
from core.models.tickets import (
    PREFERENTIAL,
    DailyCounter,
    RoomSequence,
    SurveyAnswer,
    Ticket,
    TicketEvent,
)
from core.models.top10 import Cancellation, DamageReport, Top10Action, Top10Case
from core.models.users import DEVICE_KINDS, ApiToken, Device, User

__all__ = [
    "DEVICE_KINDS", "KINDS", "PREFERENTIAL",
    "Account", "Announcement", "ApiToken", "Branch", "CatalogueNode", "DailyCounter", "Desk", "DeskQueue",
    "Device", "Queue", "RoomSequence", "Setting", "SurveyAnswer", "Ticket", "TicketEvent", "User",
    "WaitingArea",
]
__all__ += ["Printer", "PrinterBinding", "PrintJob"]
__all__ += ["Cancellation", "DamageReport", "Top10Action", "Top10Case"]
__all__ += ["IMPORT_STATUSES", "ImportBatch", "ImportMapping"]
__all__ += ["PanelHealth"]
__all__ += ["ATTENTION_KINDS", "Attention", "InfoAnswer"]
__all__ += ["EmergencyAlert"]
__all__ += ["JobLease"]
__all__ += ["ConfigChange"]
