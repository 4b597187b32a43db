"""Who is speaking (bot/speaker.py, content/speakers.yml): who a message shows its writer to be, stated
in the ways people state it, and nothing from what it does not show."""
import pytest

from bot.speaker import default_signs, entity


@pytest.mark.parametrize("text, age_group", [
    ("im 14 and scared", "young_person"),
    ("15f, can i ask something", "young_person"),
    ("16 m here", "young_person"),
    ("im in yr 9", "young_person"),
    ("i'm a 16 year old girl", "young_person"),
    ("im only 12 and someone is on the stairs", "young_person"),
    ("i am still at secondary school", None),
    ("I'm 35 and my wife doesn't know", "adult"),
    ("I'm 41", "adult"),
    ("hello. i am 19 year old student from china", "adult"),
    ("i am a 19 year old student", "adult"),
    ("been like this since uni", "adult"),
    ("me and my husband found it", "adult"),
    ("i have been like this in my twenties", "adult"),
    ("my son is 15 and we need advice", "adult"),              # the 15 is the son's
    ("my 14 yo daughter", "adult"),                            # a parent, not a 14 year old
    ("i am 40 minutes away", None),
    ("i was 15 when it started", None),                         # an age then, not now
])
def test_age(text, age_group):
    assert default_signs().read(text) == age_group


@pytest.mark.parametrize("text, speaker", [
    ("my mate told me he watches that stuff and wants to stop", "family_friend"),
    ("my son got arrested last week", "family_friend"),
    ("my boyfriend keeps saying he wants to die", "family_friend"),
    ("i found things on my husbands laptop", "family_friend"),
    ("i am a teacher and one of my pupils told me something", "professional"),
    ("as a social worker i need advice", "professional"),
    ("a dad on my caseload has told me he views images", "professional"),
    ("teacher here, any lesson stuff on body safety", "professional"),
    ("i am the welfare officer for the junior section", "professional"),
    ("a boy in my class keeps sending me stuff", None),              # a pupil writes this as often as a teacher
    ("i keep looking at things i shouldnt", None),
    ("im 35 and my mate told me he watches that stuff", "adult"),  # an age stated beats a role
    ("im 15 and my friend told me something", "young_person"),
])
def test_role(text, speaker):
    assert default_signs().read(text) == speaker


def test_the_entity_holds_a_value_and_none_of_the_visitors_words():
    assert entity("young_person", "im 14 and scared") == {
        "entity": "speaker", "value": "young_person", "start": 0, "end": 16, "extractor": "SpeakerExtractor"}


@pytest.mark.parametrize("text", ["my foster carers son comes in the bathroom when im in there",
                                  "my mums boyfriends son keeps touching me"])
def test_someone_elses_son_is_not_a_sign_of_an_adult_writing(text):
    # A child writes of a carer's or a parent's partner's son; reading them as an adult would take Childline away.
    assert default_signs().read(text) is None
