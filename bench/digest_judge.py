#!/usr/bin/env python3
"""Blind judging of digest picks (issue 23): pools for graders, then metrics.

  digest_judge.py pool SET NEEDS.json VARIANT=DIGEST.json [VARIANT=DIGEST.json ...]
      Pools the picks of every variant (digests written with --format json) by
      topic: one shuffled file per need, bench/digest-judged/pool-SET-TOPIC.tsv,
      holding only the paper's id, title and abstract -- nothing about which
      variant returned it, its rank or its score. What each variant picked, in
      its order and with its scores, goes to bench/digest-picks/picks-SET.json,
      which graders never see.

  digest_judge.py extra SET NEEDS.json VARIANT=DIGEST.json [VARIANT=DIGEST.json ...]
      Adds variants to bench/digest-picks/picks-SET.json (a variant of the same
      name is replaced) and writes, per topic, bench/digest-judged/
      pool-extra-SET-TOPIC.tsv in the pool's blind format, holding only the
      papers no grader has graded yet (in neither grades-SET-TOPIC.tsv nor
      grades-extra-SET-TOPIC.tsv, where graders put the extra grades). A topic
      whose picks are all graded gets no such file.

  digest_judge.py metrics SET [SET ...]
      Joins the grades (grades-SET-TOPIC.tsv and grades-extra-SET-TOPIC.tsv,
      id TAB grade, 0/1/2) to each variant's picks and prints, per variant:
      how many picks are graded and how many not yet, then over the graded
      ones the share on topic (grade >= 1, and grade 2), the same for the top
      third of each topic in the order shown, Spearman's rho between the score
      and the grade, and the largest share of picks holding one score value.

  digest_judge.py calibration VARIANT SET [SET ...]
      The variant's graded picks by score (0-2, 2-4, ..., 8-10): how many, their
      mean grade (a calibrated score / 5) and the share on topic (grade >= 1).

NEEDS.json maps each topic name to the need as a reader states it; the pool
file's header carries the need, and bench/digest-judged/RUBRIC.md the grades.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "digest-judged")   # what graders see: needs, pools, rubric; their grades
KEY = os.path.join(HERE, "digest-picks")    # what each variant picked: never shown to a grader


def slug(name):
    s = "".join(c.lower() if c.isalnum() else "-" for c in name)
    while "--" in s:
        s = s.replace("--", "-")
    return s.strip("-")


def one_line(text):
    return " ".join((text or "").split())


def read_variants(needs, needs_path, variants):
    """Each variant's picks by topic ([[id, relevance, novelty], ...] in the
    order shown) and every picked paper's title and abstract by topic."""
    picks = {}
    papers = {}
    for spec in variants:
        name, path = spec.split("=", 1)
        digest = json.load(open(path))
        picks[name] = {}
        for topic in digest["topics"]:
            t = topic["name"]
            if t not in needs:
                sys.exit(f"{path}: topic {t!r} has no need in {needs_path}")
            rows = []
            for p in topic["papers"]:
                novelty = p.get("novelty", {}).get("score") if isinstance(p.get("novelty"), dict) else None
                rows.append([p["id"], p["relevance"], novelty])
                papers.setdefault(t, {})[p["id"]] = (one_line(p["title"]), one_line(p.get("abstract")))
            picks[name][t] = rows
    return picks, papers


def write_pool(path, need, by_id, ids, seed):
    """A blind pool: the need, then id, title and abstract in a shuffled order."""
    ids = sorted(ids)
    random.Random(seed).shuffle(ids)
    with open(path, "w") as f:
        f.write(f"# need: {need}\n")
        f.write("# id\ttitle\tabstract\n")
        for i in ids:
            title, abstract = by_id[i]
            f.write(f"{i}\t{title}\t{abstract}\n")
    print(f"{path}: {len(ids)} papers")


def pool(set_name, needs_path, variants):
    needs = json.load(open(needs_path))
    picks, papers = read_variants(needs, needs_path, variants)
    os.makedirs(OUT, exist_ok=True)
    for t, by_id in sorted(papers.items()):
        write_pool(os.path.join(OUT, f"pool-{set_name}-{slug(t)}.tsv"), needs[t], by_id, by_id, set_name)
    os.makedirs(KEY, exist_ok=True)
    with open(os.path.join(KEY, f"picks-{set_name}.json"), "w") as f:
        json.dump({"needs": needs, "picks": picks}, f, indent=1)


