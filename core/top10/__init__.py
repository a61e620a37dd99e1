"""Seguimiento TOP 10: imports, detection, weekly reports, the case workflow, the monthly indicator."""
