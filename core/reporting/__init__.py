"""Statistics and indicators, the supervisor's live monitor, the audit trail."""
