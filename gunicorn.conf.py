"""gunicorn settings read from the working directory (the repository root): access logs without device tokens."""

logger_class = "web.logs.GunicornLogger"
