"""The local spaCy pipeline builds from installed packages and lemmatizes English."""
import spacy

from bot import settings, spacy_pipeline


def test_pipeline_path_comes_from_config():
    path = spacy_pipeline.pipeline_path()
    assert path.parent == settings.PROJECT_ROOT / "build" / "spacy"
    assert path.name.split("-")[-1].isdigit(), "the folder name must carry a version (Rasa fingerprints by path)"


def test_build_makes_a_lemmatizing_pipeline(tmp_path):
    path = tmp_path / "en_test-1"
    assert spacy_pipeline.ensure_built(path) is True
    assert spacy_pipeline.ensure_built(path) is False  # already there: nothing to do
    nlp = spacy.load(path)
    lemmas = [token.lemma_ for token in nlp("he was arrested for viewing images")]
    assert lemmas == ["he", "be", "arrest", "for", "view", "image"]
