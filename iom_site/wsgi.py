import os

from django.core.wsgi import get_wsgi_application

from core import secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iom_site.settings")
application = get_wsgi_application()
# gunicorn (or any WSGI server) fails to boot rather than sign with the published key.
secret_key.refuse_to_serve()
