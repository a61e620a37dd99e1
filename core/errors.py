"""Domain errors: a stable code, a Spanish message for a person, and the HTTP status they map to."""

from __future__ import annotations


class DomainError(Exception):
    code = "error"
    status = 422
    message = "No se pudo completar la operación."

    def __init__(self, message: str | None = None, *, code: str | None = None, details: object = None):
        super().__init__(message or self.message)
        self.message = message or self.message
        if code:
            self.code = code
        self.details = details


class NotFound(DomainError):
    code, status, message = "not_found", 404, "No existe."


class NothingWaiting(DomainError):
    code, status, message = "nothing_waiting", 404, "No hay fichas en espera para este mesón."


class DeskBusy(DomainError):
    code, status, message = "desk_busy", 409, "El mesón ya tiene una ficha activa: finalícela antes de llamar otra."


class DeskPaused(DomainError):
    code, status, message = "desk_paused", 409, "El mesón está en pausa: reanude para llamar."


class IllegalTransition(DomainError):
    code, status = "illegal_transition", 409


class Invalid(DomainError):
    code, status, message = "invalid", 422, "Datos no válidos."


class Forbidden(DomainError):
    code, status, message = "forbidden", 403, "No tiene permiso para esta acción."


class ImportRejected(DomainError):
    """A file rejected whole; `details` lists the row errors."""

    code, status, message = "import_rejected", 422, "El archivo fue rechazado: corrija los errores y vuelva a subirlo."
