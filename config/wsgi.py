import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.startup import web_process_ready  # noqa: E402 - needs the apps loaded

web_process_ready()
