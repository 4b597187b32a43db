"""Trains the Rasa model only when what it is trained from has changed.

The fingerprint is a hash of the *contents* of config.yml, domain.yml, everything under data/,
requirements-model.txt (which pretrained sentence model's file the classifier reads) and the spaCy
pipeline's folder name, so a fresh clone, a `git checkout` or a touched file does not
retrain for nothing, and any real change does. Rasa's own cache (.rasa/cache) then makes a retrain
after a wording-only change quick.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from bot.settings import (CONFIG_PATH, DATA_DIR, DOMAIN_PATH, FINGERPRINT_PATH, MODEL_PATH, PROJECT_ROOT,
                          SENTENCE_MODEL_PIN, TRAIN_LOG, rasa_env, venv_command)
from bot.fingerprints import files_digest
from bot.spacy_pipeline import pipeline_path


def training_inputs(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every file the model is trained from, in a stable order."""
    data_dir = root / DATA_DIR.name
    data_files = sorted(p for p in data_dir.rglob("*") if p.is_file() and p.suffix in {".yml", ".yaml"})
    return [root / CONFIG_PATH.name, root / DOMAIN_PATH.name, root / SENTENCE_MODEL_PIN.name, *data_files]


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A hash of the training inputs' paths and contents, and of the spaCy pipeline's name."""
    return files_digest(training_inputs(root), root, extra=pipeline_path(root / CONFIG_PATH.name).name.encode())


def model_is_current() -> bool:
    """True when the saved model was trained from exactly the inputs there are now."""
    if not MODEL_PATH.exists() or not FINGERPRINT_PATH.exists():
        return False
    return FINGERPRINT_PATH.read_text().strip() == fingerprint()


def train() -> None:
    """Runs `rasa train` into models/netsafe.tar.gz; its chatter goes to models/train.log."""
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    wanted = fingerprint()
    command = [venv_command("rasa"), "train", "--fixed-model-name", MODEL_PATH.name.removesuffix(".tar.gz"),
               "--out", str(MODEL_PATH.parent), "--config", str(CONFIG_PATH), "--domain", str(DOMAIN_PATH),
               "--data", str(DATA_DIR)]
    with TRAIN_LOG.open("w") as log:
        result = subprocess.run(command, cwd=PROJECT_ROOT, env=rasa_env(), stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise RuntimeError(f"rasa train failed (exit {result.returncode}); see {TRAIN_LOG}")
    FINGERPRINT_PATH.write_text(wanted + "\n")


def ensure_model() -> None:
    """Trains if the inputs changed since the last model; otherwise reuses it."""
    if not model_is_current():
        train()
