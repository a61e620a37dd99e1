"""Staff users, API tokens and devices."""
