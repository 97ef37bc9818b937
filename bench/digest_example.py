#!/usr/bin/env python3
"""Writes docs/digest-example.md from real runs: every output in it is what the
commands shown printed (abstracts shortened to their first 200 characters and
" […]", some entries left out where the page says so).

  bench/digest_example.py BIN_DIR INDEX [SCRATCH]

BIN_DIR holds arxiv-query; INDEX is an index of the shared corpus (arxiv-index
add ../shared/corpus/daily-arxiv/). Grades of the VLA week, when graded, are
read as bench/digest_judge.py reads them (grades-tune-vla-week-vla.tsv and
grades-extra-tune-vla-week-vla.tsv).
"""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import digest_judge  # noqa: E402  (the grades, as the metrics read them)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin_dir, index = sys.argv[1], os.path.abspath(sys.argv[2])
scratch = sys.argv[3] if len(sys.argv) > 3 else "/tmp/digest-demo"  # the path the page shows
shutil.rmtree(os.path.join(scratch, "state"), ignore_errors=True)
os.makedirs(scratch, exist_ok=True)
shutil.copy(os.path.join(REPO, "docs/digest-example.json"), scratch)
env = dict(os.environ, XDG_STATE_HOME=os.path.join(scratch, "state"),
           PATH=os.path.abspath(bin_dir) + ":" + os.environ["PATH"])
WEEK = "--since 2026-06-23 --until 2026-06-29"


def sh(cmd):
    r = subprocess.run(cmd, shell=True, cwd=scratch, env=env, capture_output=True, text=True)
    return r.stdout, r.returncode


def shorten(text):
    out = []
    for line in text.split("\n"):
        for label in ("**Summary**: ", "**Abstract**: ", "    - ", "Abstract: "):
            if line.startswith(label) and len(line) > len(label) + 200:
                line = line[: len(label) + 200].rstrip() + " […]"
        out.append(line)
    return "\n".join(out)


def only_entries(md, keep):
    """The markdown with each topic's first `keep` entry blocks; the rest as […]."""
    out, count, skipping = [], 0, False
    for line in md.split("\n"):
        if line.startswith("## "):
            count, skipping = 0, False
        elif line.startswith("### "):
            count += 1
            if count > keep:
                if not skipping:
                    out.append("[…]\n")
                skipping = True
                continue
            skipping = False
        elif line.startswith("*") and "more not shown" in line:
            skipping = False
        if not skipping:
            out.append(line)
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(out))


