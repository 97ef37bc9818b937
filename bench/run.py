#!/usr/bin/env python3
"""arxiv-search vs SQLite FTS5 over identical data, in one run.

  bench/run.sh [--scale S | --papers N | --real | --smoke] [--out DIR] [--docs]

1. builds arxiv-index, arxiv-query and arxiv-bench-qps (Release, --build DIR)
   unless --bin-dir is given;
2. generates (or reuses, under --work) the corpus: bench/make_corpus.py at
   --scale S of 2.7 M papers, or with --real the real daily-arxiv files as
   they are, plus a held-out ~1,000-line next day for the increment;
3. builds both indexes fresh from the same files, under /usr/bin/time -v:
   wall time, docs/s, CPU utilisation, peak RSS; then index sizes (du);
4. checks that both hold exactly the expected number of papers;
5. adds the held-out day to both (the daily increment), checks counts again;
6. per query class: match counts of both, one-shot latency (process start to
   last byte of `arxiv-query ... --format ids -n 10` vs `sqlite3 DB "SQL"`,
   runs alternating between the two, after warm-up), and in-process
   queries/s (bench/qps.cc vs python sqlite3);
7. writes OUT/results.json, OUT/results.md (tables, machine, versions,
   command) and OUT/bench-latency.png (gnuplot); --docs also puts the
   section and plot into docs/benchmarks.md.
Exit status: 0 when both sides built, counted exactly and answered every
query; 1 otherwise (targets missed are reported, not failures).
"""

import argparse
import datetime as dt
import glob
import gzip
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import queries  # noqa: E402

FULL_PAPERS = 2_700_000
FAILURES = []


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def fail(msg):
    FAILURES.append(msg)
    log("FAILED: " + msg)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, stdout=subprocess.PIPE, **kw).stdout


