#!/usr/bin/env python3
"""Blind judging of search ranking against the FTS5 baseline (issue 24, item 5).

  search_judge.py pool --db INDEX --fts FTS5.sqlite --new NEW/arxiv-query --old OLD/arxiv-query
      Runs every need of bench/search-needs.json through each system and
      pools what they return for grading: one shuffled file per need,
      bench/search-judged/pool-NEED.tsv, holding only the paper's id, title
      and abstract -- nothing about which system returned it or at what
      rank. What each system returned, in order, goes to
      bench/search-picks/picks.json, which graders never open. Systems:
        new       arxiv-query of this branch, top 10
        new-deep  the same, ranks 11-20 (so that a retuned ranking still
                  finds its first ten graded)
        old       arxiv-query before issue 24, top 10
        fts5      SQLite FTS5 (bench/fts5.py's database, bm25 over title
                  and abstract, the words ANDed), top 10

  search_judge.py metrics [--set tune|held|all] [--systems new,fts5,...]
      Joins bench/search-judged/grades-NEED.tsv (id TAB grade, 0/1/2) to the
      picks and prints per system nDCG@10 and P@10 (grade >= 1) over the
      needs of the set, and the paired difference of each system against
      fts5 with a 95% bootstrap confidence interval over needs (10,000
      resamples, seed 24). Unjudged papers count as 0 and are listed.

nDCG@10: gain 2^grade - 1, discount log2(rank + 1); the ideal ranking is
the best ten grades any system found for the need.
"""
import argparse
import json
import math
import os
import random
import re
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NEEDS = os.path.join(HERE, "search-needs.json")
OUT = os.path.join(HERE, "search-judged")   # what graders see: the rubric, the pools; their grades
KEY = os.path.join(HERE, "search-picks")    # what each system returned: never shown to a grader
sys.path.insert(0, HERE)
from recall import fts_query  # noqa: E402  (the typed query in FTS5's syntax, as the recall table uses)


def one_line(text):
    return " ".join((text or "").split())


def ours(binary, db, query, offset):
    out = subprocess.run([binary, "--db", db, "-f", "jsonl", "-n", "10", "--offset", str(offset), "--", query],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit(f"{binary} {query!r}: {out.stderr.strip()}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def fts5(con, query):
    rows = con.execute("SELECT p.id, p.title, p.abstract FROM (SELECT rowid, rank FROM papers_fts WHERE papers_fts "
                       "MATCH ? ORDER BY rank LIMIT 10) f JOIN papers p ON p.rowid = f.rowid ORDER BY f.rank",
                       (fts_query(query),)).fetchall()
    return [{"id": r[0], "title": r[1], "abstract": r[2]} for r in rows]


def pool(args):
    needs = json.load(open(NEEDS))["needs"]
    con = sqlite3.connect(args.fts)
    picks, papers = {}, {}
    for n in needs:
        q = n["query"]
        runs = {"new": ours(args.new, args.db, q, 0), "new-deep": ours(args.new, args.db, q, 10),
                "old": ours(args.old, args.db, q, 0), "fts5": fts5(con, q)}
        for system, hits in runs.items():
            picks.setdefault(system, {})[n["id"]] = [h["id"] for h in hits]
            for h in hits:
                papers.setdefault(n["id"], {})[h["id"]] = (one_line(h["title"]), one_line(h.get("abstract")))
    os.makedirs(OUT, exist_ok=True)
    total = 0
    for n in needs:
        by_id = papers.get(n["id"], {})
        ids = sorted(by_id)
        random.Random(n["id"]).shuffle(ids)
        with open(os.path.join(OUT, f"pool-{n['id']}.tsv"), "w") as f:
            f.write(f"# need: {n['need']}\n# query typed: {n['query']}\n# id\ttitle\tabstract\n")
            for i in ids:
                f.write(f"{i}\t{by_id[i][0]}\t{by_id[i][1]}\n")
        total += len(ids)
    os.makedirs(KEY, exist_ok=True)
    with open(os.path.join(KEY, "picks.json"), "w") as f:
        json.dump({"needs": {n["id"]: n for n in needs}, "picks": picks}, f, indent=1)
    print(f"{len(needs)} pools, {total} papers to grade, in {OUT}")


def read_grades(need):
    path = os.path.join(OUT, f"grades-{need}.tsv")
    if not os.path.exists(path):
        return None
    grades = {}
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        pid, g = re.split(r"\s+", line)[:2]
        grades[pid] = int(g)
    return grades


def ndcg10(ranked, grades):
    gain = lambda g: 2 ** g - 1
    dcg = sum(gain(grades.get(p, 0)) / math.log2(i + 2) for i, p in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum(gain(g) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def p10(ranked, grades):
    return sum(grades.get(p, 0) >= 1 for p in ranked[:10]) / 10


def bootstrap_ci(diffs, resamples=10000, seed=24):
    rng = random.Random(seed)
    n = len(diffs)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    return means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]


def metrics(args):
    data = json.load(open(os.path.join(KEY, "picks.json")))
    needs = [n for n in data["needs"].values() if args.set == "all" or n["set"] == args.set]
    systems = args.systems.split(",")
    per = {s: {"ndcg": [], "p10": []} for s in systems}
    missing, unjudged = [], set()
    used = []
    for n in needs:
        grades = read_grades(n["id"])
        if grades is None:
            missing.append(n["id"])
            continue
        used.append(n["id"])
        for s in systems:
            ranked = data["picks"][s][n["id"]]
            unjudged.update(f"{n['id']}:{p}" for p in ranked[:10] if p not in grades)
            per[s]["ndcg"].append(ndcg10(ranked, grades))
            per[s]["p10"].append(p10(ranked, grades))
    if missing:
        print(f"no grades yet for {len(missing)} needs: {', '.join(missing)}")
    if unjudged:
        print(f"{len(unjudged)} unjudged papers counted as 0: {', '.join(sorted(unjudged)[:10])}")
    if not used:
        return 1
    print(f"set {args.set}: {len(used)} needs")
    print("system\tnDCG@10\tP@10\tnDCG@10 - fts5 [95% CI]\tP@10 - fts5 [95% CI]")
    for s in systems:
        nd, pp = per[s]["ndcg"], per[s]["p10"]
        line = f"{s}\t{sum(nd) / len(nd):.3f}\t{sum(pp) / len(pp):.3f}"
        if s != "fts5" and "fts5" in per:
            for key in ("ndcg", "p10"):
                d = [a - b for a, b in zip(per[s][key], per["fts5"][key])]
                lo, hi = bootstrap_ci(d)
                line += f"\t{sum(d) / len(d):+.3f} [{lo:+.3f}, {hi:+.3f}]"
        print(line)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pool")
    p.add_argument("--db", required=True)
    p.add_argument("--fts", required=True)
    p.add_argument("--new", required=True)
    p.add_argument("--old", required=True)
    m = sub.add_parser("metrics")
    m.add_argument("--set", default="all", choices=["tune", "held", "all"])
    m.add_argument("--systems", default="new,old,fts5")
    args = ap.parse_args()
    return pool(args) if args.cmd == "pool" else metrics(args)


if __name__ == "__main__":
    sys.exit(main() or 0)
