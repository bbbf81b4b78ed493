"""Which backend Django's task API uses, and the command line of its worker.

Read from the environment without Django, so that the settings and ``tincoso serve``
(whose parent process stays light) agree:

- ``TASKS_BACKEND=db`` (the default without Redis): django-tasks-db, rows in the
  database, worked by ``manage db_worker``; ``make run`` needs no other server;
- ``TASKS_BACKEND=rq`` (the default when ``REDIS_URL`` is set: the scale-out
  profile): django-tasks-rq, the task API's RQ backend on that Redis, worked by
  django-rq's ``manage rqworker`` with the backend's job class;
- any other value is a backend's dotted path (e.g. Django's ImmediateBackend), which
  needs no worker here.
"""

from __future__ import annotations

from collections.abc import Mapping

BACKENDS = {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}


def backend(environ: Mapping[str, str]) -> str:
    """The backend's dotted path."""
    name = environ.get("TASKS_BACKEND", "").strip() or ("rq" if environ.get("REDIS_URL") else "db")
    return BACKENDS.get(name, name)


def worker_command(environ: Mapping[str, str], *, burst: bool = False) -> list[str] | None:
    """``tincoso manage`` arguments that run the backend's worker (``burst``: work what
    is queued, then exit), or None when the backend has no worker of ours."""
    chosen = backend(environ)
    if chosen == BACKENDS["db"]:
        return ["db_worker", "--no-reload", "--interval", "1", *(["--batch"] if burst else [])]
    if chosen == BACKENDS["rq"]:
        # The job class runs the task API's Task objects (plain RQ would call them).
        return ["rqworker", "default", "--job-class", "django_tasks_rq.backend.Job",
                *(["--burst"] if burst else [])]  # fmt: skip
    return None
