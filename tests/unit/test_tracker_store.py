"""The tracker store wrapper, on Rasa's real in-memory and SQL (SQLite) stores: no visitor's words are stored,
only what the assistant understood; idle conversations are deleted, and no store it cannot expire is accepted."""
from __future__ import annotations

import asyncio
import sqlite3
import time

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.safety.endpoints_check import check_endpoints
from bot.safety.tracker_store import RedactingTrackerStore

# Details no pattern finds (a lower-case surname, a street with no number, a username without @) beside ones it does.
SECRET_TEXT = ("his name is dave smithson, he lives on heol y frenhines near Ysgol Gymraeg, snap is dsmith_x, "
               "07700 900123, dave@example.com, 14 Elm Road ZZ1 1ZZ, www.example.net/x")
SECRETS = ["dave", "smithson", "frenhines", "Ysgol", "dsmith_x", "07700", "example.com", "Elm Road", "ZZ1 1ZZ",
           "example.net", "lives on"]


def conversation(sender: str = "visitor", minutes_ago: float = 0, text: str = SECRET_TEXT) -> DialogueStateTracker:
    """A conversation whose only message hands over details, in the text, the parse data, an entity, a slot and
    metadata; and who is writing, as SpeakerExtractor found it."""
    at = time.time() - minutes_ago * 60
    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(ActionExecuted("action_listen", timestamp=at))
    speaker = {"entity": "speaker", "value": "family_friend", "start": 0, "end": len(text),
               "extractor": "SpeakerExtractor"}
    tracker.update(UserUttered(text, intent={"name": "report_something", "confidence": 0.9},
                               entities=[{"entity": "person", "value": "dave", "start": 12, "end": 16}, speaker],
                               parse_data={"text": text, "intent": {"name": "report_something", "confidence": 0.9},
                                           "intent_ranking": [{"name": "report_something", "confidence": 0.9}],
                                           "entities": [{"entity": "person", "value": text[:30]}, speaker],
                                           "safety": {"route": "report", "classifier_intent": "greet"}},
                               metadata={"note": text}, timestamp=at))
    tracker.update(SlotSet("anything", text, timestamp=at))
    return tracker


def run(coroutine):
    return asyncio.run(coroutine)


def test_nothing_typed_is_stored_in_memory():
    store = RedactingTrackerStore(domain=Domain.empty())
    run(store.save(conversation()))
    assert isinstance(store.inner, InMemoryTrackerStore)
    stored = store.inner.store["visitor"]
    assert [secret for secret in SECRETS if secret.lower() in stored.lower()] == []


def test_nothing_typed_is_stored_in_sql(tmp_path):
    database = tmp_path / "conversations.db"
    store = RedactingTrackerStore(domain=Domain.empty(), store={"type": "sql", "dialect": "sqlite", "db": str(database)})
    assert isinstance(store.inner, SQLTrackerStore)
    run(store.save(conversation()))
    raw = database.read_bytes().decode("latin-1")
    assert "report_something" in raw  # the store was written
    assert [secret for secret in SECRETS if secret.lower() in raw.lower()] == []


def test_what_was_understood_is_kept_for_the_rules_and_for_testers():
    store = RedactingTrackerStore(domain=Domain.empty())
    run(store.save(conversation()))
    message = run(store.retrieve("visitor")).latest_message
    assert message.text is None and message.metadata == {}
    assert message.intent == {"name": "report_something", "confidence": 0.9}
    assert [(entity["entity"], entity["value"]) for entity in message.entities] == [("speaker", "family_friend")]
    assert message.parse_data["safety"] == {"route": "report", "classifier_intent": "greet"}
    assert "intent_ranking" not in message.parse_data


def test_a_slot_keeps_only_a_value_nobody_typed():
    domain = Domain.from_dict({"slots": {"speaker": {"type": "categorical", "values": ["adult"], "mappings": []},
                                         "anything": {"type": "text", "mappings": []}}})
    tracker = conversation()
    tracker.update(SlotSet("speaker", "adult"))
    store = RedactingTrackerStore(domain=domain)
    run(store.save(tracker))
    retrieved = run(store.retrieve("visitor"))
    assert retrieved.get_slot("speaker") == "adult" and retrieved.get_slot("anything") is None


