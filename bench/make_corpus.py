#!/usr/bin/env python3
"""Deterministic synthetic arXiv corpus in the daily-arxiv JSON-lines format.

Reads the real daily-arxiv files (default ../shared/corpus/daily-arxiv) and
writes N synthetic papers (default 2,700,000, i.e. the size of arXiv; --scale
is a fraction of that) as gzip files named YYYY-MM-DD.jsonl.gz in date order,
plus one held-out ~1,000-line "next day" file for the daily-increment test.

Method (docs/benchmarks.md, "Corpus scaling", says the same):
  * ids: new-style, months 0704..2606; papers per month grow exponentially
    (x7 from 2007-04 to 2026-06) and add up to 2.7 M at scale 1; a month's
    numbers are a random subset of 1..(its full-scale count), so ids look like
    real ones (YYMM.NNNN before 1501, YYMM.NNNNN from 1501).
  * every synthetic paper copies the *shape* of a random real paper ("seed"):
    its category list, number of authors and number of abstract sentences;
  * abstract: that many real sentences, the k-th taken from the matching
    relative position of a random real abstract with the same primary
    category (so topic co-occurrence survives), hard wraps kept;
  * title: the head of one real title of that category joined to the tail
    of another, split at ':' or a connective (for, with, via, ...);
  * authors: drawn from all real author occurrences (prolific authors stay
    prolific); comment: a random real one of that category (or none);
  * vocabulary growth: words that occur in a single real abstract are, with a
    probability chosen so that the number of distinct words grows like Heaps'
    law V ~ n^0.5 beyond the real corpus, replaced by a new unique word; new
    author names (given name of one real author + surname of another) are
    made the same way. Below the real corpus size nothing is invented;
  * timeline: a paper first appears on a random day of its submission month
    (5.6% in the next month, as in the real files); it appears again as often
    as a random real id does (~1.6 lines per id) after a real gap (0-3 days,
    rarely more); 5% of the repeats change the text (one abstract sentence,
    sometimes the title tail or an added cross-list) so newest-wins matters;
  * files: consecutive days are grouped until a file holds at least
    --min-lines lines (default 1,000), named by their last day; within a file,
    new papers come first, then repeats (as arXiv lists new, cross-lists,
    replacements);
  * held-out day (increment/): --increment lines (default 1,000) dated the
    day after the last file: 60% new papers of the last month, 40% repeats of
    papers from the last week (10% of them changed).
Everything comes from one seeded random.Random, so the same arguments and the
same source files give byte-identical output. Output is streamed: memory holds
the source pools plus about two months of pending lines.

Usage: make_corpus.py [--scale S | --papers N] [--corpus DIR] --out DIR
       make_corpus.py --increment-only --corpus DIR --out DIR   (a held-out
           day for a corpus that is used as is, e.g. the real one)
"""

import argparse
import bisect
import datetime as dt
import glob
import gzip
import json
import math
import os
import random
import re
import sys
import time

FULL_PAPERS = 2_700_000
FIRST_MONTH = (2007, 4)
LAST_MONTH = (2026, 6)
GROWTH = 7.0            # papers/month in LAST_MONTH / in FIRST_MONTH
HEAPS_BETA = 0.5        # distinct words ~ papers^beta beyond the source size
P_NEXT_MONTH = 0.056    # first listed in the month after submission (real: 5.6%)
P_CHANGE = 0.05         # a repeat line carries changed text
VERSION = 1             # bump when the output for the same arguments changes

CONNECTIVES = {"for", "with", "via", "in", "on", "of", "using", "through", "towards",
               "toward", "from", "under", "and", "to", "by", "as", "at", "without", "beyond"}
SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[$\\])")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
SYLL = [c + v for c in "bdfgklmnprtvz" for v in "aou"]


def log(msg):
    print(f"make_corpus: {msg}", file=sys.stderr, flush=True)


def months():
    y, m = FIRST_MONTH
    out = []
    while (y, m) <= LAST_MONTH:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_start(y, m):
    return dt.date(y, m, 1)


def next_month(y, m):
    return (y + 1, 1) if m == 12 else (y, m + 1)


def full_month_counts(ms):
    """Full-scale papers per month: exponential growth, summing to FULL_PAPERS."""
    n = len(ms)
    w = [GROWTH ** (i / (n - 1)) for i in range(n)]
    s = sum(w)
    counts = [round(FULL_PAPERS * x / s) for x in w]
    counts[-1] += FULL_PAPERS - sum(counts)
    return counts


