#!/usr/bin/env python3
"""Recall benchmark: does a query as a researcher types it find the papers
that use any written form of what was meant? (docs/benchmarks.md, "Recall")

For each variant family (an acronym and its plural and long form, a compound
written three ways, a British and an American spelling) the ground truth is
the set of papers whose title or abstract matches the family's regular
expressions over the source records themselves (daily-arxiv JSON lines,
newest record per id), computed here without Xapian. Each query of the
family is run as typed through `arxiv-query --format ids` and through the
SQLite FTS5 twin of bench/fts5.py (porter stemmer, the same title and
abstract columns), and scored:

  recall    = found and true / true
  precision = found and true / found

  recall.py --index-bin B/arxiv-index --query-bin B/arxiv-query \\
            [--corpus DIR] [--work DIR] [--ours-db DB] [--write-doc docs/benchmarks.md]

Each query's results must also hold every paper of the plain AND of the
words typed (the same query with --exact): a known concept only adds.

Indexes are built once in --work (bench/work/recall) and reused while the
corpus and the binaries are unchanged.
"""

import argparse
import glob
import gzip
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import fts5  # noqa: E402

W = r"(?<![A-Za-z0-9])"   # start of a word (a hyphen or a parenthesis may precede)
E = r"(?![A-Za-z0-9])"    # end of a word

# name, [all of these patterns must match] (each is an alternation of the
# family's written forms), [queries as typed]
FAMILIES = [
    ("LLM (acronym, plural, long form)",
     [W + r"(LLMs?|[Ll]arge[- ][Ll]anguage[- ][Mm]odels?)" + E],
     ["LLM", "LLMs", "llms", '"large language model"']),
    ("VLM hallucination",
     [W + r"(VLMs?|[Vv]ision[- ][Ll]anguage[- ][Mm]odels?)" + E, r"[Hh]allucinat"],
     ["VLM hallucination", '"vision-language model" hallucination']),
    ("LRM",
     [W + r"(LRMs?|[Ll]arge[- ][Rr]easoning[- ][Mm]odels?)" + E],
     ["LRM", '"large reasoning models"']),
    ("MoE (mixture of experts)",
     [W + r"(MoEs?|[Mm]ixtures?[- ]of[- ][Ee]xperts?)" + E],
     ["MoE", "moes", '"mixture of experts"', "mixture-of-experts"]),
    ("CoT (chain of thought)",
     [W + r"(CoTs?|[Cc]hains?[- ]of[- ][Tt]houghts?)" + E],
     ["CoT", '"chain of thought"', "chain-of-thought"]),
    ("KV cache eviction",
     [W + r"(KV[- ]?[Cc]ach\w*|[Kk]ey[- ][Vv]alue[- ]?[Cc]ach\w*)", r"[Ee]vict"],
     ['"key-value cache" eviction', "kv cache eviction", '"KV cache" eviction']),
    ("quantisation of LLMs",
     [r"[Qq]uanti[sz]", W + r"(LLMs?|[Ll]arge[- ][Ll]anguage[- ][Mm]odels?)" + E],
     ["quantisation large language models", "quantization LLM"]),
    ("post-training quantisation of LLMs",
     [r"[Pp]ost[- ]?[Tt]raining([- ]\w+)?[- ][Qq]uanti[sz]|" + W + r"PTQs?" + E, W + r"(LLMs?|[Ll]arge[- ][Ll]anguage[- ][Mm]odels?)" + E],
     ["post-training quantization LLM", "post-training quantisation of large language models"]),
    ("LoRA fine-tuning",
     [W + r"(LoRAs?|[Ll]ow[- ][Rr]ank[- ][Aa]dapt\w*)", r"[Ff]ine[- ]?[Tt]un"],
     ["LoRA finetuning", "LoRA fine-tuning", 'LoRA "fine tuning"']),
    ("pretraining (three ways)",
     [r"[Pp]re[- ]?[Tt]rain"],
     ["pretraining", "pre-training", '"pre training"']),
    # Spellings: the truth is every form the stemmer makes one word with the
    # American spelling (Snowball's model = modeling = models), so that
    # precision measures merges beyond that, and recall the British forms.
    ("modelling / modeling",
     [W + r"[Mm]odel(l)?(s|ing|ings|ed|er|ers)?" + E],
     ["modelling", "modeling"]),
    ("optimisation / optimization",
     [W + r"[Oo]ptim(a|i[sz]|um|ums)?\w*" + E],
     ["optimisation", "optimization"]),
    ("behaviour / behavior",
     [W + r"[Bb]ehavio(u)?r\w*" + E],
     ["behaviour", "behavior"]),
    ("FlashAttention",
     [r"[Ff]lash[- ]?[Aa]ttention"],
     ["FlashAttention", '"flash attention"']),
    # Issue 24. Words typed unquoted that form a known concept: the truth is
    # every paper with all the words (in any inflection), which the query
    # must keep finding (the concept's phrase and acronym only add papers).
    ("diffusion language models (the words)",
     [r"[Dd]iffus", W + r"[Ll]anguages?" + E, W + r"[Mm]odel\w*" + E],
     ["diffusion language models"]),
    ("knowledge distillation LLMs (the words)",
     [W + r"[Kk]nowledge" + E, r"[Dd]istil", W + r"(LLMs?|[Ll]arge[- ][Ll]anguage[- ][Mm]odels?)" + E],
     ["knowledge distillation LLMs"]),
    # Acronyms typed in lower case search as the acronym and its long form.
    ("VLA (vision-language-action)",
     [W + r"(VLAs?|[Vv]ision[- ][Ll]anguage[- ][Aa]ction)" + E],
     ["VLA", "vla"]),
    ("RL (reinforcement learning)",
     [W + r"(RL|[Rr]einforcement[- ][Ll]earning)" + E],
     ["RL", "rl"]),
    ("KD (knowledge distillation)",
     [W + r"(KDs?|[Kk]nowledge[- ][Dd]istillation)" + E],
     ["KD", "kd"]),
    ("SSM (state space model)",
     [W + r"(SSMs?|[Ss]tate[- ][Ss]pace[- ][Mm]odels?)" + E],
     ["SSM", "ssm"]),
    ("PTQ (post-training quantisation)",
     [W + r"(PTQ|[Pp]ost[- ]?[Tt]raining[- ][Qq]uanti[sz]ation)" + E],
     ["PTQ", "ptq"]),
    # Digit compounds: 2 = to.
    ("sim-to-real", [r"[Ss]im(2|[- ]to[- ])[Rr]eal"], ["sim2real", "sim-to-real"]),
    ("text-to-image", [r"[Tt]ext(2|[- ]to[- ])[Ii]mage"], ["text2image", "text-to-image"]),
]


