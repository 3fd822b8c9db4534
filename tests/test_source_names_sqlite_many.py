"""The claims step's claimant look-up on SQLite (the embedded shape, `make demo`) with more
than 500 names at once: the names it asks for, as a table to join on, were a compound
SELECT of one `SELECT ? AS name` per name, and SQLite refuses more than 500 terms in one
("too many terms in compound SELECT"), so `extract_claims` over a batch of articles naming
many claimants failed. A VALUES list has no such limit.

The tests run on PostgreSQL, so the SQLite form of the fragment is run on an in-memory
SQLite database here, with the parameters as the SQLite backend passes them.

Bad inputs tried: 1 name, 501 names, 2,000 names (with a quote and non-ASCII letters).
"""

from __future__ import annotations

import sqlite3

import pytest

from claims.services import _names_asked


@pytest.mark.parametrize("count", [1, 501, 2000])
def test_the_names_asked_form_a_table_on_sqlite_whatever_their_number(count: int) -> None:
    names = [f"İstanbul O'Post {n}" for n in range(count)]
    table, params = _names_asked(names, vendor="sqlite")
    db = sqlite3.connect(":memory:")
    try:
        rows = db.execute(f"SELECT w.name FROM {table}".replace("%s", "?"), params).fetchall()
    finally:
        db.close()
    assert [name for (name,) in rows] == names
