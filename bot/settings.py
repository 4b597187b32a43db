"""Paths, ports and process environment shared by the command line, the servers and the tests.

Kept in one module so that `make run`, `make test` and the tests agree on where the model lives,
which ports are used and how quiet Rasa and TensorFlow are.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_ROOT / "models"
MODEL_PATH = MODELS_DIR / "netsafe.tar.gz"
FINGERPRINT_PATH = MODELS_DIR / "netsafe.fingerprint"
TRAIN_LOG = MODELS_DIR / "train.log"
LOGS_DIR = PROJECT_ROOT / "logs"
# What evaluations and benchmarks measured: results/<kind>/ (heldout, safety, conversations, bench, report).
RESULTS_DIR = PROJECT_ROOT / "results"
CONFIG_PATH = PROJECT_ROOT / "config.yml"
DOMAIN_PATH = PROJECT_ROOT / "domain.yml"
SENTENCE_MODEL_PIN = PROJECT_ROOT / "requirements-model.txt"  # which pretrained sentence model is installed
DATA_DIR = PROJECT_ROOT / "data"
SERVICES_PATH = PROJECT_ROOT / "content" / "services.yml"
SAFETY_PATH = PROJECT_ROOT / "content" / "safety.yml"
SPEAKERS_PATH = PROJECT_ROOT / "content" / "speakers.yml"
CAMPAIGN_PATH = PROJECT_ROOT / "content" / "campaign.yml"
# One profile per region that runs the campaign; CAMPAIGN_PROFILE names the one to use.
PROFILES_DIR = PROJECT_ROOT / "content" / "profiles"
DEFAULT_PROFILE = "all-regions"
# The campaign page's source (bot/web/) and what set-up builds from it (stylesheet, GOV.UK Frontend script).
WEB_DIR = PROJECT_ROOT / "bot" / "web"
WEB_BUILD_DIR = PROJECT_ROOT / "build" / "web"
NODE_MODULES = PROJECT_ROOT / "node_modules"
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"

# The longest message the assistant reads; the safety detector still reads all of a longer one.
MAX_MESSAGE_CHARS = 3000

# How fast one conversation may send (bot/safety/rate_limit.py): a burst of 10, then one a second. Each Rasa
# worker keeps its own table of the 100,000 conversations it heard from last (about 30 MB at most).
RATE_LIMIT_BURST = 10
RATE_LIMIT_SECONDS_PER_MESSAGE = 1.0
RATE_LIMIT_CONVERSATIONS = 100_000
# The largest request the Rasa server reads (64 KiB: about 10,000 words); a bigger one gets a JSON 413 before
# anything reads it. Without it Sanic reads up to 100 MB, and a message over 1,000,000 characters made
# spaCy fail. The action server keeps Sanic's default: Rasa sends it whole conversations.
MAX_REQUEST_BYTES = 64 * 1024

DEFAULT_BOT_PORT = 5005
DEFAULT_ACTIONS_PORT = 5055

# The environment of every Rasa process the project starts: start-up noise and phoning home off,
# and training made repeatable.
RASA_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "RASA_TELEMETRY_ENABLED": "false",
    "PYTHONWARNINGS": "ignore",
    "LOG_LEVEL_LIBRARIES": "ERROR",
    # Sanic (Rasa's web server): errors as JSON, never an HTML page; no access log (it holds client addresses).
    "SANIC_FALLBACK_ERROR_FORMAT": "json",
    "SANIC_ACCESS_LOG": "False",
    # The same data and config give the same model: without these, TensorFlow's threads and Python's
    # hash order made two trainings of one config disagree on borderline messages.
    "TF_DETERMINISTIC_OPS": "1",
    "PYTHONHASHSEED": "0",
}

# Added for the servers only (training keeps TensorFlow's threads): one reply at a time runs faster on one
# thread per process, and scaling out uses more processes, not more threads (measured by `make bench`).
SERVER_ENV = {
    "TF_INTRA_OP_PARALLELISM_THREADS": "1",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
}
RASA_SERVER_ENV = {"SANIC_REQUEST_MAX_SIZE": str(MAX_REQUEST_BYTES)}


def apply_rasa_env() -> None:
    """Applies RASA_ENV to this process; call before anything imports TensorFlow (spaCy and Rasa do)."""
    for name, value in RASA_ENV.items():
        os.environ.setdefault(name, value)


def port_from_env(name: str, default: int) -> int:
    """Reads a port from the environment, refusing anything that is not a usable TCP port."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"{name} must be a TCP port number (1-65535), not {raw!r}")
    return int(raw)


