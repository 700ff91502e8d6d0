import pytest
from django.core.exceptions import ImproperlyConfigured

from beschaffungsallianz.env import env, envbool, envint, envlist, envsecret


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
