"""Builds the project's spaCy English pipeline from installed packages: nothing is downloaded.

spaCy's published pipelines (en_core_web_*) come from GitHub releases, which locked-down servers
cannot reach, so the project builds its own: spaCy's English tokenizer plus a lookup lemmatizer
whose tables come from the installed `spacy-lookups-data`. It has no vectors and no NER, so
features come from CountVectorsFeaturizer on lemmas and character n-grams (see config.yml).

config.yml's SpacyNLP `model:` is the only place that names the pipeline's folder. Rasa
fingerprints the pipeline by that path alone, so the folder name carries a version: change what
`build` makes, and bump the version there.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.settings import CONFIG_PATH, PROJECT_ROOT


def pipeline_path(config_path: Path = CONFIG_PATH) -> Path:
    """The folder config.yml's SpacyNLP component loads its pipeline from."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for component in config.get("pipeline", []):
        if component.get("name") == "SpacyNLP" and component.get("model"):
            return PROJECT_ROOT / component["model"]
    raise ValueError(f"{config_path} has no SpacyNLP component with a `model:` path")


def build(path: Path) -> None:
    """Builds and saves the pipeline: English tokenizer and lookup lemmatizer (about 1 MB)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = path.name.split("-")[0]
    nlp.meta["description"] = "NetSafe: blank English tokenizer with lookup lemmatizer"
    path.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)


def ensure_built(path: Path | None = None) -> bool:
    """Builds the pipeline unless it is already there; says whether it built one."""
    path = path or pipeline_path()
    if (path / "meta.json").exists():
        return False
    build(path)
    return True
