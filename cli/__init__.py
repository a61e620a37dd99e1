"""The `flask --app wsgi …` commands, on one blueprint (top-level names, as API.md lists them).

Each command module defines plain click commands; this module only collects them, so no module here imports
another in a circle."""

from __future__ import annotations

from flask import Blueprint

from cli import backup, desks, imports, printing, setup

bp = Blueprint("cli", __name__, cli_group=None)

for command in (setup.seed_command, setup.create_user_command, setup.create_token_command,
                setup.list_tokens_command, setup.revoke_token_command,
                setup.create_device_command, imports.import_accounts_command, imports.import_damage_reports_command,
                imports.import_cancellations_command, imports.import_folder_command,
                printing.print_test_command, printing.print_health_command,
                printing.print_worker_command, desks.close_desks_command, desks.close_past_days_command,
                backup.backup_command, backup.restore_command):
    bp.cli.add_command(command)
