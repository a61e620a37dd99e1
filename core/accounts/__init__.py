"""Smartflex customer accounts: the account check and the account import."""
