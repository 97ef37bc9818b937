#!/usr/bin/env python3
"""The SQLite FTS5 side of the benchmark: what a competent user would build
over the same daily-arxiv files with Debian's sqlite3 (python3's sqlite3
module uses the same system libsqlite3).

Schema (docs/benchmarks.md, "The FTS5 side"):
  papers      one row per arXiv id (newest wins), the text for display
  papers_fts  external-content FTS5 over papers(title, abstract, authors,
              comment), tokenize='porter unicode61 remove_diacritics 2',
              detail=full (positions, so phrases work)
  paper_cats  (paper, cat) for category filters
Triggers keep papers_fts and paper_cats in step with papers for increments.

Same semantics as arxiv-index for daily-arxiv input: one row per id; a line
replaces the stored one when its file date (announcement day) is the same or
later, so later files and later lines win; an identical line rewrites nothing.

  fts5.py build --db FILE  FILE|DIR...   fresh database (bulk load, then
                                         'rebuild' + 'optimize' the FTS index)
  fts5.py add   --db FILE  FILE|DIR...   upsert into an existing database
  fts5.py count --db FILE                number of papers
  fts5.py qps   --db FILE --seconds S    in-process queries/s of the query mix
"""

import argparse
import glob
import gzip
import json
import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import queries  # noqa: E402

TOKENIZE = "porter unicode61 remove_diacritics 2"

SCHEMA = """
CREATE TABLE papers(
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT, abstract TEXT, authors TEXT, comment TEXT,
  categories TEXT,          -- JSON array, primary first
  primary_cat TEXT,
  submitted TEXT,           -- YYYY-MM from the id
  announced TEXT            -- YYYY-MM-DD from the file name
);
CREATE TABLE paper_cats(paper INTEGER NOT NULL, cat TEXT NOT NULL,
                        PRIMARY KEY(paper, cat)) WITHOUT ROWID;
"""

FTS = f"""
CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, authors, comment,
  content='papers', content_rowid='rowid', tokenize='{TOKENIZE}');
"""

TRIGGERS = """
CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN
  INSERT INTO papers_fts(rowid, title, abstract, authors, comment)
    VALUES (new.rowid, new.title, new.abstract, new.authors, new.comment);
  INSERT OR IGNORE INTO paper_cats SELECT new.rowid, value FROM json_each(new.categories);
END;
CREATE TRIGGER papers_au_text AFTER UPDATE ON papers
  WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
    OR old.authors IS NOT new.authors OR old.comment IS NOT new.comment BEGIN
  INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, comment)
    VALUES ('delete', old.rowid, old.title, old.abstract, old.authors, old.comment);
  INSERT INTO papers_fts(rowid, title, abstract, authors, comment)
    VALUES (new.rowid, new.title, new.abstract, new.authors, new.comment);
END;
CREATE TRIGGER papers_au_cats AFTER UPDATE ON papers
  WHEN old.categories IS NOT new.categories BEGIN
  DELETE FROM paper_cats WHERE paper = old.rowid;
  INSERT OR IGNORE INTO paper_cats SELECT new.rowid, value FROM json_each(new.categories);
END;
"""

UPSERT = """
INSERT INTO papers(id, title, abstract, authors, comment, categories, primary_cat, submitted, announced)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET
  title = excluded.title, abstract = excluded.abstract, authors = excluded.authors,
  comment = excluded.comment, categories = excluded.categories,
  primary_cat = excluded.primary_cat, submitted = excluded.submitted, announced = excluded.announced
WHERE excluded.announced >= papers.announced AND (
  papers.title IS NOT excluded.title OR papers.abstract IS NOT excluded.abstract OR
  papers.authors IS NOT excluded.authors OR papers.comment IS NOT excluded.comment OR
  papers.categories IS NOT excluded.categories OR papers.announced IS NOT excluded.announced)
"""

NEW_ID = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")


def collapse(s):
    return " ".join(s.split()) if s else None