def bot_port() -> int:
    return port_from_env("BOT_PORT", DEFAULT_BOT_PORT)


def actions_port() -> int:
    return port_from_env("ACTIONS_PORT", DEFAULT_ACTIONS_PORT)


def rasa_env(actions_port_number: int | None = None) -> dict[str, str]:
    """The environment for any Rasa command: RASA_ENV, and ACTIONS_PORT set for endpoints.yml."""
    env = dict(os.environ)
    env.update(RASA_ENV)
    env["ACTIONS_PORT"] = str(actions_port_number or actions_port())
    return env


def path_from_env(name: str, default: Path) -> Path:
    """A path from the environment (tests point servers elsewhere this way), or `default`."""
    raw = os.environ.get(name, "").strip()
    return Path(raw) if raw else default


def endpoints_path(scaled: bool = False) -> Path:
    """The endpoints file the Rasa server starts with: BOT_ENDPOINTS, else endpoints.yml (or, scaled out,
    endpoints.scaled.yml, which keeps conversations and locks in Redis)."""
    default = "endpoints.scaled.yml" if scaled else "endpoints.yml"
    return path_from_env("BOT_ENDPOINTS", PROJECT_ROOT / default)


DEFAULT_REDIS_PORT = 6389  # not Redis's usual 6379, so a Redis already on the machine is never touched


def workers() -> int:
    """How many Rasa workers (and action server workers) `make run-scaled` starts: BOT_WORKERS, default 2."""
    raw = os.environ.get("BOT_WORKERS", "").strip() or "2"
    if not raw.isdigit() or not 1 <= int(raw) <= 16:
        raise ValueError(f"BOT_WORKERS must be a number of workers from 1 to 16, not {raw!r}")
    return int(raw)


def redis_address() -> tuple[str, int, bool]:
    """(host, port, whether `make run-scaled` starts its own redis-server): REDIS_HOST names another Redis."""
    host = os.environ.get("REDIS_HOST", "").strip()
    return host or "localhost", port_from_env("REDIS_PORT", DEFAULT_REDIS_PORT), not host


def logs_dir() -> Path:
    """Where the servers write their logs: BOT_LOGS_DIR, else logs/."""
    return path_from_env("BOT_LOGS_DIR", LOGS_DIR)


_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")


def campaign_origins() -> list[str]:
    """The other websites allowed to embed the chat (CAMPAIGN_ORIGINS, space- or comma-separated).

    Each must be an exact origin such as https://www.force.police.uk. "*" is refused: it would let any
    site drive conversations in a visitor's name.
    """
    origins = [origin for origin in re.split(r"[\s,]+", os.environ.get("CAMPAIGN_ORIGINS", "")) if origin]
    for origin in origins:
        if not _ORIGIN.match(origin):
            raise ValueError(f"CAMPAIGN_ORIGINS: {origin!r} is not an origin like https://www.example.police.uk "
                             "(scheme and host, optional port, no path; * is not allowed)")
    return origins


def campaign_profile() -> str:
    """The campaign profile to use (CAMPAIGN_PROFILE, default all-regions): a file in content/profiles/.

    An unknown name is an error rather than a quiet fallback, so a region never shows another's forces.
    """
    name = os.environ.get("CAMPAIGN_PROFILE", "").strip() or DEFAULT_PROFILE
    known = sorted(path.stem for path in PROFILES_DIR.glob("*.yml"))
    if name not in known:
        raise ValueError(f"CAMPAIGN_PROFILE: there is no profile {name!r} in content/profiles/ "
                         f"(there are: {', '.join(known)})")
    return name


def rasa_command() -> list[str]:
    """How the project runs a Rasa command: in its virtual environment, with log scrubbing from the start."""
    return [venv_command("python"), "-m", "bot.rasa_process"]


def venv_command(name: str) -> str:
    """The path of a console script in the project's virtual environment."""
    return str(VENV_BIN / name)