page = []
w = page.append
w("""# A worked digest: one week of the shared corpus

This page is written by `bench/digest_example.py` from real runs of `arxiv-query digest` over the
shared daily-arxiv corpus (`../shared/corpus/daily-arxiv`, 410 daily files up to 2026-07-01): five
topics — a VLA topic, two keyword topics, two people followed and the papers that resemble one
liked paper — over one week. Every output below is what the commands shown printed; only the
abstracts are shortened (`[…]`) and, where the page says so, entries left out. Rerun it with
`bench/digest_example.py build/bin INDEX` after changing the digest.

## 1. Index the corpus

```console
$ arxiv-index --db index add ../shared/corpus/daily-arxiv/
arxiv-index: 120405 records from 410 files in 465.6s (259 records/s): added 74728, replaced 139, unchanged 45538, deleted 0, skipped 0
```

(On a 2-core VM shared with two other builds; about a minute on two idle cores. The corpus is
daily-arxiv JSON lines: they carry no dates inside, so each paper's submission month comes from
its id and the file name gives the day a listing announced it — that day is what the digest's
"Updated" and "Announced" show.)

## 2. The configuration

[`docs/digest-example.json`](digest-example.json) (it validates against
[`digest-config.schema.json`](digest-config.schema.json), and the tests check that it does):

```json
""" + open(os.path.join(REPO, "docs/digest-example.json")).read().rstrip() + """
```

- `VLA` wants vision-language-action papers, up to 20 of them (the file's `limit` is 4).
- `kv cache` only wants papers listed in cs.CL, cs.LG, cs.AI or cs.CV; a paper from another
  primary category that is cross-listed there is tagged **cross-listed**.
- `speculative decoding` leaves out surveys with a per-topic exclusion query.
- `people I follow` follows two authors (accents folded; a name matches within one author, like
  `au:"NAME"`), with its own limit of 5. A topic needs no query: `authors`, `like` and `query` can
  be used alone or together.
- `like R-KV` lists papers that resemble a paper liked earlier, R-KV (2505.24133, KV-cache
  compression for reasoning models), by its arXiv id; R-KV itself is never listed.
- The global `exclude` lists mute a category and a phrase in every topic.

## 3. The week's digest

The window is one week of June, `""" + WEEK + """` (`--days 7` would count back from today,
long after the corpus ends). The digest goes to a file, written atomically; the state of this
configuration is written after it:

""")
_, code = sh(f"arxiv-query --db {index} digest digest-example.json {WEEK} -o week.md")
state_file = [f for f in os.listdir(os.path.join(scratch, "state/arxiv-search/digests"))][0]
state, _ = sh(f"cat state/arxiv-search/digests/{state_file}")
w(f"""```console
$ cp $REPO/docs/digest-example.json /tmp/digest-demo/ && cd /tmp/digest-demo   # REPO: this checkout
$ export XDG_STATE_HOME=/tmp/digest-demo/state
$ arxiv-query --db index digest digest-example.json {WEEK} -o week.md
$ echo $?
{code}
$ cat state/arxiv-search/digests/digest-example-*.json
{state.rstrip()}
```

`week.md`, with each topic's first two entries (each topic lists its best papers first; the
limit keeps the best):

```markdown
""")
week = open(os.path.join(scratch, "week.md")).read()
w(shorten(only_entries(week, 2)).rstrip() + "\n```\n")
w("""
Each entry's **Why** line gives its score from 0 to 10 and the reasons it was picked, quoting the
paper's own words (see "Why this paper" in the README): how much of the paper is about the topic
(its words against those of the papers that stand for the topic outside the window, as half the
grade blind graders gave papers alike: "reads like the topic"), shaded by where the query's words
are (the title, the abstract, or only their stems). The **Novelty** line
names the nearest earlier paper: 0 for a near repeat of one, 10 when nothing before resembles it.

## 4. The scored layout

`--layout scored` writes the same picks as one list across topics, best first, each paper once,
after the scored personal digests people read: the three counts, a numbered table of contents
with every paper, then the papers (here the first three):

""")
scored, _ = sh(f"arxiv-query --db {index} digest digest-example.json {WEEK} --dry-run --layout scored")
head, _, papers = scored.partition("\n## Papers\n")
first3 = re.split(r"(?=^### \d+\. )", papers, flags=re.M)
w("```console\n$ arxiv-query --db index digest digest-example.json " + WEEK + " --dry-run --layout scored\n```\n\n")
w("```markdown\n" + shorten(head + "\n## Papers\n" + "".join(first3[:4])).rstrip() + "\n[…]\n```\n")
w("""
[`digest-scored.tmpl`](digest-scored.tmpl) writes the same layout as plain text through a
template (`--template`), from the JSON's ranked `papers` list.

## 5. A week of VLA picks, judged

The VLA topic's picks of the week, best first, with their scores and novelty. The grades are
blind: the same papers are in `bench/digest-judged/pool-tune-vla-week-vla.tsv` (and, for papers a
later score picked, `pool-extra-tune-vla-week-vla.tsv`), shuffled and with
nothing about who picked them or how they scored, graded 2 (on topic), 1 (related) or 0 (off topic)
against the need in `bench/digest-configs/needs.json` (rubric: `bench/digest-judged/RUBRIC.md`).

""")
js, _ = sh(f"arxiv-query --db {index} digest digest-example.json {WEEK} --dry-run -f json")
digest = json.loads(js)
grades = {pid: str(g) for pid, g in (digest_judge.read_grades("tune-vla-week", "VLA") or {}).items()}
vla = digest["topics"][0]
pools = ""
for kind in ("pool", "pool-extra"):
    path = os.path.join(REPO, f"bench/digest-judged/{kind}-tune-vla-week-vla.tsv")
    if os.path.exists(path):
        pools += open(path).read()
missing = [p["id"] for p in vla["papers"] if "\n" + p["id"] + "\t" not in "\n" + pools]
if missing:
    sys.exit("VLA picks missing from the pools the page names: " + ", ".join(missing))
w("| # | paper | relevance | novelty | grade |\n|---|---|---|---|---|\n")
for p in vla["papers"]:
    title = p["title"].replace("|", "\\|")
    w(f"| {p['rank']} | [{p['id']}]({p['url']}) {title} | {p['relevance']} | {p['novelty']['score']} | "
      f"{grades.get(p['id'], 'not graded yet')} |\n")
if grades:
    on = [p for p in vla["papers"] if grades.get(p["id"]) in ("1", "2")]
    w(f"\n{len(on)} of {len(vla['papers'])} picks are on topic or related (grade 1 or 2).\n")
else:
    w("\nThe grades are not in yet: the pool waits for a grader (docs/benchmarks.md, \"Digest "
      "scoring\"); rerun this script once they are.\n")
