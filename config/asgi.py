import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

from config.startup import web_process_ready  # noqa: E402 - needs the apps loaded

web_process_ready()
