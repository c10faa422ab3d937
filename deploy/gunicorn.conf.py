"""gunicorn settings for Bina ASN: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Options given on the command line win over these (e.g. `-b 0.0.0.0:8000 -w 8`).
"""

import multiprocessing

bind = "127.0.0.1:8000"
# Page time is Python (CPU), so processes, not threads, are what scale: one request per worker.
# Measured (BENCHMARKS.md): 4 threads per worker cut the test page to a third, because every
# database call hands the GIL to another thread and the caller then waits its turn to get it
# back. A few more workers than CPUs cover the moments a worker waits on the database.
workers = min(2 * multiprocessing.cpu_count() + 1, 9)
worker_class = "gthread"  # like "sync", but keeps idle keep-alive connections off the worker
threads = 1
# Load the app once in the master and fork the workers from it: less memory, and a broken
# configuration stops the start instead of every worker. lms/web/database.py disposes the
# database engine in each forked child, so no worker shares a connection with another.
preload_app = True
timeout = 60
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
# No runtime control socket: nothing in operations uses it, and it is one more way in.
control_socket_disable = True