def test_the_live_conversation_is_not_changed_by_saving():
    store, tracker = RedactingTrackerStore(domain=Domain.empty()), conversation()
    run(store.save(tracker))
    assert tracker.latest_message.text == SECRET_TEXT  # the reply being made still reads what was typed


def test_an_idle_conversation_is_forgotten_in_memory():
    store = RedactingTrackerStore(domain=Domain.empty(), expire_after_minutes=30)
    tracker = conversation()
    run(store.save(tracker))
    store.clock = lambda: tracker.events[-1].timestamp + 29 * 60
    assert run(store.retrieve("visitor")) is not None
    store.clock = lambda: tracker.events[-1].timestamp + 31 * 60
    assert run(store.retrieve("visitor")) is None
    assert "visitor" not in store.inner.store


def test_idle_conversations_are_swept_without_being_asked_for(tmp_path):
    database = tmp_path / "conversations.db"
    store = RedactingTrackerStore(domain=Domain.empty(), store={"type": "sql", "dialect": "sqlite", "db": str(database)})
    run(store.save(conversation("old-visitor", minutes_ago=31)))
    run(store.save(conversation("new-visitor")))
    run(store.sweep())
    senders = {row[0] for row in sqlite3.connect(database).execute("select distinct sender_id from events")}
    assert senders == {"new-visitor"}


def test_in_memory_sweeping_deletes_only_idle_conversations():
    store = RedactingTrackerStore(domain=Domain.empty())
    run(store.save(conversation("old-visitor")))
    store.clock = lambda: store._last_active["old-visitor"] + 31 * 60
    store._last_active["new-visitor"] = store.clock()
    store.inner.store["new-visitor"] = "{}"
    run(store.sweep())
    assert set(store.inner.store) == {"new-visitor"}


def test_sweeping_runs_by_itself_once_the_store_is_used():
    async def save_then_wait(store):
        await store.save(conversation("visitor"))
        store.clock = lambda: time.time() + 31 * 60  # half an hour on, before the sweeper first runs
        await asyncio.sleep(0.01)  # the sweeper's first pass runs as soon as it starts
        return set(store.inner.store)

    assert run(save_then_wait(RedactingTrackerStore(domain=Domain.empty()))) == set()


def test_a_redis_store_keeps_only_redacted_conversations_and_lets_redis_expire_them(redis_port):
    """Against a real redis-server: what Redis holds is redacted, expires after 30 minutes, and can be forgotten."""
    import redis

    store = RedactingTrackerStore(domain=Domain.empty(), expire_after_minutes=30,
                                  store={"type": "redis", "url": "127.0.0.1", "port": redis_port, "key_prefix": "t"})
    run(store.save(conversation("redis-visitor")))
    client = redis.Redis(host="127.0.0.1", port=redis_port)
    key = next(iter(client.scan_iter("t*redis-visitor")))
    stored = client.get(key).decode()
    assert "redis-visitor" in stored and [secret for secret in SECRETS if secret.lower() in stored.lower()] == []
    assert 29 * 60 < client.ttl(key) <= 30 * 60  # Redis deletes the conversation itself
    assert run(store.retrieve("redis-visitor")) is not None
    run(store.forget("redis-visitor"))
    assert client.get(key) is None and run(store.retrieve("redis-visitor")) is None


@pytest.mark.parametrize("store_type", ["mongod", "dynamo", "bot.safety.tracker_store.RedactingTrackerStore"])
def test_a_store_that_cannot_be_expired_is_refused(store_type):
    with pytest.raises(ValueError, match="not supported"):
        RedactingTrackerStore(domain=Domain.empty(), store={"type": store_type})


def test_the_expiry_must_be_positive():
    with pytest.raises(ValueError, match="more than 0"):
        RedactingTrackerStore(domain=Domain.empty(), expire_after_minutes=0)


def test_the_projects_endpoints_put_every_conversation_behind_the_wrapper():
    from bot import settings

    check_endpoints(settings.PROJECT_ROOT / "endpoints.yml")


@pytest.mark.parametrize("tracker_store", ["", "tracker_store:\n  type: redis\n", "tracker_store:\n  type: sql\n"])
def test_endpoints_without_the_wrapper_are_refused(tmp_path, tracker_store):
    path = tmp_path / "endpoints.yml"
    path.write_text("action_endpoint:\n  url: http://localhost:5055/webhook\n" + tracker_store)
    with pytest.raises(ValueError, match="must be bot.safety.tracker_store.RedactingTrackerStore"):
        check_endpoints(path)


