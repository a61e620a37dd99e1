"""The one entry point: `flask --app wsgi …` and `gunicorn wsgi:app` both load this."""

from web.app import create_app

app = create_app()