def log(msg):
    print(f"recall: {msg}", file=sys.stderr, flush=True)


def load_corpus(corpus):
    """id -> (title, abstract), the newest record per id (files in name order)."""
    papers = {}
    for path in sorted(glob.glob(os.path.join(corpus, "*.jsonl*"))):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    j = json.loads(line)
                except ValueError:
                    continue
                if isinstance(j, dict) and isinstance(j.get("id"), str):
                    papers[j["id"]] = (str(j.get("title") or ""), str(j.get("summary") or j.get("abstract") or ""))
    return papers


def truth(papers, patterns):
    regs = [re.compile(p) for p in patterns]
    return {pid for pid, (t, a) in papers.items() if all(r.search(t + "\n" + a) for r in regs)}


def fingerprint(paths):
    h = hashlib.sha256()
    for p in paths:
        st = os.stat(p)
        h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def ensure_indexes(args, files):
    os.makedirs(args.work, exist_ok=True)
    ours, fts = os.path.join(args.work, "ours"), os.path.join(args.work, "fts5.sqlite")
    if args.ours_db:
        # Our index is given: only the FTS5 twin, built once per corpus.
        ours = args.ours_db
        stamp, stamp_file = fingerprint(files), os.path.join(args.work, "stamp-fts5")
        if not (os.path.exists(stamp_file) and open(stamp_file).read() == stamp and os.path.exists(fts)):
            subprocess.run(["rm", "-f", fts], check=True)
            log("building the FTS5 twin")
            subprocess.run([sys.executable, os.path.join(HERE, "fts5.py"), "build", "--db", fts, args.corpus],
                           check=True, stdout=subprocess.DEVNULL)
            with open(stamp_file, "w") as f:
                f.write(stamp)
        return ours, fts
    stamp = fingerprint(files + [args.index_bin])
    stamp_file = os.path.join(args.work, "stamp")
    if os.path.exists(stamp_file) and open(stamp_file).read() == stamp and os.path.exists(ours) and os.path.exists(fts):
        return ours, fts
    subprocess.run(["rm", "-rf", ours, fts], check=True)
    log("building the arxiv-search index")
    subprocess.run([args.index_bin, "--db", ours, "-q", "add", args.corpus], check=True)
    log("building the FTS5 twin")
    subprocess.run([sys.executable, os.path.join(HERE, "fts5.py"), "build", "--db", fts, args.corpus], check=True,
                   stdout=subprocess.DEVNULL)
    with open(stamp_file, "w") as f:
        f.write(stamp)
    return ours, fts