def extra(set_name, needs_path, variants):
    needs = json.load(open(needs_path))
    key_path = os.path.join(KEY, f"picks-{set_name}.json")
    key = json.load(open(key_path))
    picks, papers = read_variants(needs, needs_path, variants)
    key["picks"].update(picks)
    with open(key_path, "w") as f:
        json.dump(key, f, indent=1)
    for t, by_id in sorted(papers.items()):
        graded = read_grades(set_name, t) or {}
        ungraded = [i for i in by_id if i not in graded]
        path = os.path.join(OUT, f"pool-extra-{set_name}-{slug(t)}.tsv")
        if ungraded:
            write_pool(path, needs[t], by_id, ungraded, f"{set_name}-extra")
        elif os.path.exists(path):
            os.remove(path)


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0 + 1
        i = j + 1
    return r


def spearman(x, y):
    if len(x) < 3:
        return float("nan")
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else float("nan")


def read_grades(set_name, topic):
    """The grades of a topic's pool and of its extra pool, or None when its
    pool has none yet."""
    grades = None
    for kind in ("grades", "grades-extra"):
        path = os.path.join(OUT, f"{kind}-{set_name}-{slug(topic)}.tsv")
        if not os.path.exists(path):
            continue
        grades = grades if grades is not None else {}
        for line in open(path):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            grades[parts[0]] = int(parts[1])
    return grades


def metrics(set_names):
    table = {}  # variant -> accumulators
    for set_name in set_names:
        data = json.load(open(os.path.join(KEY, f"picks-{set_name}.json")))
        for variant, topics in data["picks"].items():
            acc = table.setdefault(variant, {"n": 0, "ungraded": 0, "on": 0, "on2": 0, "top": 0, "top_on": 0,
                                             "top_on2": 0, "scores": [], "grades": [], "values": {}})
            for topic, rows in topics.items():
                grades = read_grades(set_name, topic) or {}
                third = (len(rows) + 2) // 3
                for i, (pid, score, _novelty) in enumerate(rows):
                    if pid not in grades:
                        acc["ungraded"] += 1
                        continue
                    g = grades[pid]
                    acc["n"] += 1
                    acc["on"] += g >= 1
                    acc["on2"] += g == 2
                    if i < third:
                        acc["top"] += 1
                        acc["top_on"] += g >= 1
                        acc["top_on2"] += g == 2
                    acc["scores"].append(score)
                    acc["grades"].append(g)
                    acc["values"][score] = acc["values"].get(score, 0) + 1
    if any(a["ungraded"] for a in table.values()):
        print("some picks are not graded yet (pool-extra-*.tsv): the metrics are over the graded ones")
    print("variant\tgraded\tungraded\ton(>=1)\ton(2)\ttop3rd(>=1)\ttop3rd(2)\tspearman\tmost common score share")
    for variant, a in table.items():
        if not a["n"]:
            print(f"{variant}\t0\t{a['ungraded']}")
            continue
        top_share = max(a["values"].values()) / a["n"]
        print(f"{variant}\t{a['n']}\t{a['ungraded']}\t{a['on'] / a['n']:.3f}\t{a['on2'] / a['n']:.3f}\t"
              f"{a['top_on'] / max(1, a['top']):.3f}\t{a['top_on2'] / max(1, a['top']):.3f}\t"
              f"{spearman(a['scores'], a['grades']):.3f}\t{top_share:.3f}")


def calibration(variant, set_names):
    bins = [[] for _ in range(5)]
    for set_name in set_names:
        data = json.load(open(os.path.join(KEY, f"picks-{set_name}.json")))
        for topic, rows in data["picks"].get(variant, {}).items():
            grades = read_grades(set_name, topic) or {}
            for pid, score, _novelty in rows:
                if pid in grades:
                    bins[min(4, int(score // 2))].append(grades[pid])
    print("score\tgraded picks\tmean grade\ton(>=1)")
    for i, b in enumerate(bins):
        if b:
            print(f"{2 * i}-{2 * i + 2}\t{len(b)}\t{sum(b) / len(b):.2f}\t{sum(g >= 1 for g in b) / len(b):.2f}")


def spread(paths):
    """Score spread of digests (no grades needed): the largest share of one value."""
    for path in paths:
        digest = json.load(open(path))
        values = {}
        n = 0
        for topic in digest["topics"]:
            for p in topic["papers"]:
                values[p["relevance"]] = values.get(p["relevance"], 0) + 1
                n += 1
        if n:
            value, count = max(values.items(), key=lambda kv: kv[1])
            print(f"{path}: {n} picks, {len(values)} distinct scores, most common {value} "
                  f"held by {count} ({count / n:.3f})")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    if sys.argv[1] == "pool":
        pool(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "extra":
        extra(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "metrics":
        metrics(sys.argv[2:])
    elif sys.argv[1] == "calibration":
        calibration(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == "spread":
        spread(sys.argv[2:])
    else:
        sys.exit(__doc__)
