"""The `kiosk` blueprint object and what its views share; kiosk/__init__.py imports the views onto it."""

import io

from flask import Blueprint, Response

bp = Blueprint("kiosk", __name__)


def qr_svg(url: str) -> Response:
    """A QR code of `url` as SVG, for a customer to scan from a screen: the ticket's status page, or the P01
    question of an attention without a ticket (the kiosk's debt and requirements screen)."""
    import qrcode.image.svg  # on the first QR only: qrcode and its XML writer are not in every server's memory

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=3600"})
