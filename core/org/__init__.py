"""The office: routing catalogue, waiting areas, queues, desks, settings, and the idempotent seed."""
