"""The one entry point: `flask --app wsgi …` and `gunicorn wsgi:app` both load this."""

from core import create_app

app = create_app()
