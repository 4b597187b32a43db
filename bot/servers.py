"""Starts servers as child processes, waits until they answer, restarts one that stops, and stops them all.

`make run` must leave nothing behind however it ends (Ctrl-C, SIGTERM, a crash), so each server
runs in its own process group, is asked to die with us (PR_SET_PDEATHSIG) should we be killed
outright, and is stopped group-wide, politely first, then by force.

Once running, a server that stops (a crash, the out-of-memory killer) is started again after a short,
growing pause, as Kubernetes would restart its container: the visitors on the other server keep being
answered. One that keeps stopping (MAX_RESTARTS within RESTART_WINDOW_SECONDS) is a fault to fix, not
to hide: `make run` then stops with its log.
"""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

PR_SET_PDEATHSIG = 1
STOP_GRACE_SECONDS = 10.0
RESTART_DELAYS_SECONDS = (1, 2, 4, 8, 16, 30)
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 300.0


def free_port() -> int:
    """A TCP port on localhost that nothing is listening on right now (for tests and the benchmark)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tail(path: Path, lines: int = 20) -> str:
    """The last lines of a log file, for error messages; empty if it cannot be read."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class ServerFailed(RuntimeError):
    """A server exited, or did not become ready in time."""


def _die_with_parent() -> None:
    """Runs in the child before exec: the kernel sends SIGTERM to it if the launcher dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass  # not Linux: the launcher's own stop() still covers every ordinary exit


@dataclass
class Server:
    """One server process: what to run, where its output goes, and how to tell it is ready."""

    name: str
    argv: Sequence[str]
    log_path: Path
    is_ready: Callable[[], bool]
    env: Optional[dict] = None
    process: Optional[subprocess.Popen] = field(default=None, repr=False)

    def start(self, cwd: Path, append_log: bool = False) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a" if append_log else "w") as log:
            self.process = subprocess.Popen(
                list(self.argv), cwd=cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent,
            )

    def exit_code(self) -> Optional[int]:
        return None if self.process is None else self.process.poll()

    def log_tail(self, lines: int = 20) -> str:
        return tail(self.log_path, lines)

    def signal_group(self, sig: int) -> None:
        """Signals the whole process group, even after its leader exited: its children may live on."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass  # nobody left in the group


class Supervisor:
    """Owns a set of servers for their whole life."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.servers: list[Server] = []
        self.stopping = False

    def start(self, server: Server) -> None:
        self.servers.append(server)
        server.start(self.cwd)

    def wait_until_ready(self, server: Server, timeout: float, poll: float = 0.5) -> None:
        """Waits for `server.is_ready()`; fails fast if any server exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_running()
            if server.is_ready():
                return
            time.sleep(poll)
        raise ServerFailed(f"{server.name} was not ready after {timeout:.0f} s; last lines of {server.log_path}:\n"
                           f"{server.log_tail()}")

    def check_running(self) -> None:
        """Raises if any server has exited."""
        for server in self.servers:
            code = server.exit_code()
            if code is not None:
                raise ServerFailed(f"{server.name} stopped (exit code {code}); last lines of {server.log_path}:\n"
                                   f"{server.log_tail()}")

    def watch(self, say: Callable[[str], None], poll: float = 1.0) -> None:
        """Blocks for as long as the servers run, starting again any that stops; raises ServerFailed when one
        has stopped more than MAX_RESTARTS times within RESTART_WINDOW_SECONDS."""
        restarts: dict[str, list[float]] = {}
        while not self.stopping:
            for server in self.servers:
                code = server.exit_code()
                if code is None or self.stopping:
                    continue
                now = time.monotonic()
                recent = [at for at in restarts.get(server.name, []) if now - at < RESTART_WINDOW_SECONDS]
                if len(recent) >= MAX_RESTARTS:
                    raise ServerFailed(f"{server.name} stopped {len(recent) + 1} times in "
                                       f"{RESTART_WINDOW_SECONDS / 60:.0f} minutes (exit code {code}); last lines "
                                       f"of {server.log_path}:\n{server.log_tail()}")
                delay = RESTART_DELAYS_SECONDS[min(len(recent), len(RESTART_DELAYS_SECONDS) - 1)]
                say(f"{server.name} stopped (exit code {code}); starting it again in {delay} s "
                    f"(log in {server.log_path})")
                time.sleep(delay)
                if self.stopping:
                    return
                server.signal_group(signal.SIGKILL)  # anything it left behind in its group
                server.start(self.cwd, append_log=True)
                restarts[server.name] = [*recent, time.monotonic()]
            time.sleep(poll)

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """SIGTERM to every server's process group, then SIGKILL to whatever is left after `grace`."""
        self.stopping = True  # and none is started again
        for server in reversed(self.servers):
            server.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for server in self.servers:
            if server.process is None:
                continue
            try:
                server.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            server.signal_group(signal.SIGKILL)
            server.process.wait()


def raise_on_termination() -> None:
    """Turns SIGTERM (and SIGHUP) into KeyboardInterrupt, so one `finally` stops everything."""
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGHUP, handler)
