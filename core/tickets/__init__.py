"""The ticket engine and everything a ticket goes through: issue, desks, call policy, positions, intake,
the desk console's reads and the survey."""
