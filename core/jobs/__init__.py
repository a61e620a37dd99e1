"""Scheduled jobs that must run in exactly one process: database leases (lease.py)."""
