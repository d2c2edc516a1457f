"""gunicorn settings for course_engine (``make serve``); each can be overridden by environment.

GUNICORN_BIND=0.0.0.0:8000 GUNICORN_WORKERS=4 gunicorn -c gunicorn.conf.py run:app
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5  # seconds an idle keep-alive connection holds a thread
#: Load the app in each worker (not the master) so every worker opens its own database pool.
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
#: No control socket: several instances on one machine would share its default path.
control_socket_disable = True
#: Request line and header limits (werkzeug and MAX_CONTENT_LENGTH bound the body).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
