"""The project's command line, behind the Makefile: `python -m bot build-spacy|build-web|train|run|report|rasa ...`.

Each step prints one line that says what it is doing, so `make run` reads as a short story:
setting up, training or reusing the model, starting, ready.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable, Optional, Sequence

from bot import profiles, settings, spacy_pipeline, training
from bot.web import assets
from bot.safety.endpoints_check import check_endpoints
from bot.scale_out import ScaleOut
from bot.servers import Server, ServerFailed, Supervisor, raise_on_termination, tail

READY_TIMEOUT_SECONDS = 300
READINESS_SENDER = "readiness-check"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def build_web(_: argparse.Namespace) -> int:
    if assets.is_built():
        say("Setting up: campaign page stylesheet already built")
        return 0
    try:
        assets.build()
    except RuntimeError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    say(f"Setting up: built the campaign page's stylesheet in {_relative(settings.WEB_BUILD_DIR)}")
    return 0


def check(_: argparse.Namespace) -> int:
    """The content checker: every finding with its file, line and fix; exit 1 if there are any."""
    from bot.content_check.located import UnreadableContent
    from bot.content_check.project import load_project
    from bot.content_check.rules import check as check_content

    try:
        project = load_project()
    except UnreadableContent as error:
        print(error.finding.describe(settings.PROJECT_ROOT))
        print("ERROR: the content checker could not read a file; fix it first", file=sys.stderr)
        return 1
    findings = check_content(project)
    for finding in findings:
        print(finding.describe(project.root))
    if findings:
        print(f"ERROR: the content checker found {len(findings)} problem(s); each says how to fix it", file=sys.stderr)
        return 1
    say("Content checked: numbers, links, examples, next steps, reading age, wording, names, profiles and safety phrases are all fine")
    return 0


def build_spacy(_: argparse.Namespace) -> int:
    path = spacy_pipeline.pipeline_path()
    if spacy_pipeline.ensure_built(path):
        say(f"Setting up: built the spaCy pipeline in {path.relative_to(settings.PROJECT_ROOT)}")
    else:
        say("Setting up: spaCy pipeline already built")
    return 0


def train(_: argparse.Namespace) -> int:
    if training.model_is_current():
        say(f"Reusing the model: data, domain and config are unchanged ({_relative(settings.MODEL_PATH)})")
        return 0
    say(f"Training the model: data, domain or config changed (about 8 minutes on 2 cores; log in {_relative(settings.TRAIN_LOG)})")
    started = time.monotonic()
    try:
        training.train()
    except RuntimeError as error:
        print(f"ERROR: {error}\n{tail(settings.TRAIN_LOG, 30)}", file=sys.stderr)
        return 1
    say(f"Trained in {time.monotonic() - started:.0f} s: {_relative(settings.MODEL_PATH)}")
    return 0


def _relative(path: Path) -> str:
    """`path` as a newcomer would type it: relative to the project when it is inside it."""
    return str(path.relative_to(settings.PROJECT_ROOT)) if path.is_relative_to(settings.PROJECT_ROOT) else str(path)


def http_ok(url: str, payload: Optional[dict] = None, check: Callable[[object], bool] = lambda _: True) -> bool:
    """True when `url` answers 200 (to a GET, or a JSON POST of `payload`) with a body `check` accepts."""
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200 and check(json.loads(response.read() or b"null"))
    except (OSError, ValueError):
        return False


def replies(bot_port: int) -> Callable[[], bool]:
    """Ready means a real reply to a real message on the REST channel, not just an open port."""
    return lambda: http_ok(f"http://127.0.0.1:{bot_port}/webhooks/rest/webhook",
                           {"sender": READINESS_SENDER, "message": "hello"},
                           check=lambda body: isinstance(body, list) and len(body) > 0)


def rasa_server_argv(port: int, endpoints: Optional[Path] = None) -> list[str]:
    """`rasa run` with the checked REST channel on localhost; the HTTP API only with a token (BOT_API_TOKEN)."""
    argv = [*settings.rasa_command(), "run", "--model", str(settings.MODEL_PATH), "--port", str(port),
            "--interface", "127.0.0.1", "--credentials", "credentials.yml",
            "--endpoints", str(endpoints or settings.endpoints_path())]
    token = os.environ.get("BOT_API_TOKEN", "").strip()
    if token:
        argv += ["--enable-api", f"--auth-token={token}"]  # one argument: a token may start with "-"
    origins = settings.campaign_origins()
    if origins:
        argv += ["--cors", *origins]
    return argv


def servers(bot_port: int, actions_port: int, scale: Optional[ScaleOut] = None) -> tuple[Server, Server]:
    """The action server and the Rasa server, each with its readiness check; scaled out, each with several
    workers sharing Redis (endpoints.scaled.yml)."""
    env = {**settings.rasa_env(actions_port), **settings.SERVER_ENV, **(scale.env() if scale else {})}
    actions = Server(
        name="action server",
        argv=[*settings.rasa_command(), "run", "actions", "--port", str(actions_port), "--actions", "actions"],
        log_path=settings.logs_dir() / "actions.log",
        env={**env, "SANIC_HOST": "127.0.0.1"},  # rasa-sdk's only way to choose the interface
        is_ready=lambda: http_ok(f"http://127.0.0.1:{actions_port}/health"),
    )
    assistant = Server(
        name="Rasa server",
        argv=rasa_server_argv(bot_port, settings.endpoints_path(scaled=scale is not None)),
        log_path=settings.logs_dir() / "rasa.log",
        env={**env, **settings.RASA_SERVER_ENV},
        is_ready=replies(bot_port),
    )
    return actions, assistant


def run(args: argparse.Namespace) -> int:
    scaled = bool(getattr(args, "scaled", False))
    try:
        check_endpoints(settings.endpoints_path(scaled))
        scale = ScaleOut.from_environment() if scaled else None
        settings.campaign_origins()
        profile_name = settings.campaign_profile()
        region = profiles.default_profile()["profile.region"]
    except ValueError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    if train(args) != 0:
        return 1
    bot_port, actions_port = settings.bot_port(), settings.actions_port()
    supervisor = Supervisor(settings.PROJECT_ROOT)
    raise_on_termination()
    try:
        redis = scale.redis_server() if scale else None
        if redis:
            say(f"Starting redis-server on port {scale.redis_port} (in memory only; log in {_relative(redis.log_path)})")
            supervisor.start(redis)
            supervisor.wait_until_ready(redis, READY_TIMEOUT_SECONDS)
        if scale:
            say(f"Scaled out: {scale.workers} Rasa workers and {scale.workers} action server workers, sharing "
                f"Redis at {scale.redis_host}:{scale.redis_port}")
        actions, assistant = servers(bot_port, actions_port, scale)
        say(f"Starting the action server on port {actions_port} and the assistant on port {bot_port} "
            f"(logs in {_relative(settings.logs_dir())}/), for the campaign in {region} "
            f"(CAMPAIGN_PROFILE={profile_name})")
        started = time.monotonic()
        supervisor.start(actions)
        supervisor.start(assistant)
        supervisor.wait_until_ready(actions, READY_TIMEOUT_SECONDS)
        supervisor.wait_until_ready(assistant, READY_TIMEOUT_SECONDS)
        say(f"Ready in {time.monotonic() - started:.0f} s (start-up to first reply). The assistant answers at http://localhost:{bot_port}/webhooks/rest/webhook")
        print(f"Campaign page: http://localhost:{bot_port}/campaign/", flush=True)
        print(f"    Try: curl -s -XPOST localhost:{bot_port}/webhooks/rest/webhook "
              "-d '{\"sender\":\"me\",\"message\":\"hi\"}'\n"
              "    Or chat in the terminal: make shell\n"
              "    Stop with Ctrl-C.", flush=True)
        supervisor.watch(say)
    except ServerFailed as error:
        print(f"ERROR: {error}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        say("Stopping")
    finally:
        supervisor.stop()
    say("Stopped: both servers have exited")
    return 0


def bench(args: argparse.Namespace) -> int:
    """`make bench`: speed, memory, start-up and training, ours beside the starter; results in results/bench/."""
    from bot.bench.run import bench as run_bench

    report = run_bench(args)
    print(report.read_text(), flush=True)
    say(f"Results in {_relative(report)} (and the JSON beside it)")
    return 0


def bench_messages(_: argparse.Namespace) -> int:
    """`make bench-messages`: the safety check's and a whole reply's cost for long messages of unseen words."""
    from bot.bench.message_cost import main as measure

    say(f"Results in {_relative(measure())}")
    return 0


def rasa(args: argparse.Namespace) -> int:
    """Runs any `rasa` command with the project's quiet environment, ACTIONS_PORT set and logs scrubbed."""
    command = settings.rasa_command()
    os.execve(command[0], [*command, *args.rasa_args], settings.rasa_env())


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build-spacy", help="build the local spaCy pipeline if missing").set_defaults(func=build_spacy)
    commands.add_parser("build-web", help="build the campaign page's stylesheet if its sources changed").set_defaults(
        func=build_web)
    commands.add_parser("check", help="check the content (wording, contacts, examples) without training").set_defaults(
        func=check)
    commands.add_parser("train", help="train the model if data, domain or config changed").set_defaults(func=train)
    run_command = commands.add_parser("run", help="train if needed, start both servers, wait until ready")
    run_command.add_argument("--scaled", action="store_true",
                             help="BOT_WORKERS workers (default 2) of each server, sharing Redis (make run-scaled)")
    run_command.set_defaults(func=run)
    bench_command = commands.add_parser("bench", help="measure speed and memory beside Rasa's starter assistant")
    from bot.bench.run import add_arguments
    add_arguments(bench_command)
    bench_command.set_defaults(func=bench)
    commands.add_parser("bench-messages", help="what one long message of unseen words costs (make bench-messages)"
                        ).set_defaults(func=bench_messages)
    from bot import evaluation_report
    commands.add_parser("report", help="write results/report/index.html from the last evaluation run").set_defaults(
        func=evaluation_report.main)
    passthrough = commands.add_parser("rasa", help="run a rasa command with the project's environment")
    passthrough.add_argument("rasa_args", nargs=argparse.REMAINDER)
    passthrough.set_defaults(func=rasa)
    args = parser.parse_args(argv)
    return args.func(args)
