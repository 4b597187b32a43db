"""scripts/setup refuses, clearly, to build on a Python other than 3.10 (Rasa 3.6 runs on 3.8-3.10 only)."""
import shutil
import subprocess
from pathlib import Path

from bot import settings


def test_without_python_310_it_stops_and_says_what_to_install(tmp_path):
    # A copy of the script in an empty project, on a PATH whose only Python is the system 3.11.
    (tmp_path / "scripts").mkdir()
    shutil.copy(settings.PROJECT_ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "sha256sum", "cut", "cat", "dirname", "rm"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    python311 = shutil.which("python3.11") or "/usr/bin/python3.11"
    if Path(python311).exists():
        (bin_dir / "python3").symlink_to(python311)
    result = subprocess.run(["bash", str(tmp_path / "scripts" / "setup")], capture_output=True, text=True,
                            env={"PATH": str(bin_dir), "HOME": str(tmp_path)}, timeout=60)
    assert result.returncode == 1
    assert "needs Python 3.10" in result.stderr
    assert "pyenv install 3.10" in result.stderr
    assert not (tmp_path / ".venv").exists()