def ours_ids(args, db, query, exact=False):
    out = subprocess.run([args.query_bin, "--db", db, "--format", "ids", "--limit", "1000000"]
                         + (["--exact"] if exact else []) + ["--", query],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"arxiv-query {query!r}: {out.stderr.strip()}")
    return set(out.stdout.split())


def fts_query(query):
    """The typed query in FTS5's syntax, on the title and abstract columns:
    hyphenated words become phrases (FTS5 would read '-' as NOT)."""
    parts = re.findall(r'"[^"]*"|\S+', query)
    out = []
    for p in parts:
        if p.startswith('"'):
            out.append(p)
        elif re.search(r"[^A-Za-z0-9]", p):
            out.append('"' + re.sub(r"[^A-Za-z0-9]+", " ", p).strip() + '"')
        else:
            out.append(p)
    return "{title abstract} : (" + " AND ".join(out) + ")"


def fts_ids(con, query):
    rows = con.execute("SELECT p.id FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid "
                       "WHERE papers_fts MATCH ?", (fts_query(query),)).fetchall()
    return {r[0] for r in rows}


def score(found, true):
    hit = len(found & true)
    recall = hit / len(true) if true else 1.0
    precision = hit / len(found) if found else (1.0 if not true else 0.0)
    return recall, precision


def run(args):
    files = sorted(glob.glob(os.path.join(args.corpus, "*.jsonl*")))
    if not files:
        raise SystemExit(f"recall: no daily-arxiv files in {args.corpus}")
    t0 = time.time()
    papers = load_corpus(args.corpus)
    log(f"{len(papers)} papers")
    ours, fts = ensure_indexes(args, files)
    con = sqlite3.connect(fts)
    rows = []
    for name, patterns, queries in FAMILIES:
        true = truth(papers, patterns)
        for q in queries:
            found = ours_ids(args, ours, q)
            # The plain AND of what was typed (--exact): never lost.
            kept = ours_ids(args, ours, q, exact=True) <= found
            o = score(found, true)
            f = score(fts_ids(con, q), true)
            rows.append((name, len(true), q, o, f, kept))
            log(f"{name}: {q!r}: ours R {o[0]:.3f} P {o[1]:.3f} (superset of --exact: {kept}); "
                f"FTS5 R {f[0]:.3f} P {f[1]:.3f}")
    return rows, len(papers), time.time() - t0


def table(rows, n_papers, seconds, args):
    lines = [
        f"Real corpus, {n_papers:,} papers; ground truth by regular expressions over the source records "
        "(bench/recall.py, FAMILIES). R = recall, P = precision of the query as typed; target R ≥ 0.95 "
        "with P ≥ 0.95 on every family. ⊇ AND: the query's results hold every paper of the plain AND of "
        "the words typed (`--exact`).",
        "",
        "| family | papers | query as typed | ours R | ours P | ⊇ AND | FTS5 R | FTS5 P |",
        "|---|---:|---|---:|---:|:---:|---:|---:|",
    ]
    for name, n, q, o, f, kept in rows:
        mark = "" if o[0] >= 0.95 and o[1] >= 0.95 else " ✗"
        lines.append(f"| {name} | {n:,} | `{q}` | {o[0]:.3f}{mark} | {o[1]:.3f} | {'yes' if kept else '**no**'} "
                     f"| {f[0]:.3f} | {f[1]:.3f} |")
    ours_db = f" --ours-db {args.ours_db}" if args.ours_db else ""
    lines += ["", f"Command: `python3 bench/recall.py --index-bin build/bin/arxiv-index --query-bin "
                  f"build/bin/arxiv-query{ours_db} --write-doc docs/benchmarks.md` ({seconds:.0f} s with the indexes built)."]
    return "\n".join(lines)


def write_doc(path, text):
    begin, end = "<!-- recall:begin -->", "<!-- recall:end -->"
    doc = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    block = f"{begin}\n{text}\n{end}"
    if begin in doc and end in doc:
        doc = doc[:doc.index(begin)] + block + doc[doc.index(end) + len(end):]
    else:
        doc += "\n## Recall: finding what was meant\n\n" + block + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index-bin", required=True)
    ap.add_argument("--query-bin", required=True)
    ap.add_argument("--corpus", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "daily-arxiv")))
    ap.add_argument("--work", default=os.path.join(HERE, "work", "recall"))
    ap.add_argument("--write-doc", help="replace the Recall table in this markdown file")
    ap.add_argument("--ours-db", help="an arxiv-search index of the corpus built before (instead of building one in --work)")
    args = ap.parse_args()
    rows, n, secs = run(args)
    text = table(rows, n, secs, args)
    print(text)
    if args.write_doc:
        write_doc(args.write_doc, text)
    failing = [r for r in rows if r[3][0] < 0.95 or r[3][1] < 0.95 or not r[5]]
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
