"""The campaign page's files: building the stylesheet at set-up, and the list of what may be served.

Set-up installs the front-end packages (package.json, `npm ci`) and then runs `python -m bot build-web`,
which compiles bot/web/netsafe.scss with Sass and copies GOV.UK Frontend's "Exit this page" script into
build/web/. It rebuilds only when a source or a package changed, like training.

The server serves a fixed list of files by name (`served_files`), never a path taken from a request.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bot import settings
from bot.fingerprints import files_digest

STYLESHEET = "netsafe.css"
GOVUK_EXIT_SCRIPT = "govuk-exit-this-page.mjs"
GOVUK_EXIT_SOURCE = Path("govuk-frontend/dist/govuk/components/exit-this-page/exit-this-page.bundle.mjs")
STAMP = ".built-from"


def scripts(web_dir: Path = settings.WEB_DIR) -> list[Path]:
    """The project's own browser scripts (not their tests)."""
    return sorted(path for path in web_dir.rglob("*.mjs") if not path.name.endswith(".test.mjs"))


def _inputs_digest() -> str:
    """A hash of everything the built files are made from: our styles and the installed packages' lock."""
    inputs = [*sorted(settings.WEB_DIR.rglob("*.scss")), settings.PROJECT_ROOT / "package-lock.json"]
    return files_digest(inputs, settings.PROJECT_ROOT)


def is_built(out_dir: Path = settings.WEB_BUILD_DIR) -> bool:
    stamp = out_dir / STAMP
    return stamp.exists() and stamp.read_text() == _inputs_digest()


def build(out_dir: Path = settings.WEB_BUILD_DIR) -> None:
    """Compiles the stylesheet and copies GOV.UK Frontend's exit script; raises if Sass fails."""
    sass = settings.NODE_MODULES / ".bin" / "sass"
    if not sass.exists():
        raise RuntimeError(f"{sass} is missing: the front-end packages are not installed (run scripts/setup)")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [str(sass), f"--load-path={settings.NODE_MODULES}", f"--load-path={settings.WEB_DIR}", "--no-source-map",
         "--style=compressed", "--quiet-deps", str(settings.WEB_DIR / "netsafe.scss"), str(out_dir / STYLESHEET)],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Sass could not build the stylesheet:\n{result.stderr}")
    shutil.copyfile(settings.NODE_MODULES / GOVUK_EXIT_SOURCE, out_dir / GOVUK_EXIT_SCRIPT)
    (out_dir / STAMP).write_text(_inputs_digest())


def served_files(web_dir: Path = settings.WEB_DIR, out_dir: Path = settings.WEB_BUILD_DIR) -> dict[str, Path]:
    """Every file the page may load, by the name in its address (/campaign/assets/<name>).

    One flat folder of names, so that a script's `import './chat.mjs'` finds its neighbour wherever
    the two live in the source; two files with one name would be ambiguous, so that is an error.
    """
    files = [*scripts(web_dir), out_dir / STYLESHEET, out_dir / GOVUK_EXIT_SCRIPT]
    served: dict[str, Path] = {}
    for path in files:
        if path.name in served:
            raise ValueError(f"two browser files are both called {path.name}: {served[path.name]} and {path}")
        served[path.name] = path
    return served
