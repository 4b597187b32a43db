"""The per-conversation rate limit: a person is never held back, a script is, and the table stays bounded."""
import pytest

from bot.safety.rate_limit import ConversationRateLimit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_a_burst_then_one_message_per_interval(clock):
    limit = ConversationRateLimit(burst=3, seconds_per_message=2.0, max_conversations=10, clock=clock)
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.seconds_until_allowed("a") == pytest.approx(2.0)
    clock.now += 1.0
    assert not limit.allow("a")
    clock.now += 1.0
    assert limit.allow("a") and not limit.allow("a")


def test_each_conversation_has_its_own_allowance(clock):
    limit = ConversationRateLimit(burst=1, seconds_per_message=60, max_conversations=10, clock=clock)
    assert limit.allow("a") and not limit.allow("a")
    assert limit.allow("b")  # another visitor is not held back by a flood elsewhere


def test_a_person_typing_and_clicking_is_never_held_back(clock):
    """Ten buttons clicked as fast as answers come (0.1 s each), then a message every 2 s for ten minutes."""
    limit = ConversationRateLimit(burst=10, seconds_per_message=1.0, max_conversations=10, clock=clock)
    for _ in range(10):
        assert limit.allow("person")
        clock.now += 0.1
    for _ in range(300):
        clock.now += 2.0
        assert limit.allow("person")


def test_a_script_flooding_one_conversation_gets_about_one_message_a_second(clock):
    limit = ConversationRateLimit(burst=10, seconds_per_message=1.0, max_conversations=10, clock=clock)
    allowed = 0
    for _ in range(6000):  # 100 a second for a minute
        allowed += limit.allow("script")
        clock.now += 0.01
    assert 10 + 59 <= allowed <= 10 + 61


def test_many_one_message_conversations_never_grow_the_table_past_its_bound(clock):
    limit = ConversationRateLimit(burst=2, seconds_per_message=1.0, max_conversations=100, clock=clock)
    for number in range(10_000):
        assert limit.allow(f"visitor-{number}")
    assert len(limit) == 100
    assert limit.allow("visitor-9999") and not limit.allow("visitor-9999")  # the newest are kept, with their count
    assert limit.allow("visitor-0")  # the oldest were forgotten: it starts afresh


def test_nonsense_limits_are_refused():
    with pytest.raises(ValueError):
        ConversationRateLimit(burst=0, seconds_per_message=1.0, max_conversations=10)
