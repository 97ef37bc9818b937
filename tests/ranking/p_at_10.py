#!/usr/bin/env python3
"""Ranking guard for the other written forms a query searches (query/lang/expand):
P@10 over the bundled sample (data/daily-arxiv, 981 papers) for a judged set
of information needs, with the forms expanded and with --exact. A paper is
relevant when its title names the need in any written form (the regular
expressions below: judged by rule, so the set stays reproducible as the
sample is): its title names it, or its abstract twice. Expansions may add papers but must not push relevant ones out of
the first ten: the test fails when a need's P@10 drops by more than 0.1
against --exact, or the mean drops at all, or the mean is below 0.5 (0.60
with the forms, 0.56 without, when the set was made).

  p_at_10.py --index-bin B/arxiv-index --query-bin B/arxiv-query --data data/daily-arxiv
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile

NEEDS = [
    ("MoE", [r"MoE|Mixture[- ]of[- ]Experts"]),
    ("kv cache", [r"KV[- ]?Cache|Key[- ]Value Cache"]),
    ("RAG", [r"\bRAG\b|Retrieval[- ]Augmented"]),
    ("quantisation", [r"[Qq]uanti[sz]"]),
    ("video diffusion", [r"[Vv]ideo", r"[Dd]iffusion"]),
    ("VLM hallucination", [r"[Hh]allucinat", r"VLMs?|LVLMs?|[Vv]ision[- ][Ll]anguage|MLLMs?|[Mm]ultimodal"]),
    ("LLM agents", [r"LLM|[Ll]anguage [Mm]odel", r"[Aa]gent"]),
    ("speech recognition", [r"[Ss]peech|ASR"]),
]


def top10(query_bin, db, q, extra):
    out = subprocess.run([query_bin, "--db", db, "-f", "jsonl", "-n", "10"] + extra + ["--", q],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit(f"p_at_10: arxiv-query {q!r}: {out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines()]


def relevant(paper, regs):
    title, abstract = paper["title"], paper["abstract"] or ""
    return all(r.search(title) for r in regs) or all(len(r.findall(abstract)) >= 2 for r in regs)


def p10(papers, patterns):
    regs = [re.compile(p) for p in patterns]
    return sum(relevant(p, regs) for p in papers) / 10


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--index-bin", required=True)
    ap.add_argument("--query-bin", required=True)
    ap.add_argument("--data", required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = tmp + "/db"
        subprocess.run([args.index_bin, "--db", db, "-q", "add", args.data], check=True)
        rows, failed = [], False
        for q, patterns in NEEDS:
            expanded = p10(top10(args.query_bin, db, q, []), patterns)
            exact = p10(top10(args.query_bin, db, q, ["--exact"]), patterns)
            rows.append((q, expanded, exact))
            if expanded < exact - 0.1:
                failed = True
        mean_e = sum(r[1] for r in rows) / len(rows)
        mean_x = sum(r[2] for r in rows) / len(rows)
        print(f"{'need':24} P@10 expanded  P@10 --exact")
        for q, e, x in rows:
            print(f"{q:24} {e:13.1f}  {x:12.1f}{'  DROP' if e < x - 0.1 else ''}")
        print(f"{'mean':24} {mean_e:13.2f}  {mean_x:12.2f}")
        if failed or mean_e < mean_x or mean_e < 0.5:
            print("p_at_10: FAILED: the expansions lowered P@10", file=sys.stderr)
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
