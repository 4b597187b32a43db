"""The safety layer reads negation, hypotheticals, stories and the past, on the project's own phrases
(content/safety.yml), for every route, and an emergency still wins when it is there."""
import pytest

from bot.safety.detector import default_detector


def found(text, speaker=None):
    detection = default_detector().assess(text, speaker).detection
    return detection.route if detection else None


@pytest.mark.parametrize("text", [
    # negated
    "no child is in danger, i just want to ask about myself",
    "the kids are not in danger, he moved out months ago",
    "i am not going to hurt myself, i just feel low",
    "i have never self harmed",
    "i dont want to report anyone, i just need advice",
    "nobody is in danger",
    # hypothetical
    "if a child was in danger who would i call",
    "hypothetically if someone wanted to report a neighbour what happens",
    # in a story
    "i saw a film where a man locked a girl in a room and it upset me",
    "there was a news story about a kidnapped child, anyway is the helpline free",
    # over
    "i self harmed as a teenager but i am fine now",
    "i was abused as a child, i am 40 now",
    "when i was little my uncle touched me, it stopped years ago",
])
def test_a_phrase_taken_back_by_its_words_is_not_an_emergency(text):
    assert found(text) is None


@pytest.mark.parametrize("text, route", [
    ("he is not letting her leave the house", "child_in_danger"),      # the "not" is the danger
    ("i am not safe right now", "child_in_danger"),
    ("i can not stop thinking about killing myself", "suicidal_thoughts"),  # "stop" breaks the negation
    ("i am not sure but i think he is going to hurt her", "child_in_danger"),
    ("if he comes back tonight he will kill her", "child_in_danger"),    # "if" governs another clause
    ("it started years ago and he still touches me", "child_disclosure"),  # the past is still going on
    ("when i was 12 it started and he still does stuff to me", "child_disclosure"),
    ("i saw a film about it and now i want to kill myself", "suicidal_thoughts"),  # the story ended
    ("i used to self harm and i started cutting again last night", "suicidal_thoughts"),
])
def test_an_emergency_still_wins(text, route):
    assert found(text) == route


@pytest.mark.parametrize("text", [
    "this is not an emergency, is the helpline free",
    "nothing bad has happened, i just want to know who to talk to",
    "i watched a documentary about grooming, what are the signs",
    "nobody is in danger, i just want to ask about the helpline",
    "no one has been hurt, i want to know what the law says",
])
def test_a_reassurance_rules_out_the_crisis_answers_for_the_classifier_too(text):
    assessment = default_detector().assess(text)
    assert assessment.detection is None
    assert {"child_in_danger", "suicidal_thoughts", "young_person_being_hurt"} <= assessment.ruled_out


def test_a_protective_question_about_private_parts_is_not_a_disclosure():
    assert found("how do i explain to my brother that nobody is allowed to touch his private parts") is None
    assert found("no one can touch your private parts, how do i teach that") is None
    assert found("he touched my private parts") == "child_disclosure"


def test_a_phrase_taken_back_rules_out_its_answer():
    assert "suicidal_thoughts" in default_detector().assess("i am not going to hurt myself").ruled_out


@pytest.mark.parametrize("text", [
    # over, with the present elsewhere in the message: "now" here is about the arrest, not the self-harm
    "i self harmed as a teenager but im fine now. my partner was arrested today and i want support for me",
    "years ago i tried to take my own life, im 46 now. my husband was arrested last month, what happens next",
    # exaggeration and everyday phrases
    "my mum literally said shes gonna kill me if i fail my mocks, anyway is this chat recorded",
    "my son screamed im gonna kill you when i took his xbox, how do i set parental controls",
    "the coach said the lads are in danger of getting too big for their boots",
    # a story or a character
    "one of my characters thinks about suicide after he is caught, would the helpline support him",
    # each form for every route: a child's disclosure negated, suicide hypothetical and in a story, a report
    # in a story
    "nobody has touched me, i am asking for my school project",
    "i am not being blackmailed, just asking what sextortion means",
    "if someone was suicidal who should they call",
    "i watched a film where a man kills himself after his arrest, is the helpline free",
    "in the book she wants to report him to the police, anyway is the helpline free",
])
def test_more_forms_taken_back(text):
    assert found(text) is None


def test_the_past_is_not_over_when_it_is_still_going_on_next_to_it():
    assert found("it started years ago and he still touches me") == "child_disclosure"


def test_a_young_persons_past_abuse_still_gets_the_childs_answer():
    text = "when i was 10 my cousin touched me, it stopped years ago"
    assert found(text, "young_person") == "child_disclosure"
    assert found(text, "adult") is None


