"""Sign-in config validation: credentials only ever by environment variable name."""
import pytest

from auditor.config import ConfigError
from auditor.login_config import validate_login

WHERE = "portals.yaml: portal 'A'"


@pytest.mark.parametrize("login", [
    {"url": "/login", "username_env": "PORTAL_USER", "password_env": "PORTAL_PASSWORD"},
    {"url": "/login", "username_env": "U", "password_env": "P", "username_selector": "#user",
     "password_selector": "#pass", "submit_selector": "button.go"},
    {"storage_state": "state.json"},
    {"steps": [{"goto": "/login"}, {"fill": {"label": "Username", "value_env": "U"}},
               {"fill": {"label": "Password", "value_env": "P"}}, {"click": {"role": "button", "name": "Log in"}}]},
])
def test_valid_logins(login):
    validate_login(WHERE, login)


@pytest.mark.parametrize("login, words", [
    ({"url": "/login", "username": "bob", "password": "hunter2"}, ["login.username", "environment variable"]),
    ({"url": "/login", "username_env": "U"}, ["login.password_env"]),
    ({"url": "/login", "username_env": "U", "password_env": "hunter2 with spaces"}, ["login.password_env", "name"]),
    ({"username_env": "U", "password_env": "P"}, ["login.url"]),
    ({"url": "/login", "username_env": "U", "password_env": "P", "storage_state": "s.json"}, ["exactly one"]),
    ({"url": "/login", "username_env": "U", "password_env": "P", "captcha": True}, ["login.captcha"]),
    ({"steps": [{"clik": "x"}]}, ["steps[0].clik"]),
    ({}, ["exactly one"]),
])
def test_bad_logins_name_the_portal_and_key(login, words):
    with pytest.raises(ConfigError) as err:
        validate_login(WHERE, login)
    for word in [WHERE, *words]:
        assert word in str(err.value)
    assert "hunter2" not in str(err.value)
