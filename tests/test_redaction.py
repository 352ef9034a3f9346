"""The run's secret set and the run directory's guards: pure logic and files, no browser."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import ConfigError, parse_config
from auditor.progress import Progress
from auditor.redaction import MASK, SECRETS, SecretSet, collect_secrets, env_names
from auditor.store import LOCK_FILE, locked_run_dir, write_json


def test_every_secret_is_masked_in_its_typed_encoded_and_escaped_forms():
    secrets = SecretSet()
    secrets.add_all(["s3cret pass&word", "bob@example.org", "", None, "abc"])   # "abc": too short to be one
    text = "fill s3cret pass&word for bob@example.org, s3cret%20pass%26word, s3cret+pass%26word, s3cret pass&amp;word"
    assert secrets.redact_text(text) == f"fill {MASK} for {MASK}, {MASK}, {MASK}, {MASK}"
    assert secrets.redact_text("abc") == "abc"


def test_a_secret_is_masked_before_its_copy_is_cut_or_tidied():
    secrets = SecretSet()
    secrets.add("Hunter2-Correct-Horse")
    echoed = "  The password   Hunter2-Correct-Horse is wrong " * 10
    assert "Hunter2" not in " ".join(secrets.redact_text(echoed).split())[:200]


def test_urls_lose_session_parameters_and_their_values_become_secrets():
    secrets = SecretSet()
    url = "https://p.example/notice/1;jsessionid=ABCDEF123?id=7&token=tok-9f8e7d6c&authority=council&Sid=zz99zz"
    assert secrets.redact_url(url) == "https://p.example/notice/1?id=7&authority=council"
    # a token seen once in a URL is masked wherever else it turns up
    assert secrets.redact_text("your session tok-9f8e7d6c, ABCDEF123") == f"your session {MASK}, {MASK}"


def test_a_query_value_equal_to_a_secret_is_dropped_whatever_its_name():
    secrets = SecretSet()
    secrets.add("alice.smith")
    assert secrets.redact_url("https://p.example/search?q=roads&u=alice.smith") == "https://p.example/search?q=roads"


def test_redact_reads_every_url_first_so_earlier_text_is_masked_too():
    secrets = SecretSet()
    data = {"text": "welcome, your token is tk-55aa66bb77", "links": [{"url": "https://p.example/a?token=tk-55aa66bb77"}],
            "n": 3, "ok": True, "none": None}
    assert secrets.redact(data) == {"text": f"welcome, your token is {MASK}", "links": [{"url": "https://p.example/a"}],
                                    "n": 3, "ok": True, "none": None}


def test_a_signed_in_sessions_cookie_and_storage_values_are_secrets():
    secrets = SecretSet()
    secrets.add_session({"cookies": [{"name": "sid", "value": "c00kie-value-1"}, {"name": "consent", "value": "true"}],
                         "origins": [{"origin": "https://p.example", "localStorage": [{"name": "jwt", "value": "eyJhbGci.x.y"}]}]})
    # a flag is not a session: masking "true" everywhere would garble every record
    assert secrets.redact_text("c00kie-value-1 eyJhbGci.x.y consent=true") == f"{MASK} {MASK} consent=true"


def test_env_names_cover_login_and_every_journey_fill(monkeypatch):
    [config] = parse_config({"portals": [{"name": "P", "url": "http://127.0.0.1/", "submit_forms": True,
                                          "login": {"steps": [{"fill": {"label": "Email", "value_env": "P_USER"}}]},
                                          "journeys": [{"name": "J", "steps": [
                                              {"fill": {"label": "Code", "value_env": "P_CODE"}}]}]}]},
                            Path("<tests>"))
    assert env_names(config) == ["P_USER", "P_CODE"]
    monkeypatch.setenv("P_USER", "ab")
    with pytest.raises(ConfigError, match="P_USER holds fewer than 4 characters"):
        collect_secrets([config])


def test_written_files_and_log_lines_carry_no_secret(tmp_path):
    SECRETS.add("Pw-7713-secret")
    write_json(tmp_path / "a.json", {"error": "the page says: Pw-7713-secret is wrong", "url": "http://h/?sid=ab12cd34"})
    assert json.loads((tmp_path / "a.json").read_text()) == {"error": f"the page says: {MASK} is wrong", "url": "http://h/"}

    class Stream(list):
        def write(self, text: str) -> None:
            self.append(text)

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return False

    stream = Stream()
    Progress(json_lines=True, stream=stream).event("error", message="sign-in failed: Pw-7713-secret; ab12cd34")
    assert "Pw-7713-secret" not in "".join(stream) and "ab12cd34" not in "".join(stream)


# -- the run directory ------------------------------------------------------------------------------------

def test_out_naming_a_file_or_a_users_folder_exits_2_and_touches_nothing(tmp_path, capsys):
    config = tmp_path / "portals.yaml"
    config.write_text(json.dumps({"portals": [{"name": "P", "url": "http://127.0.0.1:9/"}]}))
    assert main(["run", str(config), "--out", str(config)]) == 2
    assert "is a file" in capsys.readouterr().err
    users = tmp_path / "thesis"
    users.mkdir()
    (users / "chapter1.txt").write_text("years of work")
    assert main(["run", str(config), "--out", str(users)]) == 2
    err = capsys.readouterr().err
    assert "not a tender-audit run" in err and err.count("\n") == 1
    assert [p.name for p in users.iterdir()] == ["chapter1.txt"]


def test_our_own_run_directory_and_an_empty_one_are_accepted(tmp_path):
    (tmp_path / "empty").mkdir()
    with locked_run_dir(tmp_path / "empty") as stale:
        assert stale == ""
    ours = tmp_path / "ours"
    write_json(ours / "run.json", {"tool": {"name": "tender-audit"}, "portals": []})
    (ours / "index.html").write_text("<html>")
    with locked_run_dir(ours):
        pass


HOLD_LOCK = """
import sys, time
from pathlib import Path
from auditor.store import locked_run_dir
with locked_run_dir(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_a_second_run_on_a_locked_directory_exits_2_naming_the_holder(tmp_path, capsys):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).parent.parent)
    try:
        assert holder.stdout.readline().strip() == "locked"
        config = tmp_path / "portals.yaml"
        config.write_text(json.dumps({"portals": [{"name": "P", "url": "http://127.0.0.1:9/"}]}))
        assert main(["run", str(config), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"in use by another tender-audit run (process {holder.pid})" in err
    finally:
        holder.kill()
        holder.wait(timeout=30)
    # killed holding it: the lock is stale, and the next run takes it over, saying whose it was
    with locked_run_dir(out) as stale:
        assert stale == f"process {holder.pid}"
        assert (out / LOCK_FILE).read_text() == f"process {os.getpid()}"
