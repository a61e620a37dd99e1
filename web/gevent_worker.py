"""gunicorn's gevent worker, with gevent imported by the worker process only: `gunicorn -k
web.gevent_worker.GeventWorker` (README «Production»).

With `-k gevent` gunicorn's master imports `gunicorn.workers.ggevent`, hence gevent (~5.8 MB), to load the class,
though only the forked worker ever runs it. The master builds the worker object before it forks, so this class is
a plain `AsyncWorker` there; in the child, before anything else runs, it becomes gunicorn's own `GeventWorker`
(monkey-patching, the hub, the server loop are all gunicorn's, unchanged).
"""

from __future__ import annotations

from gunicorn.workers.base_async import AsyncWorker

# What `-k` takes: the production command, the systemd unit, the tests' and the benchmark's servers.
WORKER_CLASS = "web.gevent_worker.GeventWorker"


class GeventWorker(AsyncWorker):
    def init_process(self) -> None:
        from gunicorn.workers.ggevent import GeventWorker as gunicorn_worker

        # Same attributes (AsyncWorker.__init__ ran); only the methods change, in this process.
        self.__class__ = gunicorn_worker
        gunicorn_worker.init_process(self)