def test_a_secret_kept_is_a_childs_disclosure_unless_an_adult_writes():
    text = "he made me promise not to tell anyone"
    assert found(text) == "child_disclosure"
    assert found(text, "young_person") == "child_disclosure"
    assert found(text, "adult") is None
    assert found("my uncle says its our secret", "family_friend") == "child_disclosure"  # a child writes so too


def test_a_confession_kept_is_the_family_and_friends_question_unless_a_young_person_writes():
    confession = "my brother told me hes been looking at indecent images and made me promise not to tell anyone"
    assert found(confession, "family_friend") is None
    assert found(confession) is None
    assert found(confession, "young_person") == "child_disclosure"
    # Not a confession of viewing: still a child's disclosure, whoever the message shows writing.
    assert found("he told me he likes watching me in the shower and not to tell", "family_friend") == "child_disclosure"
    assert found("my uncle showed me pictures and told me not to tell") == "child_disclosure"


def test_an_adult_telling_of_someone_elses_child_is_not_their_own_disclosure():
    assert found("I saw my neighbour touching my daughter last week, I want to report him", "adult") == "report"
    assert found("my husband showed me videos of young girls on his phone", "adult") is None
    assert found("he keeps touching my private parts") == "child_disclosure"
    assert found("he shows me videos and says not to tell", "young_person") == "child_disclosure"


def test_a_confession_kept_rules_out_the_childs_answer_from_the_classifier_too():
    # No disclosure phrase here: only the classifier could call it a child's own abuse, and may not.
    confession = "my cousin messaged me sayin he cant stop looking at that stuff and wants help before he gets caught"
    assessment = default_detector().assess(confession)
    assert assessment.detection is None and "young_person_being_hurt" in assessment.ruled_out
    assert "young_person_being_hurt" not in default_detector().assess(confession, "young_person").ruled_out


def test_a_hypothetical_told_as_one_and_an_idiom_are_not_emergencies():
    assert found("if my brother ever said he wanted to kill himself id know what to do, but he has been arrested") is None
    assert found("my brother said he wanted to kill himself") == "suicidal_thoughts"
    assert found("on my own with the kids this week, someone always screaming blue murder in my one quiet hour") is None


def test_a_disclosure_happening_now_is_a_child_in_danger():
    assert found("my stepdad keeps coming into my room at night and hes just come upstairs now") == "child_in_danger"
    assert found("he says if i dont send more pics by 10 tonight he posts them") == "child_in_danger"
    assert found("my stepdad keeps coming into my room at night") == "child_disclosure"


def test_a_suicide_phrase_wins_over_words_spread_over_the_message():
    # "son" + "room" + "tonight" is a child in danger only by a together group; the suicide phrase is plain.
    assert found("my son is 22, tonight he told me he has nothing to live for, he is in his room") == "suicidal_thoughts"


def test_a_story_in_one_sentence_does_not_take_back_the_next():
    assert found("i read a news story. i want to kill myself.") == "suicidal_thoughts"
    assert found("i read a news story about a man who killed himself, anyway is the helpline free") is None


@pytest.mark.parametrize("text, route", [
    # Once written as "a|b c d" (a two-word choice inside `|`), which matched almost nothing.
    ("send more by tonight or i post them", "child_in_danger"),
    ("i have until midnight to send 300 or they post them", "child_in_danger"),
    ("he wants me to video call him tonight and send videos", "child_in_danger"),
    ("look after mum for me, im done with all this", "suicidal_thoughts"),
    ("im on top of the car park", "suicidal_thoughts"),
    ("ive been saying goodbye to my family", "suicidal_thoughts"),
    ("he put his hand down my top", "child_disclosure"),
])
def test_phrases_with_several_words_to_choose_from(text, route):
    assert found(text) == route


@pytest.mark.parametrize("text", ["can i send them a message tonight", "ill post them the forms tonight"])
def test_an_everyday_send_or_post_is_not_a_threat(text):
    assert found(text) is None


@pytest.mark.parametrize("text, route", [
    ("lately i think the kindest thing for my family would be if i just wasnt here anymore", "suicidal_thoughts"),
    ("he keeps saying theres no point in him being around", "suicidal_thoughts"),
    ("if he wasnt around anymore i could relax", None),  # wishing someone gone is not a suicide risk
    ("my husband isnt here anymore, he moved out", None),
])
def test_not_being_here_is_a_suicide_risk_only_for_the_writer(text, route):
    assert found(text) == route


def test_a_bare_number_is_a_deadline_only_after_by_or_until():
    assert found("send more by 10 or i post them") == "child_in_danger"
    assert found("the man at 12 the close sends pictures to people") != "child_in_danger"
