"""The composition root and what every screen shares: the app factory, access checks, the Socket.IO connect
handler, error mapping, JSON body readers, URL helpers and Jinja filters."""

from web import deferred_imports

# Before anything imports flask_socketio: it would load libraries the server never uses (web/deferred_imports.py).
deferred_imports.defer()
