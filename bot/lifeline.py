"""Server processes that die with their supervisor, also when it is killed hard.

bot/stack.py starts Rasa and the action server in sessions of their own (so that Ctrl-C in a terminal reaches
the supervisor only, and it stops them in order). A supervisor that is killed with `kill -9` never gets to
stop them: they kept running, holding ports 5005 and 5055, and the next `make run` found its ports taken
(issue 21). Linux can tie a child's life to its parent: PR_SET_PDEATHSIG, set in the child between fork and
exec, sends it a signal when the parent goes, and survives the exec into the server.

    subprocess.Popen(cmd, ..., start_new_session=True, preexec_fn=lifeline.die_with_parent())

SIGKILL, not SIGTERM: a supervisor that is gone can no longer escalate when a server ignores or hangs on
SIGTERM, and both servers commit every turn (the tracker store) before answering, so nothing is lost.
A server that starts workers of its own needs a signal it can act on: nginx's master stops its worker on
SIGTERM, while after a SIGKILL of the master the worker would keep the port (bot/cluster).
Linux sends the signal when the *thread* that started the child ends, so spawn only from threads that live
as long as the servers (bot/stack.py: the main thread and the supervisor thread, which waits for them).
Elsewhere (no prctl) this does nothing.
"""
from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
DEATH_SIGNAL = signal.SIGKILL


def _find_prctl():
    # Looked up once, in the parent: between fork and exec the child should only call, not load libraries.
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _find_prctl()


def die_with_parent(death_signal: int = DEATH_SIGNAL):
    """A preexec_fn for subprocess.Popen: the child gets `death_signal` when this process (thread) ends."""
    parent = os.getpid()

    def in_child() -> None:
        if _PRCTL is None:
            return
        _PRCTL(PR_SET_PDEATHSIG, int(death_signal), 0, 0, 0)
        if os.getppid() != parent:  # the supervisor died before the prctl: no signal will come
            os._exit(1)

    return in_child