def apportion(total, weights):
    """Integers proportional to weights adding up to total (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[:rest]:
        out[i] += 1
    return out


def format_id(y, m, num):
    yymm = f"{y % 100:02d}{m:02d}"
    return f"{yymm}.{num:05d}" if (y, m) >= (2015, 1) else f"{yymm}.{num:04d}"


def syllables(n):
    out = []
    while True:
        n, r = divmod(n, len(SYLL))
        out.append(SYLL[r])
        if n == 0:
            return "".join(out)


class Source:
    """Pools drawn from the real corpus (newest line of each id)."""

    def __init__(self, files):
        newest = {}
        self.lines_per_id = {}
        first_day = {}
        self.gaps = []
        for f in files:
            day = dt.date.fromisoformat(os.path.basename(f)[:10])
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                for line in fh:
                    try:
                        r = json.loads(line)
                        i = r["id"]
                    except (ValueError, KeyError):
                        continue
                    newest[i] = r
                    self.lines_per_id[i] = self.lines_per_id.get(i, 0) + 1
                    if i in first_day:
                        self.gaps.append((day - first_day[i]).days)
                    else:
                        first_day[i] = day
        if not newest:
            raise SystemExit("make_corpus: no records in the source corpus")
        self.source_lines = sum(self.lines_per_id.values())
        self.lines_per_id = sorted(self.lines_per_id.values())
        if not self.gaps:
            self.gaps = [0]
        self.gaps.sort()
        papers = [newest[k] for k in sorted(newest)]
        self.n = len(papers)
        self.last_files = files[-7:]
        self.last_day = dt.date.fromisoformat(os.path.basename(files[-1])[:10])

        # document frequency of lower-cased words over abstracts -> hapax words
        df = {}
        sents_per_paper = []
        for r in papers:
            s = [x for x in SENT_SPLIT.split((r.get("summary") or "").strip()) if x]
            sents_per_paper.append(s or ["No abstract."])
            for w in set(m.group(0).lower() for m in WORD.finditer(r.get("summary") or "")):
                df[w] = df.get(w, 0) + 1
        hapax = {w for w, c in df.items() if c == 1}
        self.vocab = len(df)
        self.hapax_occ = 0
        self.sentences = []      # (text, [(start, end), ...] of hapax words)
        self.sent_start = []     # per paper: index of its first sentence
        self.sent_count = []
        for s in sents_per_paper:
            self.sent_start.append(len(self.sentences))
            self.sent_count.append(len(s))
            for text in s:
                spans = [(m.start(), m.end()) for m in WORD.finditer(text)
                         if m.group(0).lower() in hapax]
                self.hapax_occ += len(spans)
                self.sentences.append((text, spans))
        del sents_per_paper, df, hapax

        self.cats = [r.get("categories") or ["cs.LG"] for r in papers]
        self.n_authors = [len(r.get("authors") or []) for r in papers]
        self.comments = [r.get("comment") for r in papers]
        self.heads, self.tails = [], []
        for r in papers:
            h, t = split_title(r.get("title") or "Untitled")
            self.heads.append(h)
            self.tails.append(t)
        self.authors = [a for r in papers for a in (r.get("authors") or [])]
        self.distinct_authors = len(set(self.authors))
        self.given, self.surname = [], []
        for a in self.authors:
            parts = a.rsplit(" ", 1)
            if len(parts) == 2:
                self.given.append(parts[0])
                self.surname.append(parts[1])
        if not self.authors:
            self.authors = ["A. Author"]
        if not self.given:
            self.given, self.surname = ["A."], ["Author"]

        # pools of paper indices per primary category, else archive, else all
        by_prim, by_arch = {}, {}
        for i, c in enumerate(self.cats):
            by_prim.setdefault(c[0], []).append(i)
            by_arch.setdefault(c[0].split(".")[0], []).append(i)
        everyone = list(range(self.n))
        self.pool = {}
        for p in by_prim:
            if len(by_prim[p]) >= 30:
                self.pool[p] = by_prim[p]
            elif len(by_arch[p.split(".")[0]]) >= 30:
                self.pool[p] = by_arch[p.split(".")[0]]
            else:
                self.pool[p] = everyone


def split_title(title):
    """(head, tail): tail starts at ':' or a connective word; tail may be ''."""
    t = " ".join(title.split())
    cut = t.find(": ")
    if 0 < cut:
        return t[:cut], t[cut:]
    words = t.split(" ")
    cands = [i for i, w in enumerate(words) if 1 <= i < len(words) - 1 and w.lower() in CONNECTIVES]
    if not cands:
        return t, ""
    i = cands[len(cands) // 2]
    return " ".join(words[:i]), " " + " ".join(words[i:])


class Generator:
    def __init__(self, src, papers, seed):
        self.src = src
        self.rng = random.Random(seed)
        ratio = papers / src.n
        # Heaps: distinct words ~ papers^beta; invent the missing ones from hapax words.
        if ratio > 1:
            new_words = src.vocab * (ratio ** HEAPS_BETA - 1)
            self.q_word = min(1.0, new_words / max(1, ratio * src.hapax_occ))
            new_names = src.distinct_authors * (ratio ** HEAPS_BETA - 1)
            self.q_name = min(1.0, new_names / max(1, ratio * len(src.authors)))
        else:
            self.q_word = self.q_name = 0.0
        self.doc_no = 0

    def sentence(self, paper, k, of, doc_no, salt):
        src = self.src
        n = src.sent_count[paper]
        j = min(n - 1, (k * n) // of)
        text, spans = src.sentences[src.sent_start[paper] + j]
        if spans and self.q_word:
            rng = self.rng
            out, last = [], 0
            for a, b in spans:
                if rng.random() < self.q_word:
                    out.append(text[last:b])
                    out.append(syllables((doc_no * 64 + salt) % (1 << 40)))
                    salt += 1
                    last = b
            if out:
                out.append(text[last:])
                text = "".join(out)
        return text, salt

    def title(self, pool):
        rng = self.rng
        a = pool[rng.randrange(len(pool))]
        b = pool[rng.randrange(len(pool))]
        head, tail = self.src.heads[a], self.src.tails[b]
        if not self.src.tails[a] and rng.random() < 0.5:
            return head  # unsplittable titles stay whole about as often as they occur
        return head + tail

    def author(self):
        rng, src = self.rng, self.src
        if self.q_name and rng.random() < self.q_name:
            return src.given[rng.randrange(len(src.given))] + " " + src.surname[rng.randrange(len(src.surname))]
        return src.authors[rng.randrange(len(src.authors))]

    def paper(self, pid):
        """A new synthetic record (dict) for id pid."""
        rng, src = self.rng, self.src
        self.doc_no += 1
        seed = rng.randrange(src.n)
        cats = list(src.cats[seed])
        pool = src.pool[cats[0]]
        nsent = src.sent_count[seed]
        sents, salt = [], 0
        for k in range(nsent):
            s, salt = self.sentence(pool[rng.randrange(len(pool))], k, nsent, self.doc_no, salt)
            sents.append(s)
        summary = ""
        for i, s in enumerate(sents):
            if i:
                summary += "\n" if rng.random() < 0.1 else " "
            summary += s
        nau = src.n_authors[seed]
        authors, seen = [], set()
        for _ in range(nau):
            for _try in range(5):
                a = self.author()
                if a not in seen:
                    break
            seen.add(a)
            authors.append(a)
        comment = src.comments[pool[rng.randrange(len(pool))]]
        return {"id": pid, "pdf": f"https://arxiv.org/pdf/{pid}", "abs": f"https://arxiv.org/abs/{pid}",
                "authors": authors, "title": self.title(pool), "categories": cats,
                "comment": comment, "summary": summary}

    def changed(self, rec):
        """A later version: one abstract sentence replaced, maybe title/cross-list."""
        rng, src = self.rng, self.src
        r = dict(rec)
        pool = src.pool.get(r["categories"][0]) or list(range(src.n))
        sents = SENT_SPLIT.split(r["summary"])
        k = rng.randrange(len(sents))
        self.doc_no += 1
        sents[k], _ = self.sentence(pool[rng.randrange(len(pool))], k, len(sents), self.doc_no, 0)
        r["summary"] = " ".join(sents)
        if rng.random() < 0.3:
            head, _ = split_title(r["title"])
            r["title"] = head + (src.tails[pool[rng.randrange(len(pool))]] or " revisited")
        if rng.random() < 0.2:
            extra = src.cats[rng.randrange(src.n)][0]
            if extra not in r["categories"]:
                r["categories"] = r["categories"] + [extra]
        return r

    def repeats(self):
        """Gaps (days after the first line) of the extra lines of one paper."""
        rng, src = self.rng, self.src
        k = src.lines_per_id[rng.randrange(len(src.lines_per_id))]
        return sorted(src.gaps[rng.randrange(len(src.gaps))] for _ in range(k - 1))


def dumps(rec):
    return json.dumps(rec, ensure_ascii=False)


class DayWriter:
    """Groups consecutive days into files of at least min_lines lines."""

    def __init__(self, outdir, min_lines):
        self.outdir, self.min_lines = outdir, min_lines
        os.makedirs(outdir, exist_ok=True)
        self.tmp = os.path.join(outdir, ".partial.jsonl.gz")
        self.fh = None
        self.lines = 0
        self.files = 0
        self.total_lines = 0

    def day(self, date, lines):
        if not lines:
            return
        if self.fh is None:
            raw = open(self.tmp, "wb")
            self.fh = gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=raw, mtime=0)
            self.raw = raw
        self.fh.write(("\n".join(lines) + "\n").encode("utf-8"))
        self.lines += len(lines)
        self.total_lines += len(lines)
        self.last = date
        if self.lines >= self.min_lines:
            self.close()

    def close(self):
        if self.fh is None:
            return
        self.fh.close()
        self.raw.close()
        os.replace(self.tmp, os.path.join(self.outdir, f"{self.last.isoformat()}.jsonl.gz"))
        self.fh = None
        self.lines = 0
        self.files += 1


def write_gz(path, lines):
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", compresslevel=6,
                                                 fileobj=raw, mtime=0) as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))


def make_increment(gen, day, recent, used_numbers, n_lines):
    """The held-out day: new papers of day's month and repeats of recent papers."""
    rng = gen.rng
    n_new = round(n_lines * 0.6)
    y, m = day.year, day.month
    nums = sorted(rng.sample(range(used_numbers + 1, used_numbers + 1 + 4 * n_new), n_new))
    news = [gen.paper(format_id(y, m, x)) for x in nums]
    latest = {}
    for r in recent:                      # the newest text of each recent id
        latest[r["id"]] = r
    recent = list(latest.values())
    reps = []
    if recent:
        for _ in range(n_lines - n_new):
            r = recent[rng.randrange(len(recent))]
            reps.append(gen.changed(r) if rng.random() < 0.1 else r)
    return [dumps(r) for r in news + reps], len(news)


