"""The composition root and what every screen shares: the app factory, access checks, the Socket.IO connect
handler, error mapping, JSON body readers, URL helpers and Jinja filters."""
