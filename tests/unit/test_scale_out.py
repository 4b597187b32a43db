"""The redis-server `make run-scaled` starts for itself: nothing on disk, and bounded memory."""
import redis


def test_our_redis_keeps_nothing_on_disk_and_drops_old_conversations_when_full(redis_port):
    config = redis.Redis(port=redis_port).config_get("*")
    assert config["save"] == "" and config["appendonly"] == "no"
    assert int(config["maxmemory"]) == 512 * 1024 * 1024 and config["maxmemory-policy"] == "volatile-ttl"