def generate(args, src):
    ms = months()
    full = full_month_counts(ms)
    papers = args.papers if args.papers is not None else round(FULL_PAPERS * args.scale)
    counts = apportion(papers, full)
    for i, (y, m) in enumerate(ms):
        if (y, m) < (2015, 1) and counts[i] > 9999:
            raise SystemExit("make_corpus: more than 9,999 papers in a pre-2015 month; use --scale <= 1")
    gen = Generator(src, papers, args.seed)
    log(f"{papers:,} papers over {len(ms)} months; source {src.n:,} papers, {src.vocab:,} words, "
        f"{src.distinct_authors:,} authors; new-word rate {gen.q_word:.3f}, new-name rate {gen.q_name:.3f}")
    out_days = os.path.join(args.out, "days")
    for f in glob.glob(os.path.join(out_days, "*.jsonl.gz")):
        os.remove(f)
    writer = DayWriter(out_days, args.min_lines)
    pending = {}          # date -> list of (order, rand, line)
    last_day = month_start(*next_month(*LAST_MONTH)) - dt.timedelta(days=1)
    recent = []           # (date, record) of the last week, for the increment
    changed_lines = 0
    t0 = time.time()

    def flush_until(limit):
        for d in sorted(x for x in pending if x < limit):
            items = pending.pop(d)
            items.sort(key=lambda t: (t[0], t[1]))
            writer.day(d, [t[2] for t in items])
            if d > last_day - dt.timedelta(days=7):
                recent.extend(json.loads(t[2]) for t in items)

    for i, (y, m) in enumerate(ms):
        rng = gen.rng
        nums = sorted(rng.sample(range(1, full[i] + 1), counts[i]))
        start = month_start(y, m)
        ndays = (month_start(*next_month(y, m)) - start).days
        for num in nums:
            rec = gen.paper(format_id(y, m, num))
            day = start + dt.timedelta(days=rng.randrange(ndays))
            if (y, m) != LAST_MONTH and rng.random() < P_NEXT_MONTH:
                day = start + dt.timedelta(days=ndays + rng.randrange(7))
            line = dumps(rec)
            pending.setdefault(day, []).append((0, rng.random(), line))
            for j, gap in enumerate(gen.repeats(), 1):
                d2 = day + dt.timedelta(days=gap)
                if d2 > last_day:
                    break
                if gap > 0 and rng.random() < P_CHANGE:
                    rec = gen.changed(rec)
                    line = dumps(rec)
                    changed_lines += 1
                pending.setdefault(d2, []).append((j, rng.random(), line))
        flush_until(month_start(*next_month(y, m)))
        if (i + 1) % 12 == 0 or i + 1 == len(ms):
            el = time.time() - t0
            log(f"{y}-{m:02d}: {writer.total_lines:,} lines in {writer.files} files, {el:.0f}s")
    flush_until(dt.date.max)
    writer.close()

    inc_lines = args.increment if args.increment is not None else min(1000, max(50, writer.total_lines // 5))
    inc_day = last_day + dt.timedelta(days=1)
    lines, inc_new = make_increment(gen, inc_day, recent, 0, inc_lines)
    inc_dir = os.path.join(args.out, "increment")
    os.makedirs(inc_dir, exist_ok=True)
    for f in glob.glob(os.path.join(inc_dir, "*.jsonl.gz")):
        os.remove(f)
    write_gz(os.path.join(inc_dir, f"{inc_day.isoformat()}.jsonl.gz"), lines)
    return {"papers": papers, "lines": writer.total_lines, "files": writer.files,
            "changed_lines": changed_lines, "increment_lines": len(lines),
            "increment_new_papers": inc_new, "new_word_rate": gen.q_word,
            "new_name_rate": gen.q_name}


def increment_only(args, src):
    """A held-out day after the last file of a corpus used as is."""
    gen = Generator(src, src.n, args.seed)
    recent = []
    for f in src.last_files:
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            recent.extend(json.loads(l) for l in fh if l.strip())
    day = src.last_day + dt.timedelta(days=1)
    # numbers above every id of that month in the corpus
    prefix = f"{day.year % 100:02d}{day.month:02d}."
    top = max([int(r["id"].split(".")[1]) for r in recent if r["id"].startswith(prefix)] or [0])
    lines, inc_new = make_increment(gen, day, recent, top,
                                    args.increment if args.increment is not None else 1000)
    inc_dir = os.path.join(args.out, "increment")
    os.makedirs(inc_dir, exist_ok=True)
    for f in glob.glob(os.path.join(inc_dir, "*.jsonl.gz")):
        os.remove(f)
    write_gz(os.path.join(inc_dir, f"{day.isoformat()}.jsonl.gz"), lines)
    return {"increment_lines": len(lines), "increment_new_papers": inc_new}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "corpus", "daily-arxiv"),
                    help="directory of real daily-arxiv *.jsonl.gz files (the source)")
    ap.add_argument("--source-files", type=int, default=0, help="use only the first N source files")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--scale", type=float, default=1.0, help="fraction of 2.7 M papers (default 1)")
    g.add_argument("--papers", type=int, help="number of distinct papers (overrides --scale)")
    ap.add_argument("--min-lines", type=int, default=1000, help="lines per file at least (default 1000)")
    ap.add_argument("--increment", type=int, help="lines in the held-out day (default 1000)")
    ap.add_argument("--seed", type=int, default=20260701)
    ap.add_argument("--increment-only", action="store_true",
                    help="only write increment/ for the corpus itself (used with --real)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.scale <= 0 or args.scale > 1.5:
        ap.error("--scale must be in (0, 1.5]")

    files = sorted(glob.glob(os.path.join(args.corpus, "*.jsonl.gz")))
    if args.source_files:
        files = files[:args.source_files]
    if not files:
        raise SystemExit(f"make_corpus: no *.jsonl.gz files in {args.corpus}")
    t0 = time.time()
    src = Source(files)
    log(f"read {len(files)} source files ({src.n:,} papers) in {time.time() - t0:.1f}s")
    os.makedirs(args.out, exist_ok=True)
    info = increment_only(args, src) if args.increment_only else generate(args, src)
    info.update({"generator_version": VERSION, "seed": args.seed, "source_files": len(files),
                 "source_papers": src.n, "source_lines": src.source_lines,
                 "seconds": round(time.time() - t0, 1)})
    with open(os.path.join(args.out, "manifest.json"), "w") as fh:
        json.dump(info, fh, indent=1)
    log(json.dumps(info))


if __name__ == "__main__":
    main()
