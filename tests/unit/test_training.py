"""The model is retrained when, and only when, what it is trained from changes."""
import os
import shutil

import pytest

from bot import settings, training


@pytest.fixture
def project_copy(tmp_path):
    for name in ("config.yml", "domain.yml", "requirements-model.txt"):
        shutil.copy(settings.PROJECT_ROOT / name, tmp_path / name)
    shutil.copytree(settings.DATA_DIR, tmp_path / "data")
    return tmp_path


def test_fingerprint_is_stable(project_copy):
    assert training.fingerprint(project_copy) == training.fingerprint(project_copy)


def test_touching_a_file_does_not_retrain(project_copy):
    before = training.fingerprint(project_copy)
    os.utime(project_copy / "domain.yml", (0, 0))
    assert training.fingerprint(project_copy) == before


@pytest.mark.parametrize("path", ["domain.yml", "config.yml", "data/nlu/chitchat.yml"])
def test_a_change_retrains(project_copy, path):
    before = training.fingerprint(project_copy)
    with (project_copy / path).open("a") as handle:
        handle.write("\n# a change\n")
    assert training.fingerprint(project_copy) != before


def test_a_new_data_file_retrains(project_copy):
    before = training.fingerprint(project_copy)
    (project_copy / "data" / "stories" / "extra.yml").write_text('version: "3.1"\n')
    assert training.fingerprint(project_copy) != before


def test_fingerprint_matches_the_project_copy(project_copy):
    assert training.fingerprint(project_copy) == training.fingerprint()


def test_another_sentence_model_retrains(project_copy):
    before = training.fingerprint(project_copy)
    pin = project_copy / "requirements-model.txt"
    pin.write_text(pin.read_text().replace("0.1.0", "0.2.0"))
    assert training.fingerprint(project_copy) != before