def test_rasas_own_names_survive_redaction_of_the_assistants_words():
    # "users" in a link once turned the event type "user" into "[link]", and the message vanished.
    from rasa.shared.core.events import BotUttered

    tracker = DialogueStateTracker("visitor", slots=[])
    tracker.update(UserUttered("hello", intent={"name": "greet"}))
    tracker.update(BotUttered("see example.net/users/action_listen", metadata={"utter_action": "utter_greet"}))
    store = RedactingTrackerStore(domain=Domain.empty())
    run(store.save(tracker))
    retrieved = run(store.retrieve("visitor"))
    assert retrieved.latest_message.intent["name"] == "greet"
    assert retrieved.latest_bot_utterance.text == "see [link]"
    assert retrieved.latest_bot_utterance.metadata == {"utter_action": "utter_greet"}


@pytest.mark.parametrize("kind", ["memory", "sql"])
def test_a_conversation_can_be_deleted_at_once(tmp_path, kind):
    """The page asks for this when a visitor exits or starts again: gone now, not after 30 minutes."""
    store_config = {} if kind == "memory" else {"store": {"type": "sql", "dialect": "sqlite",
                                                          "db": str(tmp_path / "t.db")}}
    store = RedactingTrackerStore(domain=Domain.empty(), **store_config)

    async def save_two_forget_one():
        await store.save(conversation("leaving"))
        await store.save(conversation("staying"))
        await store.forget("leaving")
        return await store.retrieve("leaving"), await store.retrieve("staying")

    gone, kept = run(save_two_forget_one())
    assert gone is None and kept is not None


def test_the_wrapper_is_found_inside_rasas_fail_safe_store():
    from rasa.core.tracker_store import FailSafeTrackerStore

    from bot.safety.tracker_store import redacting_store

    store = RedactingTrackerStore(domain=Domain.empty())
    assert redacting_store(FailSafeTrackerStore(store)) is store
    assert redacting_store(store) is store
    assert redacting_store(FailSafeTrackerStore(InMemoryTrackerStore(Domain.empty()))) is None


def test_while_redis_is_down_conversations_stay_redacted_in_memory_and_go_back_to_redis_when_it_returns():
    """Rasa's own fail-safe would keep the unredacted tracker, unexpired: the wrapper never lets it see a failure."""
    import redis

    from bot.servers import free_port
    from tests.conftest import start_redis

    port = free_port()  # nothing listens here yet: Redis is down
    store = RedactingTrackerStore(domain=Domain.empty(), store={"type": "redis", "url": "127.0.0.1", "port": port})
    run(store.save(conversation("during-outage")))  # no error reaches Rasa
    kept = str(store.fallback.store["during-outage"])  # the serialised conversation, as memory holds it
    assert [secret for secret in SECRETS if secret.lower() in kept.lower()] == []
    assert run(store.retrieve("during-outage")) is not None
    server = start_redis(port)  # Redis is back
    try:
        run(store.save(conversation("during-outage")))  # Redis is back: the conversation goes there
        assert "during-outage" not in store.fallback.store and not store.store_down
        assert redis.Redis(port=port).exists(b"tracker:during-outage")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_many_one_message_conversations_never_hold_more_than_max_conversations(caplog):
    """A script opening thousands of conversations: memory holds the most recent `max_conversations`, the
    least recently active are forgotten first, and the log says so once."""
    store = RedactingTrackerStore(domain=Domain.empty(), max_conversations=100)

    async def flood() -> None:
        await store.save(conversation("regular"))
        for number in range(1_000):
            await store.save(conversation(f"script-{number}"))
            if number % 50 == 0:
                await store.save(conversation("regular"))  # a real visitor, still talking

    with caplog.at_level("WARNING", logger="bot.safety.tracker_store"):
        run(flood())
    assert len(store.inner.store) == 100 and len(store._last_active) == 100
    assert run(store.retrieve("regular")) is not None  # recently active: kept
    assert run(store.retrieve("script-999")) is not None and run(store.retrieve("script-0")) is None
    assert [r.levelname for r in caplog.records if r.name == "bot.safety.tracker_store"] == ["WARNING"]


def test_max_conversations_must_leave_room_for_one():
    with pytest.raises(ValueError):
        RedactingTrackerStore(domain=Domain.empty(), max_conversations=0)