w("""
## 6. The next run: only what is new

Without `--since`/`--days` the digest covers what the index learned after the previous run. Nothing
was indexed since, so every topic says so and the exit code is 1 (like grep: 0 something, 1
nothing); with `--quiet-if-empty` nothing at all is written, for cron jobs that should only mail
news:

```console
""")
nxt, code = sh(f"arxiv-query --db {index} digest digest-example.json")
quiet, qcode = sh(f"arxiv-query --db {index} digest digest-example.json --quiet-if-empty")
w("$ arxiv-query --db index digest digest-example.json\n" + nxt.rstrip() + f"\n$ echo $?\n{code}\n"
  f"$ arxiv-query --db index digest digest-example.json --quiet-if-empty; echo $?\n{quiet}{qcode}\n```\n")
w("""
(The times are those of the run that wrote this page.) Tomorrow, after `arxiv-index add` of the
new daily file, the same command lists exactly the papers that file added or changed. Had the first
run been given no `--since`/`--days`, with no state yet, it would have covered the newest 7 days in
the index and said so: a line `First run: covering …, the newest 7 days in the index` under the
summary line, the same note on stderr, and `window.note` in JSON.

## 7. A revised paper

When a paper comes back with a new version whose title or abstract differ, the index keeps the
text it replaced, and a digest whose window the paper predates tags it **revised** with a word-level
summary of the change. The corpus re-lists 2508.01302 on 2026-04-17 with a new title and abstract:

""")
with open(os.path.join(scratch, "editing.json"), "w") as f:
    f.write('{"title": "Knowledge editing", "topics": [{"name": "knowledge editing", '
            '"query": "\\"knowledge editing\\"", "limit": 1}]}\n')
ed, _ = sh(f"arxiv-query --db {index} digest editing.json --since 2026-04-17 --until 2026-04-17 --dry-run")
w("```console\n$ cat editing.json\n" + open(os.path.join(scratch, "editing.json")).read() +
  "$ arxiv-query --db index digest editing.json --since 2026-04-17 --until 2026-04-17 --dry-run\n```\n\n")
w("```markdown\n" + shorten(ed).rstrip() + "\n```\n")
w("""
Daily listings carry no version numbers, hence "new version" rather than "v1 → v2". `major` means
more than 5% of the words changed; a typo fix is `minor`. With `--format json` the same entry
carries a `revision` object with the previous title and abstract, the words added and removed, and
each changed passage, for a summariser to work from.

## 8. Other formats

The same week as a topic list, with [`digest-topic-list.tmpl`](digest-topic-list.tmpl) (its first
lines):

""")
tl, _ = sh(f"arxiv-query --db {index} digest digest-example.json {WEEK} --dry-run "
           f"--template {REPO}/docs/digest-topic-list.tmpl")
w("```console\n$ arxiv-query --db index digest digest-example.json " + WEEK +
  " --dry-run --template $REPO/docs/digest-topic-list.tmpl\n" + shorten("\n".join(tl.split("\n")[:16])) + "\n[…]\n```\n")
w("""
("Publish Date" has only the month: daily-arxiv records only know the submission month, and
`{{date}}` prints what is known rather than a made-up day; `{{date announced "%Y.%m.%d"}}` prints
the day the listing announced the paper.)

`--format json` writes the whole digest for a program or an LLM summariser (schema:
[`digest.schema.json`](digest.schema.json)): the counts, each topic with what it searches and its
counts, each paper as a search result plus its score (`relevance`), its Why line (`why`), the
reasons one by one with the paper's own words (`reasons`), its `company` and `novelty`, its tags,
the other topics it is in and its number; and the ranked list of the scored layout (`papers`):

```console
""")
sh(f"arxiv-query --db {index} digest digest-example.json {WEEK} --dry-run --format json > week.json")
cmds = ["jq -c '{paper_count, topic_count, scanned, in_scope, relevant}' week.json",
        "jq -c '.topics[4] | {name, query, authors, like, min_score, limit, total, shown, more}' week.json",
        "jq '.topics[1].papers[0] | {id, number, rank, relevance, why, reasons, company, novelty, tags, also_in}' week.json"]
w("$ arxiv-query --db index digest digest-example.json " + WEEK + " --dry-run --format json > week.json\n")
for c in cmds:
    out, _ = sh(c)
    w("$ " + c + "\n" + out)
w("```\n\n`--format atom` writes one feed a reader can subscribe to, with the Why and Novelty lines "
  "before each abstract.\n")
open(os.path.join(REPO, "docs/digest-example.md"), "w").write("".join(page))
print("wrote docs/digest-example.md from runs in", scratch)
