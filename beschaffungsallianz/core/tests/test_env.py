import pytest
from django.core.exceptions import ImproperlyConfigured

from beschaffungsallianz.env import env, envbool, envcache, envint, envlist, envsecret, page_cache


@pytest.mark.parametrize("value", ["1", "true", "TRUE", " yes ", "on"])
def test_envbool_true_values(monkeypatch, value):
    monkeypatch.setenv("FLAG", value)
    assert envbool("FLAG") is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off", ""])
def test_envbool_false_values(monkeypatch, value):
    monkeypatch.setenv("FLAG", value)
    assert envbool("FLAG", True) is False


def test_envbool_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert envbool("FLAG", True) is True
    assert envbool("FLAG") is False


def test_envbool_rejects_other_values(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        envbool("FLAG")


def test_envint_parses_and_defaults(monkeypatch):
    monkeypatch.setenv("NUMBER", " 42 ")
    assert envint("NUMBER", 1) == 42
    monkeypatch.setenv("NUMBER", "")
    assert envint("NUMBER", 7) == 7
    monkeypatch.delenv("NUMBER")
    assert envint("NUMBER", 7) == 7


def test_envint_rejects_non_integers(monkeypatch):
    monkeypatch.setenv("NUMBER", "12abc")
    with pytest.raises(ImproperlyConfigured, match="NUMBER must be an integer"):
        envint("NUMBER", 1)


def test_envlist_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", "example.org, www.example.org,,")
    assert envlist("HOSTS") == ["example.org", "www.example.org"]
    monkeypatch.delenv("HOSTS")
    assert envlist("HOSTS", ["localhost"]) == ["localhost"]


def test_env_returns_raw_value_or_default(monkeypatch):
    monkeypatch.setenv("NAME", "Allianz")
    assert env("NAME") == "Allianz"
    monkeypatch.delenv("NAME")
    assert env("NAME", "x") == "x"


def test_envsecret_reads_value(monkeypatch):
    monkeypatch.delenv("TOKEN_FILE", raising=False)
    monkeypatch.setenv("TOKEN", "s3cret")
    assert envsecret("TOKEN") == "s3cret"


def test_envsecret_file_wins_and_is_stripped(monkeypatch, tmp_path):
    secret = tmp_path / "token"
    secret.write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("TOKEN", "from-env")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert envsecret("TOKEN") == "from-file"


def test_envsecret_unreadable_file_is_a_configuration_error(monkeypatch, tmp_path):
    monkeypatch.setenv("TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="TOKEN_FILE"):
        envsecret("TOKEN")


def test_envsecret_required_without_value_fails(monkeypatch):
    monkeypatch.delenv("TOKEN", raising=False)
    monkeypatch.delenv("TOKEN_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="TOKEN \\(or TOKEN_FILE\\) must be set"):
        envsecret("TOKEN", required=True)
    assert envsecret("TOKEN", "fallback") == "fallback"


# --- CACHE_URL ---


def test_envcache_redis_url_selects_the_redis_cache(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/2")
    monkeypatch.setenv("CACHE_KEY_PREFIX", "ba")
    assert envcache("CACHE_URL", "locmem://") == {
        "BACKEND": "beschaffungsallianz.core.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
        "KEY_PREFIX": "ba",
    }


def test_envcache_rediss_and_unix_sockets_are_redis_too(monkeypatch):
    for url in ("rediss://:secret@cache.example.org:6380/0", "unix:///run/redis/redis.sock?db=1"):
        monkeypatch.setenv("CACHE_URL", url)
        config = envcache("CACHE_URL", "locmem://")
        assert config["BACKEND"] == "beschaffungsallianz.core.redis_cache.RedisCache"
        assert config["LOCATION"] == url


def test_envcache_db_url_selects_the_database_cache_with_a_default_table(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.delenv("CACHE_KEY_PREFIX", raising=False)
    config = envcache("CACHE_URL", "db://")
    assert config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert config["LOCATION"] == "beschaffungsallianz_cache"
    assert config["OPTIONS"]["MAX_ENTRIES"] >= 10_000  # rate-limit counters must not be culled

    monkeypatch.setenv("CACHE_URL", "db://my_cache")
    assert envcache("CACHE_URL", "locmem://")["LOCATION"] == "my_cache"


def test_envcache_locmem_and_dummy(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "locmem://")
    assert envcache("CACHE_URL", "db://")["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    monkeypatch.setenv("CACHE_URL", "dummy://")
    assert (
        envcache("CACHE_URL", "db://")["BACKEND"] == "django.core.cache.backends.dummy.DummyCache"
    )


def test_envcache_rejects_unknown_schemes(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "memcached://127.0.0.1:11211")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must start with"):
        envcache("CACHE_URL", "db://")


def test_the_old_cache_in_database_setting_is_refused_with_its_replacement(monkeypatch):
    monkeypatch.setenv("CACHE_IN_DATABASE", "true")
    with pytest.raises(ImproperlyConfigured, match="CACHE_IN_DATABASE was replaced by CACHE_URL"):
        envcache("CACHE_URL", "locmem://")


def test_the_page_cache_has_a_table_memory_or_prefix_of_its_own():
    """Many cached pages must never cull the rate limits of the default cache."""
    database = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}
    redis_cache = {"BACKEND": "beschaffungsallianz.core.redis_cache.RedisCache", "LOCATION": "r"}

    assert page_cache(database)["LOCATION"] == "t_pages"
    assert page_cache(redis_cache) == {**redis_cache, "KEY_PREFIX": "pages"}
    assert page_cache({**redis_cache, "KEY_PREFIX": "site1"})["KEY_PREFIX"] == "site1pages"
