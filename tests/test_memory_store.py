"""No Alembic in gunicorn's master when the schema is already current (store.migrate): its import stays
in every worker's memory. The memory figures themselves come from the bench (`python -m bench`)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine

from store import versions as v

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_head_revision_is_alembics_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(v.MIGRATIONS))
    assert v.head_revision() == ScriptDirectory.from_config(config).get_current_head()


MIGRATION = '''"""A migration."""
revision: str = {rev!r}
down_revision: str | Sequence[str] | None = {down}
'''


@pytest.mark.parametrize(
    "files, head",
    [
        ({"a": "None", "b": "'a'", "c": "'b'"}, "c"),
        ({"a": "None", "b": "'a'", "c": "'a'"}, None),  # two heads
        ({"a": "None", "b": "'a'", "c": "'a'", "d": "('b', 'c')"}, None),  # a merge
    ],
)
def test_head_revision_follows_the_chain_and_leaves_branches_to_alembic(tmp_path, monkeypatch, files, head):
    (tmp_path / "versions").mkdir()
    for rev, down in files.items():
        (tmp_path / "versions" / f"{rev}.py").write_text(MIGRATION.format(rev=rev, down=down))
    monkeypatch.setattr(v, "MIGRATIONS", tmp_path)
    assert v.head_revision() == head


@pytest.mark.integration
def test_a_current_schema_is_not_migrated_and_alembic_not_imported(tmp_path):
    url = f"sqlite:///{tmp_path / 'getdz.sqlite3'}"
    engine = create_engine(url)
    assert v.schema_revision(engine) is None
    v.migrate(engine)
    assert v.schema_revision(engine) == v.head_revision() is not None
    code = (
        "import sys, store; from sqlalchemy import create_engine; "
        f"store.migrate(create_engine({url!r})); "
        "print(sorted(m for m in sys.modules if m.startswith('alembic')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.integration
def test_a_schema_behind_the_head_is_still_migrated(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    engine = create_engine(f"sqlite:///{tmp_path / 'getdz.sqlite3'}")
    v.migrate(engine)
    config = Config()
    config.set_main_option("script_location", str(v.MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    assert v.schema_revision(engine) == "0001" and "users" not in inspect(engine).get_table_names()
    v.migrate(engine)
    assert v.schema_revision(engine) == v.head_revision() and "users" in inspect(engine).get_table_names()