def out_of(cmd):
    try:
        return subprocess.run(cmd, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def loadavg():
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"


# ---------------------------------------------------------------- build

def build_binaries(build_dir):
    log(f"building Release binaries in {build_dir}")
    subprocess.run(["cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir, "-j", str(os.cpu_count() or 2), "--target",
                    "arxiv-index", "arxiv-query", "arxiv-bench-qps"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(build_dir, "bin"), os.path.join(build_dir, "bench", "arxiv-bench-qps")


# ---------------------------------------------------------------- corpus

def file_hash(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()[:16]


def ensure_corpus(args, label):
    """(days_dir, increment_file, manifest) - generated or reused."""
    cdir = os.path.join(args.work, f"corpus-{label}")
    src_files = sorted(glob.glob(os.path.join(args.corpus, "*.jsonl.gz")))
    if not src_files:
        raise SystemExit(f"bench: no source corpus at {args.corpus}")
    key = {"label": label, "papers": args.papers, "source": os.path.abspath(args.corpus),
           "source_files": len(src_files), "generator": file_hash(os.path.join(HERE, "make_corpus.py")),
           "increment": args.increment}
    mpath = os.path.join(cdir, "manifest.json")
    keypath = os.path.join(cdir, "key.json")
    if os.path.exists(mpath) and os.path.exists(keypath) and json.load(open(keypath)) == key:
        log(f"reusing corpus {cdir}")
    else:
        shutil.rmtree(cdir, ignore_errors=True)
        os.makedirs(cdir)
        cmd = [sys.executable, os.path.join(HERE, "make_corpus.py"), "--corpus", args.corpus, "--out", cdir]
        if args.real:
            cmd.append("--increment-only")
        else:
            cmd += ["--papers", str(args.papers)]
        if args.increment:
            cmd += ["--increment", str(args.increment)]
        log("generating corpus: " + " ".join(shlex.quote(c) for c in cmd))
        t0 = time.time()
        subprocess.run(cmd, check=True)
        log(f"corpus ready in {time.time() - t0:.0f}s")
        json.dump(key, open(keypath, "w"))
    manifest = json.load(open(mpath))
    days = args.corpus if args.real else os.path.join(cdir, "days")
    inc = sorted(glob.glob(os.path.join(cdir, "increment", "*.jsonl.gz")))
    return days, inc[0], manifest


ID_RE = re.compile(rb'"id":\s*"([^"]+)"')


def scan_ids(files):
    """Distinct ids and line count, independently of both systems."""
    ids, lines = set(), 0
    for f in files:
        with gzip.open(f, "rb") as fh:
            for line in fh:
                m = ID_RE.search(line)
                if m:
                    ids.add(m.group(1))
                    lines += 1
    return ids, lines


def warm_files(files):
    for f in files:
        with open(f, "rb") as fh:
            while fh.read(1 << 20):
                pass


# ---------------------------------------------------------------- measuring

def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v: dict with wall, cpu%, rss_kb, rc, stderr."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - t0
    err = p.stderr

    def field(name, conv=float):
        m = re.search(re.escape(name) + r":\s*([0-9.]+)", err)
        return conv(m.group(1)) if m else None
    res = {"wall": wall, "user": field("User time (seconds)"), "sys": field("System time (seconds)"),
           "rss_kb": field("Maximum resident set size (kbytes)", int), "rc": p.returncode,
           "cmd": " ".join(shlex.quote(c) for c in cmd)}
    res["cpu_pct"] = 100.0 * ((res["user"] or 0) + (res["sys"] or 0)) / wall if wall else 0
    res["log"] = "\n".join(l for l in err.splitlines() if not l.startswith("\t"))[-2000:]
    if p.returncode != 0:
        fail(f"{cmd[0]} exited {p.returncode}: {res['log'][-500:]}")
    return res


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for d, _, fs in os.walk(path):
        for f in fs:
            total += os.path.getsize(os.path.join(d, f))
    return total


def ours_count_docs(bin_dir, db):
    s = out_of([os.path.join(bin_dir, "arxiv-index"), "--db", db, "status"])
    m = re.search(r"documents:\s*([0-9,]+)", s)
    return int(m.group(1).replace(",", "")) if m else None


def fts_count_docs(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n = con.execute("SELECT count(*) FROM papers").fetchone()[0]
    con.close()
    return n


def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def one_shot(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - t0, p


def measure_extras(query_bin, db, runs, warmup):
    """One-shot latency of what FTS5 has no counterpart for: more like this
    (seeded by the top paper of "kv cache") and facets of a phrase and of
    every paper. Returns [{"name", "label", "p50", "p95"}] in seconds."""
    seed = (out_of([query_bin, "--db", db, "-f", "ids", "-n", "1", '"kv cache"']).split() or [""])[0]
    if not seed:
        fail("no paper for --like: '\"kv cache\"' matched nothing")
        return []
    extras = []
    for name, label, extra in (
            ("like", f"more like this: --like {seed} (one paper)", ["--like", seed, "-f", "ids"]),
            ("facets_phrase", 'facets category,year,author of "large language model"',
             ["-f", "json", "-n", "0", "--facets", "category,year,author", '"large language model"']),
            ("facets_all", "facets category,year,author of every paper (the broadest query)",
             ["-f", "json", "-n", "0", "--facets", "category,year,author", "date:1900.."])):
        cmd = [query_bin, "--db", db] + extra
        for _ in range(warmup):
            one_shot(cmd)
        times = []
        for _ in range(runs):
            t, p = one_shot(cmd)
            if p.returncode not in (0, 1):
                fail(f"{name}: {p.stderr.decode()[:200]}")
            times.append(t)
        log(f"{name}: p50 {pct(times, 0.5) * 1000:.1f} ms")
        extras.append({"name": name, "label": label, "p50": pct(times, 0.5), "p95": pct(times, 0.95)})
    return extras


def latency(ours_cmd, fts_cmd, runs, warmup):
    """Alternating runs; returns (ours_times, fts_times, ours_out, fts_out)."""
    for _ in range(warmup):
        one_shot(ours_cmd)
        one_shot(fts_cmd)
    a, b = [], []
    outs = [None, None]
    for i in range(runs):
        order = [(ours_cmd, a, 0), (fts_cmd, b, 1)]
        if i % 2:
            order.reverse()
        for cmd, acc, k in order:
            t, p = one_shot(cmd)
            ok = p.returncode == 0 or (k == 0 and p.returncode == 1)  # arxiv-query: 1 = no results
            if not ok:
                fail(f"{cmd[0]} exited {p.returncode}: {p.stderr.decode(errors='replace')[:300]}")
                return a, b, outs
            acc.append(t)
            outs[k] = p.stdout.decode(errors="replace")
    return a, b, outs


# ---------------------------------------------------------------- report

def machine_info():
    cpu = "?"
    for line in out_of(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    mem = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    commit = "?"
    try:  # read the checked-out commit without running git
        head = open(os.path.join(ROOT, ".git", "HEAD")).read().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            p = os.path.join(ROOT, ".git", ref)
            if os.path.exists(p):
                commit = open(p).read().strip()[:12]
            else:
                for line in open(os.path.join(ROOT, ".git", "packed-refs")):
                    if line.strip().endswith(ref):
                        commit = line.split()[0][:12]
        else:
            commit = head[:12]
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "kernel": platform.release(),
            "os": out_of(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
            "xapian": out_of(["xapian-config", "--version"]).split()[-1],
            "sqlite": out_of(["sqlite3", "--version"]).split()[0],
            "python": platform.python_version(),
            "compiler": out_of(["c++", "--version"]).splitlines()[0],
            "commit": commit}


def fmt_s(x):
    return "–" if x is None else (f"{x:.2f} s" if x < 100 else f"{x:.0f} s")


def fmt_ms(x):
    return "–" if x is None else f"{x * 1000:.1f}"


def fmt_int(x):
    return "–" if x is None else f"{x:,.0f}"


def fmt_mib(b):
    return "–" if b is None else f"{b / 2**20:,.1f} MiB"


def ratio(a, b):
    return None if not a or not b else a / b


def fmt_ratio(r):
    return "–" if r is None else f"{r:.2f}×"


def yes(b):
    return "–" if b is None else ("yes" if b else "**no**")


def report(R):
    m, o, f = R["machine"], R["ours"], R["fts5"]
    L = []
    L.append(f"### {R['title']}")
    L.append("")
    L.append(f"Run {R['date']} on {m['cpu']} ({m['cores']} cores, {m['memory']} RAM), {m['os']}, "
             f"kernel {m['kernel']}; Xapian {m['xapian']}, SQLite {m['sqlite']}, Python {m['python']}, "
             f"{m['compiler']}; source commit {m['commit']}. Load average {R['load_before']} before, "
             f"{R['load_after']} after (other work on the machine adds noise).")
    L.append("")
    L.append(f"Command: `{R['command']}`")
    L.append("")
    c = R["corpus"]
    L.append(f"Corpus: {c['desc']} — {c['files']:,} files, {c['lines']:,} lines, {c['papers']:,} distinct "
             f"papers; held-out day `{c['increment_name']}`: {c['increment_lines']:,} lines "
             f"({c['increment_new']:,} new papers).")
    L.append("")
    full = R["scale"] == 1.0
    L.append("| Build and update | arxiv-search | FTS5 | ours / FTS5 | target" +
             ("" if full else " (at 2.7 M)") + " | met |")
    L.append("|---|---:|---:|---:|---|---|")
    ob, fb = o["build"], f["build"]
    L.append(f"| fresh build, wall | {fmt_s(ob['wall'])} | {fmt_s(fb['wall'])} | "
             f"{fmt_ratio(ratio(ob['wall'], fb['wall']))} | "
             + ("≤ 30 s (real corpus) | " + yes(ob['wall'] <= 30) if R["label"] == "real" else "– | –") + " |")
    L.append(f"| docs/s (distinct papers / wall) | {fmt_int(ob['docs_per_s'])} | {fmt_int(fb['docs_per_s'])} | "
             f"{fmt_ratio(ratio(ob['docs_per_s'], fb['docs_per_s']))} | ≥ 3,000 | {yes(ob['docs_per_s'] >= 3000)} |")
    L.append(f"| input lines/s | {fmt_int(ob['lines_per_s'])} | {fmt_int(fb['lines_per_s'])} | "
             f"{fmt_ratio(ratio(ob['lines_per_s'], fb['lines_per_s']))} | – | – |")
    L.append(f"| CPU utilisation (user+sys / wall) | {ob['cpu_pct']:.0f}% | {fb['cpu_pct']:.0f}% | – | "
             f"both cores (~200%) | {yes(ob['cpu_pct'] >= 150)} |")
    L.append(f"| peak RSS | {fmt_mib(ob['rss_kb'] * 1024)} | {fmt_mib(fb['rss_kb'] * 1024)} | "
             f"{fmt_ratio(ratio(ob['rss_kb'], fb['rss_kb']))} | – | – |")
    L.append(f"| index size | {fmt_mib(o['size'])} | {fmt_mib(f['size'])} | "
             f"{fmt_ratio(ratio(o['size'], f['size']))} | ≤ 1.5× FTS5 | {yes(o['size'] <= 1.5 * f['size'])} |")
    oi, fi = o["increment"], f["increment"]
    L.append(f"| add held-out day ({c['increment_lines']:,} lines), wall | {fmt_s(oi['wall'])} | "
             f"{fmt_s(fi['wall'])} | {fmt_ratio(ratio(oi['wall'], fi['wall']))} | ≤ 3 s | {yes(oi['wall'] <= 3)} |")
    L.append(f"| papers after build / after increment | {fmt_int(o['docs'])} / {fmt_int(o['docs_after'])} | "
             f"{fmt_int(f['docs'])} / {fmt_int(f['docs_after'])} | – | exact: "
             f"{c['papers']:,} / {c['papers_after']:,} | {yes(R['counts_exact'])} |")
    L.append("")
    L.append("| Query class | arxiv-search p50 / p95 ms | FTS5 p50 / p95 ms | p50 ours / FTS5 | "
             "in-process q/s ours / FTS5 | matches ours / FTS5 | p50 ≤ FTS5 and ≤ 15 ms |")
    L.append("|---|---:|---:|---:|---:|---:|---|")
    for q in R["queries"]:
        flag = ""
        if q["count_ours"] is not None and q["count_fts5"] is not None:
            hi, lo = max(q["count_ours"], q["count_fts5"]), min(q["count_ours"], q["count_fts5"])
            if hi and (hi - lo) / hi > 0.10:
                flag = " ⚠"
        met = None
        if q["ours_p50"] is not None and q["fts5_p50"] is not None:
            met = q["ours_p50"] <= q["fts5_p50"] and q["ours_p50"] <= 0.015
        L.append(f"| {q['label']} | {fmt_ms(q['ours_p50'])} / {fmt_ms(q['ours_p95'])} | "
                 f"{fmt_ms(q['fts5_p50'])} / {fmt_ms(q['fts5_p95'])} | "
                 f"{fmt_ratio(ratio(q['ours_p50'], q['fts5_p50']))} | "
                 f"{fmt_int(q['ours_qps'])} / {fmt_int(q['fts5_qps'])} | "
                 f"{fmt_int(q['count_ours'])} / {fmt_int(q['count_fts5'])}{flag} | {yes(met)} |")
    if R.get("extras"):
        L.append("")
        L.append("| Only arxiv-search | p50 / p95 ms | target |")
        L.append("|---|---:|---|")
        for e in R["extras"]:
            target = "p50 ≤ 50 ms" if e["name"] == "like" else "reported"
            L.append(f"| {e['label']} | {fmt_ms(e['p50'])} / {fmt_ms(e['p95'])} | {target} |")
    L.append("")
    L.append(f"One-shot latency: {R['runs']} runs per system and query after {R['warmup']} warm-up runs, "
             "alternating the two systems; starting `/bin/true` the same way takes "
             f"{R['spawn_p50'] * 1000:.1f} ms (the floor of both columns). ⚠ marks match counts more than 10% apart (different stemmers "
             "and tokenizers, see \"Equivalence\").")
    if R.get("plot"):
        L.append("")
        L.append(f"![one-shot latency per query class, {R['label']}]({R['plot']})")
    if R["failures"]:
        L.append("")
        L.append("**Failures:** " + "; ".join(R["failures"]))
    return "\n".join(L) + "\n"


def plot(R, path):
    if not shutil.which("gnuplot"):
        log("gnuplot not found; no plot (apt-get install gnuplot-nox)")
        return False
    data = path + ".dat"
    with open(data, "w") as fh:
        for q in R["queries"]:
            if q["ours_p50"] is None or q["fts5_p50"] is None:
                continue
            lab = q["label"].replace(" ", "\\n", 1)
            fh.write(f"\"{lab}\" {q['ours_p50']*1000:.3f} {q['ours_p50']*1000:.3f} {q['ours_p95']*1000:.3f} "
                     f"{q['fts5_p50']*1000:.3f} {q['fts5_p50']*1000:.3f} {q['fts5_p95']*1000:.3f}\n")
    script = f"""
set terminal pngcairo size 1100,520 font 'sans,10'
set output '{path}'
set title "One-shot query latency, process start to last byte ({R['label']}, {R['corpus']['papers']:,} papers): bar p50, whisker p95"
set ylabel 'ms'
set yrange [0:*]
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set key outside top center horizontal
set bmargin 4
set grid ytics
set xtics font ',9'
plot '{data}' using 2:3:4:xtic(1) title 'arxiv-search' lc rgb '#1f77b4', \\
     '' using 5:6:7 title 'SQLite FTS5' lc rgb '#ff7f0e', \\
     15 with lines dt 2 lc rgb '#555555' title 'target 15 ms'
"""
    p = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if p.returncode != 0:
        log("gnuplot failed: " + p.stderr[-500:])
        return False
    return True


def update_docs(R, md, plot_path):
    doc = os.path.join(ROOT, "docs", "benchmarks.md")
    rel = None
    if plot_path:
        name = "bench-latency.png" if R["label"] == "full" else f"bench-latency-{R['label']}.png"
        shutil.copy(plot_path, os.path.join(ROOT, "docs", name))
        rel = name
        md = md.replace(f"]({R['plot']})", f"]({rel})")
    begin, end = f"<!-- results:{R['label']}:begin -->", f"<!-- results:{R['label']}:end -->"
    block = f"{begin}\n{md}{end}"
    text = open(doc).read() if os.path.exists(doc) else "# Benchmarks\n\n<!-- results:insert-above -->\n"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    elif "<!-- results:insert-above -->" in text:
        text = text.replace("<!-- results:insert-above -->", block + "\n\n<!-- results:insert-above -->")
    else:
        text += "\n" + block + "\n"
    open(doc, "w").write(text)
    log(f"updated {doc}")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="arxiv-search vs SQLite FTS5 benchmark (docs/benchmarks.md)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--scale", type=float, help="fraction of 2.7 M synthetic papers (default 1)")
    g.add_argument("--papers", type=int, help="number of synthetic papers")
    g.add_argument("--real", action="store_true", help="the real corpus as it is (--corpus)")
    g.add_argument("--smoke", action="store_true",
                   help="tiny check for ctest: 5,400 papers from data/, few runs")
    ap.add_argument("--corpus", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "daily-arxiv")),
                    help="real daily-arxiv files: the source of the synthetic corpus, or the corpus with --real")
    ap.add_argument("--increment", type=int, help="lines in the held-out day (default 1000)")
    ap.add_argument("--work", default=os.path.join(HERE, "work"), help="corpus cache and indexes (bench/work)")
    ap.add_argument("--out", help="results directory (default WORK/results-LABEL)")
    ap.add_argument("--build", default=os.path.join(ROOT, "build-bench"), help="build directory (build-bench)")
    ap.add_argument("--bin-dir", help="use arxiv-index/arxiv-query from here instead of building")
    ap.add_argument("--qps-bin", help="arxiv-bench-qps binary (default: from the build)")
    ap.add_argument("--runs", type=int, default=30, help="timed one-shot runs per query and system (30)")
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--qps-seconds", type=float, default=2.0, help="seconds per query for queries/s (2)")
    ap.add_argument("--docs", action="store_true", help="write the results into docs/benchmarks.md")
    ap.add_argument("--clean", action="store_true", help="delete the indexes at the end")
    ap.add_argument("--extras-only", metavar="DB",
                    help="only time --like and facets (the table 'Only arxiv-search') on the index DB, "
                         "with arxiv-query from --bin-dir; nothing is built")
    args = ap.parse_args()

    if args.extras_only:
        if not args.bin_dir:
            ap.error("--extras-only needs --bin-dir")
        query_bin = os.path.join(os.path.abspath(args.bin_dir), "arxiv-query")
        db = os.path.abspath(args.extras_only)
        papers = out_of([query_bin, "--db", db, "--count", "date:1900.."]).strip()
        m = machine_info()
        log(f"extras on {db} ({papers} papers), {args.runs} runs after {args.warmup} warm-up runs")
        load = loadavg()
        extras = measure_extras(query_bin, db, args.runs, args.warmup)
        print(f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {m.get('cpu', '?')}; index {db} ({papers} papers); "
              f"load average {load} before, {loadavg()} after.\n")
        print("Command: `bench/run.sh " + " ".join(shlex.quote(a) for a in sys.argv[1:]) + "`\n")
        print("| Only arxiv-search | p50 / p95 ms |\n|---|---:|")
        for e in extras:
            print(f"| {e['label']} | {fmt_ms(e['p50'])} / {fmt_ms(e['p95'])} |")
        return

    if args.smoke:
        args.corpus = os.path.join(ROOT, "data", "daily-arxiv")
        args.papers = 5400
        args.runs, args.warmup, args.qps_seconds = min(args.runs, 3), 1, 0.1
    if args.real:
        label, scale = "real", None
    elif args.smoke:
        label, scale = "smoke", args.papers / FULL_PAPERS
    elif args.papers:
        label, scale = f"papers-{args.papers}", args.papers / FULL_PAPERS
    else:
        scale = 1.0 if args.scale is None else args.scale
        if not 0 < scale <= 1.5:
            ap.error("--scale must be in (0, 1.5]")
        args.papers = round(FULL_PAPERS * scale)
        label = "full" if scale == 1.0 else f"scale-{scale:g}"
    args.work = os.path.abspath(args.work)
    out = os.path.abspath(args.out or os.path.join(args.work, f"results-{label}"))
    os.makedirs(out, exist_ok=True)
    os.makedirs(args.work, exist_ok=True)
    command = "bench/run.sh " + " ".join(shlex.quote(a) for a in sys.argv[1:])

    # rough disk need: corpus ~0.75 KB/paper gz, indexes ~12 KB/paper together
    papers_est = args.papers or 80000
    need = papers_est * 13_000
    free = shutil.disk_usage(args.work).free
    if free < need:
        raise SystemExit(f"bench: need about {need / 2**30:.0f} GiB free under {args.work}, "
                         f"have {free / 2**30:.0f} GiB")
    if not os.path.exists("/usr/bin/time"):
        raise SystemExit("bench: /usr/bin/time is missing (apt-get install time)")
    if not shutil.which("sqlite3"):
        raise SystemExit("bench: the sqlite3 command is missing (apt-get install sqlite3)")

    if args.bin_dir:
        bin_dir = os.path.abspath(args.bin_dir)
        qps_bin = args.qps_bin or os.path.join(os.path.dirname(bin_dir), "bench", "arxiv-bench-qps")
    else:
        bin_dir, qps_bin = build_binaries(os.path.abspath(args.build))
        qps_bin = args.qps_bin or qps_bin
    index_bin, query_bin = os.path.join(bin_dir, "arxiv-index"), os.path.join(bin_dir, "arxiv-query")

    days, inc_file, manifest = ensure_corpus(args, label)
    day_files = sorted(glob.glob(os.path.join(days, "*.jsonl.gz")))
    ids, nlines = scan_ids(day_files)
    inc_ids, inc_lines = scan_ids([inc_file])
    corpus = {"files": len(day_files), "lines": nlines, "papers": len(ids),
              "papers_after": len(ids | inc_ids), "increment_name": os.path.basename(inc_file),
              "increment_lines": inc_lines, "increment_new": len(inc_ids - ids),
              "manifest": manifest,
              "desc": ("the real daily-arxiv corpus" if args.real else
                       f"synthetic, scale {scale:g} of 2.7 M papers (bench/make_corpus.py, seed {manifest.get('seed')})")}
    del ids, inc_ids
    log(f"corpus: {corpus['files']} files, {nlines:,} lines, {corpus['papers']:,} papers; "
        f"increment {inc_lines} lines")

    R = {"label": label, "scale": scale, "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
         "machine": machine_info(), "command": command, "corpus": corpus, "runs": args.runs,
         "warmup": args.warmup, "load_before": loadavg(),
         "title": ("Real corpus (74,728 papers)" if args.real else
                   f"Synthetic corpus, scale {scale:g} ({corpus['papers']:,} papers)"),
         "ours": {}, "fts5": {}, "queries": []}
    if args.smoke:
        R["title"] = "Smoke run"

    idx = os.path.join(args.work, f"index-{label}")
    ours_db, fts_db = os.path.join(idx, "xapian"), os.path.join(idx, "fts5.db")
    shutil.rmtree(idx, ignore_errors=True)
    os.makedirs(idx)
    env = dict(os.environ)

    # ---- fresh builds
    for name, cmd in (("ours", [index_bin, "--db", ours_db, "--quiet", "add", days]),
                      ("fts5", [sys.executable, os.path.join(HERE, "fts5.py"), "build", "--db", fts_db, days])):
        warm_files(day_files)
        log(f"fresh build ({name}): {' '.join(cmd)}")
        b = timed(cmd, env)
        b["docs_per_s"] = corpus["papers"] / b["wall"]
        b["lines_per_s"] = nlines / b["wall"]
        R[name]["build"] = b
        log(f"  {b['wall']:.1f}s, {b['docs_per_s']:,.0f} docs/s, CPU {b['cpu_pct']:.0f}%, "
            f"RSS {b['rss_kb'] / 1024:.0f} MiB")
    R["ours"]["size"], R["fts5"]["size"] = du(ours_db), du(fts_db)
    R["ours"]["docs"], R["fts5"]["docs"] = ours_count_docs(bin_dir, ours_db), fts_count_docs(fts_db)

    # ---- daily increment
    for name, cmd in (("ours", [index_bin, "--db", ours_db, "--quiet", "add", inc_file]),
                      ("fts5", [sys.executable, os.path.join(HERE, "fts5.py"), "add", "--db", fts_db, inc_file])):
        log(f"increment ({name})")
        R[name]["increment"] = timed(cmd, env)
        log(f"  {R[name]['increment']['wall']:.2f}s")
    R["ours"]["docs_after"], R["fts5"]["docs_after"] = ours_count_docs(bin_dir, ours_db), fts_count_docs(fts_db)
    R["counts_exact"] = (R["ours"]["docs"] == R["fts5"]["docs"] == corpus["papers"] and
                         R["ours"]["docs_after"] == R["fts5"]["docs_after"] == corpus["papers_after"])
    if not R["counts_exact"]:
        fail(f"paper counts: expected {corpus['papers']}/{corpus['papers_after']}, arxiv-search "
             f"{R['ours']['docs']}/{R['ours']['docs_after']}, FTS5 {R['fts5']['docs']}/{R['fts5']['docs_after']}")

    # ---- queries: counts, one-shot latency
    con = sqlite3.connect(f"file:{fts_db}?mode=ro", uri=True)
    for q in queries.QUERIES:
        ours_cmd = [query_bin, "--db", ours_db] + queries.ours_args(q)
        sql, _ = queries.fts_sql(q, inline=True)
        fts_cmd = ["sqlite3", "-readonly", fts_db, sql]
        cnt = out_of([query_bin, "--db", ours_db, "--count"] + q["ours"])
        count_ours = int(cnt) if cnt.isdigit() else None
        if count_ours is None:
            fail(f"arxiv-query --count {q['ours']}: {cnt[:200]}")
        csql, params = queries.fts_sql(q, count=True)
        try:
            count_fts = con.execute(csql, params).fetchone()[0]
        except sqlite3.Error as e:
            fail(f"FTS5 count {q['name']}: {e}")
            count_fts = None
        log(f"query {q['name']}: matches {count_ours} / {count_fts}; timing")
        a, b, outs = latency(ours_cmd, fts_cmd, args.runs, args.warmup)
        got = [len((o or "").split()) for o in outs]
        for k, (n, c) in enumerate(((got[0], count_ours), (got[1], count_fts))):
            if c and n != min(10, c):
                fail(f"{q['name']}: {'arxiv-query' if k == 0 else 'sqlite3'} printed {n} ids, expected {min(10, c)}")
        R["queries"].append({
            "name": q["name"], "label": q["label"], "ours_query": " ".join(q["ours"]), "fts5_sql": sql,
            "count_ours": count_ours, "count_fts5": count_fts,
            "ours_p50": pct(a, 0.5) if a else None, "ours_p95": pct(a, 0.95) if a else None,
            "fts5_p50": pct(b, 0.5) if b else None, "fts5_p95": pct(b, 0.95) if b else None,
            "ours_times": a, "fts5_times": b, "ours_first_ids": (outs[0] or "").split()[:10],
            "fts5_first_ids": (outs[1] or "").split()[:10]})
    con.close()
    base = [one_shot(["true"])[0] for _ in range(args.runs)]
    R["spawn_p50"] = pct(base, 0.5)

    # ---- ours only (FTS5 has no counterpart): more like this, facets
    R["extras"] = measure_extras(query_bin, ours_db, args.runs, args.warmup)

    # ---- in-process queries/s
    tsv = "".join(f"{q['name']}\t{(q['ours'][1] if q['ours'][0] == '--sort' else 'relevance')}\t"
                  f"{' '.join(q['ours'][2:] if q['ours'][0] == '--sort' else q['ours'])}\n"
                  for q in queries.QUERIES)
    qo, qf = {}, {}
    if os.path.exists(qps_bin):
        p = subprocess.run([qps_bin, ours_db, str(args.qps_seconds)], input=tsv, text=True, capture_output=True)
        if p.returncode == 0:
            qo = json.loads(p.stdout)
        else:
            fail(f"arxiv-bench-qps: {p.stderr[:300]}")
    else:
        fail(f"no {qps_bin}: build the arxiv-bench-qps target")
    p = subprocess.run([sys.executable, os.path.join(HERE, "fts5.py"), "qps", "--db", fts_db,
                        "--seconds", str(args.qps_seconds)], text=True, capture_output=True)
    if p.returncode == 0:
        qf = json.loads(p.stdout)
    else:
        fail(f"fts5.py qps: {p.stderr[:300]}")
    for r in R["queries"]:
        r["ours_qps"], r["fts5_qps"] = qo.get(r["name"]), qf.get(r["name"])

    R["load_after"] = loadavg()
    R["failures"] = FAILURES
    png = os.path.join(out, "bench-latency.png")
    if plot(R, png):
        R["plot"] = "bench-latency.png"
    md = report(R)
    with open(os.path.join(out, "results.md"), "w") as fh:
        fh.write(md)
    with open(os.path.join(out, "results.json"), "w") as fh:
        json.dump(R, fh, indent=1)
    print(md)
    if args.docs:
        update_docs(R, md, png if R.get("plot") else None)
    if args.clean:
        shutil.rmtree(idx, ignore_errors=True)
    log(f"results in {out}")
    if FAILURES:
        log(f"{len(FAILURES)} failure(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