def rows(path):
    """(id, title, abstract, authors, comment, categories, primary, submitted, announced)."""
    m = DAY.search(os.path.basename(path))
    announced = m.group(1) if m else "0000-00-00"
    bad = 0
    with gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                r = json.loads(line)
                pid = r["id"]
                mm = NEW_ID.match(pid)
                submitted = f"20{mm.group(1)}-{mm.group(2)}" if mm else None
                cats = r.get("categories") or []
                yield (pid, collapse(r.get("title")), collapse(r.get("summary")),
                       "; ".join(collapse(a) for a in (r.get("authors") or [])),
                       collapse(r.get("comment")), json.dumps(cats),
                       cats[0] if cats else None, submitted, announced)
            except (ValueError, KeyError, TypeError, AttributeError):
                bad += 1
    if bad:
        print(f"fts5: {path}: skipped {bad} malformed lines", file=sys.stderr)


def expand(inputs):
    files = []
    for p in inputs:
        if os.path.isdir(p):
            files.extend(sorted(glob.glob(os.path.join(p, "*.jsonl.gz")) + glob.glob(os.path.join(p, "*.jsonl"))))
        else:
            files.append(p)
    return files


def connect(path):
    con = sqlite3.connect(path, isolation_level=None)
    # Rollback journal (the default): a bulk load into a new database journals
    # almost nothing, where WAL would write every page twice.
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA cache_size=-262144")  # 256 MiB page cache while writing
    return con


def finish(con):
    con.close()


def load(con, files):
    """Upserts every line of `files` in one transaction; returns the line count."""
    con.execute("BEGIN")
    n = 0
    for f in files:
        batch = list(rows(f))
        con.executemany(UPSERT, batch)
        n += len(batch)
    con.execute("COMMIT")
    return n


def build(db, inputs):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    files = expand(inputs)
    con = connect(db)
    t0 = time.time()
    con.executescript(SCHEMA)
    n = load(con, files)
    t1 = time.time()
    con.executescript("BEGIN;" + FTS + """
      INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');
      INSERT INTO paper_cats SELECT p.rowid, j.value FROM papers p, json_each(p.categories) j
        WHERE true ON CONFLICT DO NOTHING;""" + TRIGGERS + "COMMIT;")
    t2 = time.time()
    con.execute("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')")
    con.execute("ANALYZE")
    t3 = time.time()
    docs = con.execute("SELECT count(*) FROM papers").fetchone()[0]
    finish(con)
    print(f"fts5: {n} lines from {len(files)} files -> {docs} papers; load {t1 - t0:.1f}s, "
          f"index {t2 - t1:.1f}s, optimize+analyze {t3 - t2:.1f}s", file=sys.stderr)


def add(db, inputs):
    con = connect(db)
    files = expand(inputs)
    before = con.execute("SELECT count(*) FROM papers").fetchone()[0]
    n = load(con, files)
    after = con.execute("SELECT count(*) FROM papers").fetchone()[0]
    finish(con)
    print(f"fts5: {n} lines from {len(files)} files: {after - before} new papers, {after} in all",
          file=sys.stderr)


def count(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    print(con.execute("SELECT count(*) FROM papers").fetchone()[0])


def qps(db, seconds):
    """Each query of the mix repeatedly for `seconds`; JSON {name: queries/s}."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = {}
    for q in queries.QUERIES:
        sql, params = queries.fts_sql(q)
        con.execute(sql, params).fetchall()  # warm
        n, t0 = 0, time.perf_counter()
        while True:
            con.execute(sql, params).fetchall()
            n += 1
            el = time.perf_counter() - t0
            if el >= seconds and n >= 3:
                break
        out[q["name"]] = n / el
    print(json.dumps(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("build", "add"):
        p = sub.add_parser(name)
        p.add_argument("--db", required=True)
        p.add_argument("inputs", nargs="+")
    p = sub.add_parser("count")
    p.add_argument("--db", required=True)
    p = sub.add_parser("qps")
    p.add_argument("--db", required=True)
    p.add_argument("--seconds", type=float, default=2.0)
    a = ap.parse_args()
    if a.cmd == "build":
        build(a.db, a.inputs)
    elif a.cmd == "add":
        add(a.db, a.inputs)
    elif a.cmd == "count":
        count(a.db)
    else:
        qps(a.db, a.seconds)


if __name__ == "__main__":
    main()
