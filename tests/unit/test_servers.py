"""The supervisor leaves no process behind, with real child processes (and their children)."""
import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest

from bot.servers import Server, ServerFailed, Supervisor
from tests.conftest import wait_for

# A "server" that starts a grandchild and then sleeps: stopping must reach both.
PARENT_AND_CHILD = textwrap.dedent("""
    import subprocess, sys, time
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    print(child.pid, flush=True)
    time.sleep(600)
""")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


def sleeper(tmp_path, name, ready=lambda: True):
    return Server(name=name, argv=[sys.executable, "-c", PARENT_AND_CHILD], log_path=tmp_path / f"{name}.log",
                  is_ready=ready)


def grandchild_pid(server):
    assert wait_for(lambda: server.log_path.read_text().strip() != "")
    return int(server.log_path.read_text().split()[0])


def test_stop_ends_servers_and_their_children(tmp_path):
    supervisor = Supervisor(tmp_path)
    servers = [sleeper(tmp_path, "one"), sleeper(tmp_path, "two")]
    for server in servers:
        supervisor.start(server)
    pids = [s.process.pid for s in servers] + [grandchild_pid(s) for s in servers]
    assert all(alive(pid) for pid in pids)
    supervisor.stop(grace=5)
    assert wait_for(lambda: not any(alive(pid) for pid in pids))


def test_stop_reaches_children_whose_parent_already_exited(tmp_path):
    orphaning = Server(name="orphaning", log_path=tmp_path / "orphaning.log", is_ready=lambda: True, argv=[
        sys.executable, "-c",
        "import subprocess, sys; c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
        "print(c.pid, flush=True)"])
    supervisor = Supervisor(tmp_path)
    supervisor.start(orphaning)
    orphan = grandchild_pid(orphaning)
    assert wait_for(lambda: orphaning.exit_code() is not None) and alive(orphan)
    supervisor.stop(grace=5)
    assert wait_for(lambda: not alive(orphan))


def test_a_server_that_exits_is_reported_with_its_log(tmp_path):
    supervisor = Supervisor(tmp_path)
    broken = Server(name="broken", argv=[sys.executable, "-c", "print('port in use'); raise SystemExit(3)"],
                    log_path=tmp_path / "broken.log", is_ready=lambda: False)
    supervisor.start(broken)
    with pytest.raises(ServerFailed, match=r"(?s)broken stopped \(exit code 3\).*port in use"):
        supervisor.wait_until_ready(broken, timeout=30)
    supervisor.stop()


def test_not_ready_in_time_fails(tmp_path):
    supervisor = Supervisor(tmp_path)
    slow = sleeper(tmp_path, "slow", ready=lambda: False)
    supervisor.start(slow)
    try:
        with pytest.raises(ServerFailed, match="not ready after"):
            supervisor.wait_until_ready(slow, timeout=0.5, poll=0.1)
    finally:
        supervisor.stop(grace=5)


LAUNCHER = textwrap.dedent("""
    import sys, pathlib, signal
    from bot.servers import Server, Supervisor, raise_on_termination
    # Ctrl-C as at a terminal, even when the tests were started in the background (which ignores SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    tmp = pathlib.Path(sys.argv[1])
    supervisor = Supervisor(tmp)
    raise_on_termination()
    server = Server(name="s", argv=[sys.executable, "-c", "import time; time.sleep(600)"],
                    log_path=tmp / "s.log", is_ready=lambda: True)
    try:
        supervisor.start(server)
        print(server.process.pid, flush=True)
        supervisor.watch(print, poll=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        supervisor.stop(grace=5)
""")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["ctrl-c", "sigterm", "sigkill"])
def test_launcher_ending_by_any_signal_leaves_no_server(tmp_path, sig):
    """Ctrl-C and SIGTERM stop servers in order; even SIGKILL takes them down (PR_SET_PDEATHSIG)."""
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    child = int(launcher.stdout.readline())
    assert alive(child)
    os.kill(launcher.pid, sig)
    launcher.wait(timeout=15)
    assert wait_for(lambda: not alive(child))


def test_a_server_that_stops_is_started_again_and_its_log_kept(tmp_path):
    supervisor = Supervisor(tmp_path)
    server = Server(name="flaky", argv=[sys.executable, "-c", "print('started', flush=True); import time; time.sleep(600)"],
                    log_path=tmp_path / "flaky.log", is_ready=lambda: True)
    said: list[str] = []
    supervisor.start(server)
    first = server.process.pid
    assert wait_for(lambda: "started" in server.log_path.read_text())
    os.kill(first, signal.SIGKILL)  # a crash, or the out-of-memory killer
    watcher = threading.Thread(target=supervisor.watch, args=(said.append, 0.05), daemon=True)
    watcher.start()
    try:
        assert wait_for(lambda: server.process.pid != first and server.exit_code() is None, timeout=15)
        assert said and "flaky stopped (exit code -9); starting it again in 1 s" in said[0]
        assert wait_for(lambda: server.log_path.read_text().count("started") == 2)  # the first run's log is kept
    finally:
        supervisor.stop(grace=5)
    watcher.join(timeout=5)
    assert not watcher.is_alive() and server.exit_code() is not None  # stopping ends the watch: no restart


def test_a_server_that_keeps_stopping_stops_make_run_with_its_log(tmp_path, monkeypatch):
    import bot.servers as servers

    monkeypatch.setattr(servers, "RESTART_DELAYS_SECONDS", (0,))
    supervisor = Supervisor(tmp_path)
    supervisor.start(Server(name="broken", argv=[sys.executable, "-c", "print('bad config'); raise SystemExit(3)"],
                            log_path=tmp_path / "broken.log", is_ready=lambda: True))
    said: list[str] = []
    with pytest.raises(ServerFailed, match=r"broken stopped 6 times in 5 minutes \(exit code 3\)[\s\S]*bad config"):
        supervisor.watch(said.append, poll=0.01)
    assert len(said) == servers.MAX_RESTARTS
    supervisor.stop(grace=5)
