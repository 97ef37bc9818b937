#!/usr/bin/env python3
"""One-shot latency of two arxiv-query binaries and SQLite FTS5 on indexes
built before (issue 24: the budget "p50 within 15 ms and at most FTS5's per
class"): every class of bench/queries.py plus the issue's own queries, each
timed as bench/run.sh times it (process start to last byte, warm-up runs,
then runs alternating the systems so load from other work hits all alike).

  latency_ab.py --db INDEX --fts FTS5.sqlite --old OLD/arxiv-query --new NEW/arxiv-query [--runs 30]

Prints a markdown table: p50 / p95 ms of old, new and FTS5 per query, and
whether new is within 15 ms and at most FTS5's p50.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import queries  # noqa: E402
from run import one_shot, pct  # noqa: E402
from recall import fts_query  # noqa: E402

# The issue's queries, typed as a person types them: FTS5 gets the words ANDed.
ISSUE = [("concept (three words)", "diffusion language models"), ("two words", "prefix caching"),
         ("lower-case acronym", "vla pretraining"), ("a name", "Dan Alistarh"),
         ("a typo several papers share", "langauge models")]


def timed(cmds, runs, warmup):
    for _ in range(warmup):
        for c in cmds:
            one_shot(c)
    times = [[] for _ in cmds]
    for i in range(runs):
        order = list(range(len(cmds)))
        if i % 2:
            order.reverse()
        for k in order:
            t, p = one_shot(cmds[k])
            if p.returncode not in (0, 1):
                raise SystemExit(f"{cmds[k][0]} exited {p.returncode}: {p.stderr.decode(errors='replace')[:300]}")
            times[k].append(t)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--fts", required=True)
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    args = ap.parse_args()
    rows = []
    for q in queries.QUERIES:
        sql, _ = queries.fts_sql(q, inline=True)
        rows.append((q["label"], " ".join(q["ours"]), queries.ours_args(q), sql))
    for label, typed in ISSUE:
        sql = ("SELECT p.id FROM (SELECT rowid, rank FROM papers_fts WHERE papers_fts MATCH "
               + queries.sql_quote(fts_query(typed)) + " ORDER BY rank LIMIT 10) f JOIN papers p ON p.rowid = f.rowid "
               "ORDER BY f.rank")
        rows.append((label, typed, ["--format", "ids", "-n", "10", "--", typed], sql))
    print("| query | old p50 / p95 ms | new p50 / p95 ms | FTS5 p50 / p95 ms | new ≤ 15 ms and ≤ FTS5 |")
    print("|---|---:|---:|---:|---|")
    for label, typed, ours, sql in rows:
        cmds = [[args.old, "--db", args.db] + ours, [args.new, "--db", args.db] + ours,
                ["sqlite3", "-readonly", args.fts, sql]]
        t = timed(cmds, args.runs, args.warmup)
        ms = [(pct(x, 0.5) * 1000, pct(x, 0.95) * 1000) for x in t]
        ok = ms[1][0] <= 15 and ms[1][0] <= ms[2][0]
        print(f"| {label}: `{typed}` | {ms[0][0]:.1f} / {ms[0][1]:.1f} | {ms[1][0]:.1f} / {ms[1][1]:.1f} | "
              f"{ms[2][0]:.1f} / {ms[2][1]:.1f} | {'yes' if ok else '**no**'} |", flush=True)


if __name__ == "__main__":
    main()
