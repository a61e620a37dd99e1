"""Events after commit: the outbox, the rooms each change tells, sequence numbers."""
