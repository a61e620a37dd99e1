"""Security headers on every response, set once here (the factory registers it).

The Content-Security-Policy allows only this origin's own scripts, styles, images, media and sockets: no inline
script or style attribute (templates keep CSS in static/ files), no other site, and no framing by anyone
(`frame-ancestors 'none'`; the panels run top-level in kiosk Chromium). `Referrer-Policy: same-origin`
keeps `?token=` start URLs out of other sites' logs while Flask-WTF still sees the Referer it checks on HTTPS.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",  # this host's WebSocket too (CSP Level 3 'self' covers ws:/wss:)
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # what older browsers understand of frame-ancestors
}


def register(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        for name, value in ALWAYS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
