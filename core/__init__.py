"""Turnero's domain: the kernel (config, extensions, clock, errors, tx, validation, models) and one package per
domain. Nothing here reads the request, renders a page or imports a screen; see web/ for the HTTP side."""
