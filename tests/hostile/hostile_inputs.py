#!/usr/bin/env python3
"""The hostile-input table: each hostile input, generated here, run through
the real binaries, measured, and checked.

For every row this script generates the input in a temporary directory (no
large file is ever committed), runs `arxiv-index`, `arxiv-query` or a raw
HTTP client against `arxiv-query serve` on 127.0.0.1, and records the exit
code (or HTTP status), the message, the peak RSS (ru_maxrss from wait4, taken
by the small hostile-helper program that forks the command; VmHWM of the
server), the wall time, and whether the valid records
mixed with the hostile ones are still found by `arxiv-query --count id:...`.

  hostile_inputs.py --bin-dir build/bin --helper build/tests/hostile/hostile-helper \
      --source-dir . --write-doc docs/hostile-inputs.md
      measures every row and rewrites the table;
  hostile_inputs.py ... --check [--quick]
      (the `hostile-inputs` ctest) runs the rows and fails on a signal or
      exit code 134/139, a hang (per-row timeout: 120 s or 10x the measured
      time), an exit code or message other than expected, a peak RSS above
      max(10x the measured value, 1 GiB), lost valid data, or a row missing
      from docs/hostile-inputs.md. --quick leaves out the rows marked slow.

Exit codes: 0 all rows pass, 1 a row failed, 77 skipped (something needed
is missing), 2 usage.
"""
import argparse
import datetime
import http.server
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

KB = 1024
MB = 1024 * 1024
GIB = 1024 * MB
ROW_TIMEOUT = 120.0          # seconds; raised to 10x the measured time when that is larger
RSS_FLOOR_KB = GIB // KB     # the RSS bound is max(10x measured, 1 GiB)
DOC_REL = "docs/hostile-inputs.md"


# ---- Rows ----------------------------------------------------------------------------------

class Row:
    def __init__(self, key, group, title, expect, message, quick, timeout, max_rss, fn):
        self.key, self.group, self.title = key, group, title
        self.max_rss = max_rss      # a fixed peak-RSS bound in kB instead of max(10x measured, 1 GiB)
        self.timeout = timeout      # per-row hang bound in seconds (default ROW_TIMEOUT)
        self.expect = expect        # exit code (int), or "HTTP nnn" for server rows
        self.message = message      # regex the message must match ("@T@" = the temp dir), or None
        self.quick = quick          # part of the ctest's --quick subset
        self.fn = fn


ROWS = []


def row(key, group, title, expect, message=None, quick=True, timeout=ROW_TIMEOUT, max_rss=None):
    def deco(fn):
        ROWS.append(Row(key, group, title, expect, message, quick, timeout, max_rss, fn))
        return fn
    return deco


class Outcome:
    """What one row did."""

    def __init__(self, cmd="", code=None, stderr="", rss_kb=0, secs=0.0, timed_out=False):
        self.cmd = cmd              # as shown in the table
        self.code = code            # exit code (negative: killed by that signal) or "HTTP nnn"
        self.stderr = stderr        # whole stderr, or the HTTP answer's message
        self.rss_kb = rss_kb
        self.secs = secs
        self.timed_out = timed_out
        self.valid = None           # None: no valid data mixed in; else (kept?, what was checked)
        self.problems = []          # failed extra checks
        self.rss_label = ""         # "" or e.g. "server VmHWM"


# ---- Running programs ------------------------------------------------------------------------

class Ctx:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.index_bin = os.path.join(args.bin_dir, "arxiv-index")
        self.query_bin = os.path.join(args.bin_dir, "arxiv-query")
        self.source = args.source_dir
        self.fixtures = os.path.join(self.source, "tests", "fixtures")
        self.helper = args.helper
        self.timeout = ROW_TIMEOUT
        self.counter = 0
        self._shared_db = None
        self.server = None

    def path(self, *parts):
        p = os.path.join(self.tmp, *parts)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def fresh_dir(self, name):
        p = self.path(name)
        os.makedirs(p, exist_ok=True)
        return p

    def show(self, cmd):
        """A command as the table shows it: binaries by name, the temp dir as $T."""
        words = []
        for w in cmd:
            w = w.replace(self.index_bin, "arxiv-index").replace(self.query_bin, "arxiv-query")
            w = w.replace(self.tmp, "$T")
            if len(w) > 60:
                w = w[:40] + f"…({len(w)} bytes)"
            words.append(w if re.fullmatch(r"[\w@%+=:,./$-]+", w) else shlex.quote(w))
        return " ".join(words)

    def run(self, cmd, stdin=None, timeout=None, show=None, env=None, name=None, discard_stdout=False):
        """Runs cmd with a timeout; returns an Outcome with exit code, stderr, peak RSS, time.
        Its stdout and stderr go to $T/out/NAME.out and .err (NAME: a counter by default)."""
        self.counter += 1
        name = name or str(self.counter)
        out_path = "/dev/null" if discard_stdout else self.path("out", f"{name}.out")
        err_path = self.path("out", f"{name}.err")
        timeout = timeout or self.timeout
        result_path = self.path("out", f"{name}.rusage")
        stdin_f = open(stdin, "rb") if isinstance(stdin, str) else subprocess.DEVNULL
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            t0 = time.monotonic()
            p = subprocess.Popen([self.helper, "run", result_path] + cmd, stdin=stdin_f, stdout=out,
                                 stderr=err, start_new_session=True, env=env)
            timed_out = threading.Event()
            hwm_at_kill = [0]

            def kill():
                timed_out.set()
                hwm_at_kill[0] = child_vm_hwm_kb(p.pid)
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            timer = threading.Timer(timeout, kill)
            timer.start()
            helper_code = p.wait()
            timer.cancel()
            secs = time.monotonic() - t0
        if stdin_f is not subprocess.DEVNULL:
            stdin_f.close()
        # "exited N RSS" or "signal N RSS"; nothing when the helper was killed (a timeout).
        m = re.match(r"(exited|signal) (\d+) (\d+)", read_text(result_path) if os.path.exists(result_path) else "")
        if m:
            code, rss = (int(m.group(2)) if m.group(1) == "exited" else -int(m.group(2))), int(m.group(3))
        else:  # killed at the timeout: the peak so far
            code, rss = ("killed" if timed_out.is_set() else f"helper exited {helper_code}"), hwm_at_kill[0]
        o = Outcome(show or self.show(cmd), code, read_text(err_path), rss, secs, timed_out.is_set())
        o.stdout_path = out_path
        return o

    def index(self, db, *args, **kw):
        return self.run([self.index_bin, "--db", db] + list(args), **kw)

    def query(self, db, *args, **kw):
        return self.run([self.query_bin, "--db", db] + list(args), **kw)

    def quiet(self, cmd, stdin=None):
        """A setup step: must succeed; returns stdout."""
        r = subprocess.run(cmd, stdin=open(stdin, "rb") if stdin else subprocess.DEVNULL,
                           capture_output=True, timeout=self.timeout)
        if r.returncode != 0:
            raise SetupError(f"{self.show(cmd)} exited {r.returncode}: {r.stderr.decode(errors='replace')[:500]}")
        return r.stdout

    def count(self, db, query):
        r = subprocess.run([self.query_bin, "--db", db, "--count", query], capture_output=True,
                           timeout=self.timeout)
        try:
            return int(r.stdout.decode().strip())
        except ValueError:
            return -1

    def check_ids(self, outcome, db, ids):
        """The valid records must each be found once."""
        missing = [i for i in ids if self.count(db, "id:" + i) != 1]
        outcome.valid = (not missing, ", ".join(ids) + (" missing: " + ", ".join(missing) if missing else ""))

    def shared_db(self):
        """The fixture index the query rows search: variants.jsonl and atom_feed.xml."""
        if self._shared_db is None:
            db = self.path("shared-db", "db")
            self.quiet([self.index_bin, "--db", db, "-q", "add",
                        os.path.join(self.fixtures, "e2e", "variants.jsonl"),
                        os.path.join(self.fixtures, "atom_feed.xml")])
            self._shared_db = db
        return self._shared_db


def child_vm_hwm_kb(pid):
    """VmHWM of the (first) child of pid: the command hostile-helper runs."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = f.read().split()
        with open(f"/proc/{kids[0]}/status") as f:
            return int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1))
    except (OSError, IndexError, AttributeError):
        return 0


class SetupError(Exception):
    pass


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ---- Generators ----------------------------------------------------------------------------

def daily(rid, title="A valid record after a hostile one", summary="This record must be indexed.",
          authors=("Vera Valid",), categories=("cs.IR",), **extra):
    d = {"id": rid, "pdf": f"https://arxiv.org/pdf/{rid}", "abs": f"https://arxiv.org/abs/{rid}",
         "authors": list(authors), "title": title, "categories": list(categories), "comment": None,
         "summary": summary}
    d.update(extra)
    return json.dumps(d, ensure_ascii=False)


def kaggle(rid, doi=None, report=None, categories="cs.IR", title="A record with long identifiers"):
    return json.dumps({
        "id": rid, "submitter": "Vera Valid", "authors": "Vera Valid", "title": title,
        "comments": None, "journal-ref": None, "doi": doi, "report-no": report,
        "categories": categories, "license": None, "abstract": "Long values must not stop a run.",
        "versions": [{"version": "v1", "created": "Mon, 6 Jan 2025 10:00:00 GMT"}],
        "update_date": "2025-01-06", "authors_parsed": [["Valid", "Vera", ""]]})


def atom_entry(rid, title="A valid entry after a hostile one", summary="This entry must be indexed.",
               author="Vera Valid"):
    return (f"<entry><id>http://arxiv.org/abs/{rid}v1</id><updated>2025-01-02T00:00:00Z</updated>"
            f"<published>2025-01-02T00:00:00Z</published><title>{title}</title><summary>{summary}</summary>"
            f"<author><name>{author}</name></author><category term=\"cs.IR\" scheme=\"http://arxiv.org/schemas/atom\"/>"
            f"</entry>")


def atom_feed(entries, prolog=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + prolog +
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>hostile</title>' + "".join(entries) + "</feed>\n")


def gzip_of(parts, path):
    """Writes a gzip file of the concatenation of (bytes, repeat) parts without compressing
    every repeat: each distinct part is deflated once, ending on a full flush (so its
    compressed bytes do not depend on what came before), and repeated. 1 GB of NUL bytes
    becomes a 1 MB file in a fraction of a second."""
    crc, size = 0, 0
    with open(path, "wb") as f:
        f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03")
        for data, repeat in parts:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            block = c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)
            for _ in range(repeat):
                f.write(block)
                crc = zlib.crc32(data, crc)
            size += len(data) * repeat
        f.write(zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH))
        f.write(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return path


def words(n, prefix=""):
    """n distinct lowercase words (aa, ab, ..., then longer)."""
    out, letters = [], "abcdefghijklmnopqrstuvwxyz"
    i = 0
    while len(out) < n:
        k, w = i, ""
        while True:
            w = letters[k % 26] + w
            k = k // 26 - 1
            if k < 0:
                break
        if len(w) >= 2:
            out.append(prefix + w)
        i += 1
    return out


CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def control_bytes(data):
    """Control characters other than newline and tab (C0, DEL, C1 as UTF-8)."""
    return sorted({m.group(0) for m in CONTROL.finditer(data)})


# ---- arxiv-index rows --------------------------------------------------------------------------

def add_checked(ctx, name, ids, *args):
    """`arxiv-index --db $T/NAME/db add ARGS...`; the valid records `ids` must be in the index
    afterwards. Returns the Outcome and the index."""
    db = ctx.path(name, "db")
    o = ctx.index(db, "add", *args)
    ctx.check_ids(o, db, ids)
    return o, db


@row("xml-billion-laughs", "arxiv-index", "Atom feed with a billion-laughs entity bomb (10 levels of 10) "
     "in a title, then a valid entry and a valid file", 0)
def _(ctx):
    lol = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    feed = atom_feed([atom_entry("2501.30001", title="Laughs &lol9; here"), atom_entry("2501.30002")],
                     prolog=f"<!DOCTYPE feed [{lol}]>\n")
    f = write(ctx.path("laughs", "laughs.xml"), feed)
    valid = write(ctx.path("laughs", "valid.jsonl"), daily("2501.30003") + "\n")
    o, db = add_checked(ctx, "laughs", ["2501.30002", "2501.30003"], f, valid)
    if ctx.count(db, "lol") != 0:
        o.problems.append("the entity was expanded (lol is indexed)")
    return o


@row("xml-xxe", "arxiv-index", "Atom feed with XXE: an external entity (file:// to a local secret file) "
     "in a title and an external DTD, then a valid entry", 0)
def _(ctx):
    secret = write(ctx.path("xxe", "secret.txt"), "zqxsecretword\n")
    prolog = (f'<!DOCTYPE feed SYSTEM "http://127.0.0.1:9/evil.dtd" '
              f'[<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY % pe SYSTEM "file://{secret}"> %pe;]>\n')
    feed = atom_feed([atom_entry("2501.30011", title="Leak &xxe; here"), atom_entry("2501.30012")], prolog=prolog)
    f = write(ctx.path("xxe", "xxe.xml"), feed)
    o, db = add_checked(ctx, "xxe", ["2501.30012"], f)
    if ctx.count(db, "zqxsecretword") != 0:
        o.problems.append("the secret file's content was indexed")
    return o


@row("xml-deep-150k", "arxiv-index", "XML elements nested 150,000 deep inside an Atom title, then a "
     "valid entry", 0)
def _(ctx):
    n = 150000
    title = "Deep " + "<b>" * n + "zqxcore" + "</b>" * n
    f = write(ctx.path("deepxml", "deep.xml"), atom_feed([atom_entry("2501.30021", title=title),
                                                          atom_entry("2501.30022")]))
    o, db = add_checked(ctx, "deepxml", ["2501.30021", "2501.30022"], f)
    if ctx.count(db, "ti:zqxcore") != 1:
        o.problems.append("the nested title's text is not searchable")
    return o


@row("xml-300mb-document", "arxiv-index", "gzip (0.3 MB) of a 300 MB Atom feed (over the 256 MiB document "
     "limit), then a valid file", 1, r"@T@/big/big\.xml\.gz: error: document larger than 256 MiB", quick=False)
def _(ctx):
    head = atom_feed([atom_entry("2501.30031")]).replace("</feed>\n", "<!--").encode()
    f = gzip_of([(head, 1), (b" " * MB, 300), (b"--></feed>\n", 1)], ctx.path("big", "big.xml.gz"))
    valid = write(ctx.path("big", "valid.jsonl"), daily("2501.30032") + "\n")
    o, db = add_checked(ctx, "big", ["2501.30032"], f, valid)
    return o


@row("xml-100mib-elements", "arxiv-index", "gzip (0.1 MB) of a 100 MiB Atom feed of 26 million empty "
     "elements `<x/>` (under the 256 MiB document limit) around a valid entry, then a valid file: too many "
     "elements to parse whole, so read entry by entry", 1, r"too large to read whole", quick=False,
     max_rss=GIB // KB)
def _(ctx):
    head = atom_feed([atom_entry("2501.30201")]).replace("</feed>\n", "").encode()
    f = gzip_of([(head, 1), (b"<x/>" * (MB // 4), 100), (b"</feed>\n", 1)], ctx.path("nodes", "nodes.xml.gz"))
    valid = write(ctx.path("nodes", "valid.jsonl"), daily("2501.30202") + "\n")
    o, db = add_checked(ctx, "nodes", ["2501.30201", "2501.30202"], f, valid)
    return o


@row("xml-invalid-utf8", "arxiv-index", "Atom feed whose title and author hold invalid UTF-8 (lone "
     "continuation bytes, overlong NUL, a surrogate, a cut sequence), then a valid entry", 0)
def _(ctx):
    bad = b"\xff\xfe \xc0\x80 \xed\xa0\x80 \xe2\x82"
    feed = atom_feed([atom_entry("2501.30041", title="Broken XBADX bytes", author="Ann XBADX"),
                      atom_entry("2501.30042")]).encode().replace(b"XBADX", bad)
    f = write(ctx.path("badxml", "bad.xml"), feed)
    o, db = add_checked(ctx, "badxml", ["2501.30041", "2501.30042"], f)
    check_utf8_output(ctx, o, db, "id:2501.30041")
    return o


def check_utf8_output(ctx, o, db, q):
    """Every output format of q must be valid UTF-8 (json must also parse)."""
    for fmt in ("json", "text", "markdown", "bibtex", "jsonl"):
        r = subprocess.run([ctx.query_bin, "--db", db, "-f", fmt, q], capture_output=True, timeout=ctx.timeout)
        try:
            text = r.stdout.decode("utf-8")
            if fmt == "json":
                json.loads(text)
        except (UnicodeDecodeError, ValueError) as e:
            o.problems.append(f"-f {fmt} output is not valid: {e}")


@row("json-deep-1e6", "arxiv-index", "daily-arxiv JSON line whose title is an array nested 1,000,000 "
     "deep (2 MB), first in the file, then a valid line (a title that is not a string is left out; the "
     "record has a summary, so it is kept)", 0)
def _(ctx):
    n = 1000000
    line = daily("2501.30051", summary="s").replace('"title": "A valid record after a hostile one"',
                                                     '"title": ' + "[" * n + "]" * n)
    f = write(ctx.path("deepjson", "2026-01-05.jsonl"), line + "\n" + daily("2501.30052") + "\n")
    o, db = add_checked(ctx, "deepjson", ["2501.30051", "2501.30052"], f)
    return o


@row("json-50mb-line", "arxiv-index", "daily-arxiv JSON line of 50 MB (a 50 MB title), then a valid line",
     1, r"@T@/line50/2026-01-05\.jsonl:1: skipped record: record longer than 16 MiB")
def _(ctx):
    f = ctx.path("line50", "2026-01-05.jsonl")
    with open(f, "w") as out:
        out.write(daily("2501.30061", title="x" * (50 * MB)) + "\n" + daily("2501.30062") + "\n")
    o, db = add_checked(ctx, "line50", ["2501.30062"], f)
    return o


@row("json-random-tail", "arxiv-index", "300 valid daily-arxiv lines (past the 64 KB that are checked for "
     "binary data), then 4 MB of random bytes (NULs included), then a valid line", 1,
     r"@T@/randtail/2026-01-05\.jsonl:301: skipped record")
def _(ctx):
    import random
    valid = "".join(daily(f"2501.{40000 + i}", summary="Padding " * 30) + "\n" for i in range(300))
    noise = random.Random(9).randbytes(4 * MB)
    f = write(ctx.path("randtail", "2026-01-05.jsonl"),
              valid.encode() + noise + b"\n" + daily("2501.30191").encode() + b"\n")
    o, db = add_checked(ctx, "randtail", ["2501.40000", "2501.40299", "2501.30191"], f)
    if len(o.stderr.split("\n")) > 30:
        o.problems.append(f"{len(o.stderr.splitlines())} lines of messages (the cap is 20 per file)")
    return o


def near_16mib_line(rid, filler):
    """A daily-arxiv line just under the 16 MiB record limit, its "extra" field filled by
    filler(n) (a JSON value of about n bytes)."""
    base = daily(rid)
    return base[:-1] + ', "extra": ' + filler((16 * MB) - len(base) - 100) + "}"


@row("json-16mib-objects", "arxiv-index", "daily-arxiv line just under 16 MiB whose unknown field is an "
     "array of 5.6 million empty objects, then a valid line", 0, quick=False)
def _(ctx):
    line = near_16mib_line("2501.30211", lambda n: "[" + ",".join(["{}"] * (n // 3)) + "]")
    f = write(ctx.path("objs", "2026-01-05.jsonl"), line + "\n" + daily("2501.30212") + "\n")
    o, db = add_checked(ctx, "objs", ["2501.30211", "2501.30212"], f)
    return o


@row("json-16mib-deep", "arxiv-index", "daily-arxiv line just under 16 MiB whose unknown field is an "
     "array nested 8.4 million deep, then a valid line", 0, quick=False)
def _(ctx):
    line = near_16mib_line("2501.30213", lambda n: "[" * (n // 2) + "]" * (n // 2))
    f = write(ctx.path("deep16", "2026-01-05.jsonl"), line + "\n" + daily("2501.30214") + "\n")
    o, db = add_checked(ctx, "deep16", ["2501.30213", "2501.30214"], f)
    return o


@row("json-invalid-utf8", "arxiv-index", "daily-arxiv JSON line with invalid UTF-8 bytes in title, "
     "author and abstract, then a valid line", 0)
def _(ctx):
    bad = b"\xff\xfe \xc0\x80 \xed\xa0\x80 \xe2\x82"
    line = daily("2501.30071", title="Broken XBADX bytes", summary="Abstract XBADX", authors=("Ann XBADX",))
    f = write(ctx.path("badjson", "2026-01-05.jsonl"),
              line.encode().replace(b"XBADX", bad) + b"\n" + daily("2501.30072").encode() + b"\n")
    o, db = add_checked(ctx, "badjson", ["2501.30071", "2501.30072"], f)
    check_utf8_output(ctx, o, db, "id:2501.30071")
    return o


@row("json-10mb-abstract", "arxiv-index", "daily-arxiv record with a 10 MB abstract (1.6 million words), "
     "then a valid line", 0, quick=False)
def _(ctx):
    vocab = words(5000)
    text = " ".join(vocab[(i * 7919) % len(vocab)] for i in range(1700000))[:10 * MB]
    f = write(ctx.path("abs10", "2026-01-05.jsonl"),
              daily("2501.30081", summary=text) + "\n" + daily("2501.30082") + "\n")
    o, db = add_checked(ctx, "abs10", ["2501.30081", "2501.30082"], f)
    return o


@row("atom-10mb-abstract", "arxiv-index", "Atom entry with a 10 MB summary, then a valid entry", 0,
     quick=False)
def _(ctx):
    vocab = words(5000)
    text = " ".join(vocab[(i * 7919) % len(vocab)] for i in range(1700000))[:10 * MB]
    f = write(ctx.path("atom10", "big.xml"), atom_feed([atom_entry("2501.30091", summary=text),
                                                        atom_entry("2501.30092")]))
    o, db = add_checked(ctx, "atom10", ["2501.30091", "2501.30092"], f)
    return o


@row("json-100k-authors", "arxiv-index", "daily-arxiv record with 100,000 authors (2.3 MB line), then a "
     "valid line", 0)
def _(ctx):
    authors = [f"Author{i} Surname{i}" for i in range(100000)]
    f = write(ctx.path("authors", "2026-01-05.jsonl"),
              daily("2501.30101", authors=authors) + "\n" + daily("2501.30102") + "\n")
    o, db = add_checked(ctx, "authors", ["2501.30101", "2501.30102"], f)
    if ctx.count(db, 'au:"Author99999 Surname99999"') != 1:
        o.problems.append("the last of the 100,000 authors is not found")
    return o


def utf16_row(ctx, name, data):
    f = write(ctx.path(name, "feed.xml"), data)
    valid = write(ctx.path(name, "valid.jsonl"), daily("2501.30111") + "\n")
    o, db = add_checked(ctx, name, ["2501.30111"], f, valid)
    return o


@row("utf16-le-bom", "arxiv-index", "UTF-16LE Atom feed with a byte-order mark, then a valid file", 1,
     r"@T@/u16le/feed\.xml: error: UTF-16 text")
def _(ctx):
    return utf16_row(ctx, "u16le", b"\xff\xfe" + atom_feed([atom_entry("2501.30112")]).encode("utf-16-le"))


@row("utf16-be-bom", "arxiv-index", "UTF-16BE Atom feed with a byte-order mark, then a valid file", 1,
     r"@T@/u16be/feed\.xml: error: UTF-16 text")
def _(ctx):
    return utf16_row(ctx, "u16be", b"\xfe\xff" + atom_feed([atom_entry("2501.30112")]).encode("utf-16-be"))


@row("utf16-le-no-bom", "arxiv-index", "UTF-16LE Atom feed without a byte-order mark, then a valid file",
     1, r"@T@/u16nobom/feed\.xml: error: (UTF-16|binary data)")
def _(ctx):
    return utf16_row(ctx, "u16nobom", atom_feed([atom_entry("2501.30112")]).encode("utf-16-le"))


@row("stdin-dev-zero", "arxiv-index", "/dev/zero on standard input (endless NUL bytes)", 1,
     r"<stdin>: error: binary data")
def _(ctx):
    db = ctx.path("zero", "db")
    return ctx.index(db, "add", "-", stdin="/dev/zero", show="arxiv-index --db $T/zero/db add - < /dev/zero")


@row("gzip-bomb-1gb", "arxiv-index", "1 MB gzip of 1 GB of NUL bytes, then a valid file", 1,
     r"@T@/bomb/bomb\.jsonl\.gz: error: binary data")
def _(ctx):
    f = gzip_of([(bytes(MB), 1024)], ctx.path("bomb", "bomb.jsonl.gz"))
    valid = write(ctx.path("bomb", "valid.jsonl"), daily("2501.30121") + "\n")
    o, db = add_checked(ctx, "bomb", ["2501.30121"], f, valid)
    return o


def dir_row(ctx, name, make_entry):
    d = ctx.fresh_dir(name + "/in")
    write(os.path.join(d, "a.jsonl"), daily("2501.30131") + "\n")
    make_entry(d)
    write(os.path.join(d, "m.jsonl"), daily("2501.30132") + "\n")
    o, db = add_checked(ctx, name, ["2501.30131", "2501.30132"], d)
    return o


@row("dir-fifo", "arxiv-index", "a FIFO (no writer) among the files of an input directory", 0,
     r"@T@/fifo/in/k-fifo: skipped: not a regular file")
def _(ctx):
    return dir_row(ctx, "fifo", lambda d: os.mkfifo(os.path.join(d, "k-fifo")))


@row("dir-dangling-link-last", "arxiv-index", "a dangling symbolic link as the last entry of an input "
     "directory", 0, r"@T@/dangling/in/zz-dangling: skipped: a symbolic link to nothing readable")
def _(ctx):
    return dir_row(ctx, "dangling", lambda d: os.symlink("nowhere", os.path.join(d, "zz-dangling")))


@row("dir-looping-link-last", "arxiv-index", "a symbolic link to itself as the last entry of an input "
     "directory", 0, r"@T@/loop/in/zz-loop: skipped: a symbolic link to nothing readable")
def _(ctx):
    return dir_row(ctx, "loop", lambda d: os.symlink("zz-loop", os.path.join(d, "zz-loop")))


@row("two-writers-wait", "arxiv-index", "`add --wait` while a fresh parallel build holds the index (two "
     "writers); the build's last record comes from a FIFO on its stdin", 0, r"waiting up to 600")
def _(ctx):
    db = ctx.path("writers", "index")
    fifo = ctx.path("writers", "last.jsonl")
    os.mkfifo(fifo)
    data = os.path.join(ctx.source, "data", "daily-arxiv")
    # The fresh build reads the sample, then the FIFO (a FIFO named on the command line is read
    # like a file); it holds the lock until this row closes the FIFO.
    builder = subprocess.Popen([ctx.index_bin, "--db", db, "-q", "add", "--jobs", "2", data, fifo],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=open(ctx.path("writers", "builder.err"), "wb"))
    fd = os.open(fifo, os.O_WRONLY)  # returns once the builder opened it
    build_dir = lambda: any(n.startswith("index.build-") for n in os.listdir(os.path.dirname(db)))
    if not poll_until(build_dir, 60):
        raise SetupError("the fresh build never started")
    valid = write(ctx.path("writers", "valid.jsonl"), daily("2501.30141") + "\n")
    result = {}
    t = threading.Thread(target=lambda: result.setdefault(
        "o", ctx.index(db, "--wait", "600", "add", valid, name="waiter")))
    t.start()
    # The second writer says it is waiting; only then is the build let finish.
    waiter_err = ctx.path("out", "waiter.err")
    seen = poll_until(lambda: os.path.exists(waiter_err) and "waiting up to" in read_text(waiter_err), 60)
    line = daily("2501.30142", title="The fresh build's last record, from its FIFO") + "\n"
    os.write(fd, line.encode())
    os.close(fd)
    builder_code = builder.wait(timeout=ctx.timeout)
    t.join()
    o = result["o"]
    if not seen:
        o.problems.append("the second writer never said it was waiting")
    if builder_code != 0:
        o.problems.append(f"the fresh build exited {builder_code}: {read_text(ctx.path('writers', 'builder.err'))[:300]}")
    ctx.check_ids(o, db, ["2501.30141", "2501.30142", "2606.17053"])
    return o


def poll_until(pred, limit):
    """Polls pred every 10 ms until it holds or `limit` seconds passed (a failure bound)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.01)
    return pred()


LONG_DOI = "10.1000/" + "x" * 600
LONG_REPORT = "REP-" + "7" * 400
LONG_CATEGORY = "cs." + "q" * 300


def long_values_check(ctx, o, db, rid):
    """Found by the exact DOI and report number; the category (not a known one, so `cat:` refuses
    to search it) is stored whole."""
    ctx.check_ids(o, db, [rid, "2501.30152"])
    for q in ("doi:" + LONG_DOI, "rn:" + LONG_REPORT, f"cat:cs.IR id:{rid}"):
        if ctx.count(db, q) != 1:
            o.problems.append(f"{q[:24]}… does not find the record")
    r = subprocess.run([ctx.query_bin, "--db", db, "-f", "json", "id:" + rid], capture_output=True)
    try:
        stored = json.loads(r.stdout)["results"][0]
        if LONG_CATEGORY not in stored["categories"] or stored["doi"] != LONG_DOI:
            o.problems.append("the long values are not stored whole")
    except (ValueError, KeyError, IndexError) as e:
        o.problems.append(f"json output: {e}")


@row("long-values-fresh", "arxiv-index", "DOI of 608, report number of 404 and category of 303 bytes "
     "(over Xapian's 245-byte term limit), fresh parallel build, then a valid record", 0)
def _(ctx):
    f = write(ctx.path("longfresh", "long.jsonl"), kaggle("2501.30151", LONG_DOI, LONG_REPORT, "cs.IR " + LONG_CATEGORY)
              + "\n" + kaggle("2501.30152") + "\n")
    db = ctx.path("longfresh", "db")
    o = ctx.index(db, "add", "--jobs", "2", f)
    long_values_check(ctx, o, db, "2501.30151")
    return o


@row("long-values-update", "arxiv-index", "the same long values added to an existing index (one writer)", 0)
def _(ctx):
    db = ctx.path("longupdate", "db")
    ctx.quiet([ctx.index_bin, "--db", db, "-q", "add", os.path.join(ctx.fixtures, "e2e", "variants.jsonl")])
    f = write(ctx.path("longupdate", "long.jsonl"), kaggle("2501.30151", LONG_DOI, LONG_REPORT, "cs.IR " + LONG_CATEGORY)
              + "\n" + kaggle("2501.30152") + "\n")
    o = ctx.index(db, "add", f)
    long_values_check(ctx, o, db, "2501.30151")
    return o


class OaiServer:
    """One OAI-PMH ListRecords page on 127.0.0.1, served from this process."""

    def __init__(self, body):
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a):
                pass
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)  # bound: ready
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def oai_record(rid, doi="", report="", categories="cs.IR", datestamp="2025-01-06"):
    x = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
    return (f"<record><header><identifier>oai:arXiv.org:{rid}</identifier><datestamp>{datestamp}</datestamp>"
            f"<setSpec>cs</setSpec></header><metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>{rid}</id>"
            f"<created>2025-01-06</created><authors><author><keyname>Valid</keyname><forenames>Vera</forenames>"
            f"</author></authors><title>A harvested record</title><categories>{x(categories)}</categories>"
            + (f"<doi>{x(doi)}</doi>" if doi else "") + (f"<report-no>{x(report)}</report-no>" if report else "")
            + "<abstract>Long values must not stop a harvest.</abstract></arXiv></metadata></record>")


@row("long-values-harvest", "arxiv-index", "the same long values in an OAI-PMH page harvested from a "
     "local server (127.0.0.1), then a valid record on the page", 0)
def _(ctx):
    srv = OaiServer(oai_page([oai_record("2501.30151", LONG_DOI, LONG_REPORT, "cs.IR " + LONG_CATEGORY),
                              oai_record("2501.30152")]))
    try:
        db = ctx.path("longharvest", "db")
        o = ctx.index(db, "harvest", "--base-url", f"http://127.0.0.1:{srv.port}/oai", "--set", "cs",
                      "--from", "2025-01-01", "--until", "2025-01-07", "--delay", "0", "--retries", "0")
        o.cmd = o.cmd.replace(str(srv.port), "PORT")
    finally:
        srv.close()
    long_values_check(ctx, o, db, "2501.30151")
    return o


@row("readonly-index", "arxiv-index", "an index directory this user may not write (run as uid 65534 with "
     "setpriv when root), with --wait 600", 3, r"cannot write the index at")
def _(ctx):
    db = ctx.path("ro", "db")
    ctx.quiet([ctx.index_bin, "--db", db, "-q", "add", os.path.join(ctx.fixtures, "e2e", "variants.jsonl")])
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            raise SkipRow("running as root without setpriv to drop privileges")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        for d in (ctx.tmp, os.path.dirname(db)):
            os.chmod(d, os.stat(d).st_mode | 0o005)
    for root, dirs, files in os.walk(db):
        for n in dirs + files:
            p = os.path.join(root, n)
            os.chmod(p, os.stat(p).st_mode & ~0o222 | 0o444)
    os.chmod(db, 0o555)
    atom = os.path.join(ctx.fixtures, "e2e", "atom_v2.xml")
    o = ctx.run(prefix + [ctx.index_bin, "--db", db, "--wait", "600", "add", atom])
    os.chmod(db, 0o755)
    if "waiting" in o.stderr:
        o.problems.append("it waited for a lock instead of failing at once")
    ctx.check_ids(o, db, ["2501.00001"])  # the index is as it was
    return o


class SkipRow(Exception):
    pass


CORRUPT_STATES = {
    "harvest:oai https://oaipmh.arxiv.org/oai arXiv cs": '{"covered": [["2025-13-45", "9999-99-99"], ["x"], 7],'
    ' "token": 5, "pages": "many", "received": 1e400, "complete_list_size": 18446744073709551615,'
    ' "last_window": "2025-01-01..", "next_from": "2025-02-30", "run_started": "\\u001b[2J"}',
    "harvest:oai https://oaipmh.arxiv.org/oai arXiv math": "{not json",
    "harvest:oai https://oaipmh.arxiv.org/oai arXiv q-bio": '{"covered": [["2025-01-01", "9999-12-31"]],'
    ' "last_success": "x", "last_complete_list_size": 5, "last_received": 9}',
    "harvest:oai https://oaipmh.arxiv.org/oai arXiv physics": "[" * 100000 + "]" * 100000,
    "harvest:": '{"covered": [["", "2025-01-05"], ["2025-01-01", "2024-12-01"], ["0000-01-01", "9999-12-31"]]}',
    "coverage:cs": '{"2025-01-06": -5, "2025-02-30": 3, "bad": "x", "2025-01-07": 9223372036854775807,'
    ' "2025-01-08": 1e300}',
    "coverage:math": "\x00\xff garbage",
    "coverage:physics": '{"1900-01-01": 1, "2025-01-06": 1}',
    "fetch:https://export.arxiv.org/api/query cat:cs.CL": '{"last_success": 12, "last_total": "x"}',
}


def corrupt_state_db(ctx, name):
    db = ctx.path(name, "db")
    ctx.quiet([ctx.index_bin, "--db", db, "-q", "add", os.path.join(ctx.fixtures, "e2e", "variants.jsonl")])
    for i, (key, value) in enumerate(CORRUPT_STATES.items()):
        v = write(ctx.path(name, f"value{i}"), value.encode("latin-1") if "\xff" in value else value)
        ctx.quiet([ctx.helper, "set-metadata", db, key, v])
    return db


@row("corrupt-state-status", "arxiv-index", "`status` over corrupted harvest, coverage and fetch state in "
     "the index metadata (bad JSON, wrong types, impossible dates, 100,000-deep nesting, huge numbers)", 0)
def _(ctx):
    db = corrupt_state_db(ctx, "corruptstatus")
    o = ctx.index(db, "status")
    if control_bytes(open(o.stdout_path, "rb").read()):
        o.problems.append("status printed control characters from the state")
    return o


@row("corrupt-state-coverage", "arxiv-index", "`coverage --all-days` over the same corrupted state", 1)
def _(ctx):
    db = corrupt_state_db(ctx, "corruptcoverage")
    return ctx.index(db, "coverage", "--all-days")


@row("coverage-day-9999-12-31", "arxiv-index", "`coverage` when the coverage table holds the day 9999-12-31 "
     "(planted in the metadata): not a plausible day, so not listed", 0, timeout=30)
def _(ctx):
    db = ctx.path("cov9999", "db")
    ctx.quiet([ctx.index_bin, "--db", db, "-q", "add", os.path.join(ctx.fixtures, "e2e", "variants.jsonl")])
    ctx.quiet([ctx.helper, "set-metadata", db, "coverage:cs", write(ctx.path("cov9999", "v"), '{"9999-12-31": 1}')])
    return ctx.index(db, "coverage", discard_stdout=True)


def oai_page(records):
    return ('<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            "<responseDate>2025-01-07T00:00:00Z</responseDate><request verb=\"ListRecords\">x</request>"
            "<ListRecords>" + "".join(records) + "</ListRecords></OAI-PMH>")


@row("harvest-datestamp-9999", "arxiv-index", "a harvest from a local OAI-PMH server (127.0.0.1) whose "
     "record has the datestamp 9999-12-31 (outside the window asked for), then `coverage`: the record is "
     "indexed, the day is not counted", 0, timeout=30)
def _(ctx):
    srv = OaiServer(oai_page([oai_record("2501.30181", datestamp="9999-12-31"), oai_record("2501.30182")]))
    db = ctx.path("stamp9999", "db")
    try:
        ctx.quiet([ctx.index_bin, "--db", db, "harvest", "--base-url", f"http://127.0.0.1:{srv.port}/oai",
                   "--set", "cs", "--from", "2025-01-01", "--until", "2025-01-07", "--delay", "0"])
    finally:
        srv.close()
    o = ctx.index(db, "coverage", discard_stdout=True)
    o.cmd = "arxiv-index --db $T/stamp9999/db harvest --base-url http://127.0.0.1:PORT/oai --set cs --from 2025-01-01 --until 2025-01-07; " + o.cmd
    ctx.check_ids(o, db, ["2501.30181", "2501.30182"])
    return o


@row("harvest-repeated-token", "arxiv-index", "a harvest from a local OAI-PMH server that answers every "
     "page with the same resumptionToken (completeListSize 5), `--delay 0`", 5, r"(?i)resumption|token",
     timeout=30)
def _(ctx):
    page = oai_page([oai_record("2501.30221")]).replace(
        "</ListRecords>", '<resumptionToken cursor="0" completeListSize="5">same-token</resumptionToken></ListRecords>')
    srv = OaiServer(page)
    db = ctx.path("sametoken", "db")
    try:
        o = ctx.index(db, "harvest", "--base-url", f"http://127.0.0.1:{srv.port}/oai", "--set", "cs",
                      "--from", "2025-01-01", "--delay", "0")
    finally:
        srv.close()
    o.cmd = o.cmd.replace(str(srv.port), "PORT")
    ctx.check_ids(o, db, ["2501.30221"])
    return o


@row("harvest-from-feb30", "arxiv-index", "`harvest --from 2025-02-30` (no such day)", 2, r"--from.*2025-02-30")
def _(ctx):
    return ctx.index(ctx.path("feb30", "db"), "harvest", "--base-url", "http://127.0.0.1:9/oai", "--from",
                     "2025-02-30")


@row("harvest-backfill-bad", "arxiv-index", "`harvest --backfill 2025-13-01..2025-02-30`", 2,
     r"--backfill.*2025-13-01")
def _(ctx):
    return ctx.index(ctx.path("backfill", "db"), "harvest", "--base-url", "http://127.0.0.1:9/oai",
                     "--backfill", "2025-13-01..2025-02-30")


CTRL_TITLE = "Evil \x1b[2J\x1b]0;pwned\x07 title \x00 with \x9b31m C1 \x08\x7f"


def ctrl_db(ctx):
    db = ctx.path("ctrl", "db")
    if not os.path.exists(db):
        line = daily("2501.30161", title=CTRL_TITLE, summary="Abstract \x1b]8;;http://evil\x07link\x1b]8;;\x07 \x00 end",
                     authors=("Ann \x1b[31mRed\x1b[0m", "Bob\x07 Bell"), comment="c \x1b[5m")
        atom = atom_feed([atom_entry("2501.30162", title="Atom &#x1b;[2J &#x7; escape", author="Eve &#x1b;]0;x&#x7;")])
        ctx.quiet([ctx.index_bin, "--db", db, "-q", "add",
                   write(ctx.path("ctrl", "2026-01-05.jsonl"), line + "\n"),
                   write(ctx.path("ctrl", "ctrl.xml"), atom)])
    return db


def ctrl_row(ctx, fmt):
    db = ctrl_db(ctx)
    o = ctx.query(db, "-f", fmt, "id:2501.30161 OR id:2501.30162")
    out = open(o.stdout_path, "rb").read()
    found = control_bytes(out)
    if found:
        o.problems.append(f"-f {fmt} output carries control characters {found}")
    if b"2501.30161" not in out or b"2501.30162" not in out:
        o.problems.append("a record with control characters is missing from the output")
    return o


@row("ctrl-chars-text", "arxiv-query", "ESC, BEL, OSC, CSI, C1, NUL in titles/authors/abstracts (JSON "
     "and Atom records), printed as text", 0)
def _(ctx):
    return ctrl_row(ctx, "text")


@row("ctrl-chars-markdown", "arxiv-query", "the same records as markdown", 0)
def _(ctx):
    return ctrl_row(ctx, "markdown")


@row("ctrl-chars-bibtex", "arxiv-query", "the same records as bibtex", 0)
def _(ctx):
    return ctrl_row(ctx, "bibtex")


# ---- arxiv-query rows ----------------------------------------------------------------------------

def query_row(ctx, query, *opts):
    """arxiv-query over the fixture index; options before the query (a "--" among them keeps a
    query that starts with "-" from being read as an option)."""
    o = ctx.query(ctx.shared_db(), *opts, query)
    if len(o.stderr) > 4000:
        o.problems.append(f"the error message is {len(o.stderr)} bytes (the whole query echoed?)")
    return o


def two_letter_words(n):
    vocab = words(676)  # aa..zz
    return " ".join(vocab[i % len(vocab)] for i in range(n))


@row("q-10k-terms", "arxiv-query", "10,000 two-letter words (30 KB, AND)", 2, r"more than 1000 terms")
def _(ctx):
    return query_row(ctx, two_letter_words(10000))


@row("q-10k-or", "arxiv-query", "10,000-term OR (`aa OR ab OR …`, 59 KB)", 2, r"bytes long; at most 32768")
def _(ctx):
    return query_row(ctx, " OR ".join(words(10000)))


@row("q-10k-or-arxiv", "arxiv-query", "10,000 terms side by side in `--syntax arxiv` (an OR there, 30 KB)", 2,
     r"more than 1000 terms")
def _(ctx):
    return query_row(ctx, two_letter_words(10000), "--syntax", "arxiv")


@row("q-20k-parens", "arxiv-query", "20,000 nested `(` around a word, balanced (40 KB)", 2,
     r"bytes long; at most 32768")
def _(ctx):
    return query_row(ctx, "(" * 20000 + "a" + ")" * 20000)


@row("q-20k-open-parens", "arxiv-query", "20,000 `(` then a word, unclosed (20 KB)", 2, r"nests more than 100 levels")
def _(ctx):
    return query_row(ctx, "(" * 20000 + "kv")


@row("q-20k-parens-arxiv", "arxiv-query", "20,000 `(` then a word, `--syntax arxiv`", 2, r"nests more than 100 levels")
def _(ctx):
    return query_row(ctx, "(" * 20000 + "kv", "--syntax", "arxiv")


@row("q-16k-parens-arxiv", "arxiv-query", "16,000 nested `(` balanced (32,001 bytes), `--syntax arxiv`", 2,
     r"nests more than 100 levels")
def _(ctx):
    return query_row(ctx, "(" * 16000 + "a" + ")" * 16000, "--syntax", "arxiv")


@row("q-8k-not", "arxiv-query", "`NOT ` 8,000 times then a word (32,001 bytes)", 2, r"nests more than 100 levels")
def _(ctx):
    return query_row(ctx, "NOT " * 8000 + "kv")


@row("q-20k-not", "arxiv-query", "`NOT ` 20,000 times then a word (80 KB)", 2, r"bytes long; at most 32768")
def _(ctx):
    return query_row(ctx, "NOT " * 20000 + "kv")


@row("q-20k-minus", "arxiv-query", "`-` 20,000 times then a word (one exclusion of the word `---…kv`, "
     "which `--explain` shows)", 0)
def _(ctx):
    return query_row(ctx, "-" * 20000 + "kv", "--")


@row("q-10k-minus-parens", "arxiv-query", "`-(` 10,000 times then a word (20 KB)", 2, r"nests more than 100 levels")
def _(ctx):
    return query_row(ctx, "-(" * 10000 + "kv", "--")


@row("q-leading-dash-20kb", "arxiv-query", "`-(` 10,000 times then a word, without `--` (read as an option)",
     2, r"arxiv-query: error")
def _(ctx):
    return query_row(ctx, "-(" * 10000 + "kv")


@row("q-dash-word", "arxiv-query", "the README's exclusion `-survey` as its own argument: `arxiv-query "
     "transformer -survey` (an exclusion, not `-s urvey`)", 0)
def _(ctx):
    o = ctx.query(ctx.shared_db(), "transformer", "-survey")
    return o


@row("q-long-category", "arxiv-query", "`cat:` with a 30,000-byte category", 2, r"unknown category")
def _(ctx):
    return query_row(ctx, "cat:cs." + "q" * 30000)


@row("q-20k-andnot-arxiv", "arxiv-query", "`kv ANDNOT ` 5,000 times then a word, `--syntax arxiv` (50 KB)",
     2, r"bytes long; at most 32768")
def _(ctx):
    return query_row(ctx, "kv ANDNOT " * 5000 + "kv", "--syntax", "arxiv")


@row("q-100kb-string", "arxiv-query", "one 100 KB word", 2, r"bytes long; at most 32768")
def _(ctx):
    return query_row(ctx, "x" * (100 * KB))


@row("q-100kb-phrase", "arxiv-query", "a 100 KB quoted phrase", 2, r"bytes long; at most 32768")
def _(ctx):
    return query_row(ctx, '"' + " ".join(["kv cache"] * 12000) + '"')


@row("q-one-letter-wildcard", "arxiv-query", "one-letter wildcard `k*`", 2, r"at least two letters")
def _(ctx):
    return query_row(ctx, "k*")


@row("q-one-letter-wildcard-arxiv", "arxiv-query", "one-letter wildcard `ti:k*`, `--syntax arxiv`", 2,
     r"at least two letters")
def _(ctx):
    return query_row(ctx, "ti:k*", "--syntax", "arxiv")


@row("q-wildcard-expansion", "arxiv-query", "`zq*` over an index holding 2,500 words starting with zq "
     "(above the 2,000-term wildcard expansion limit)", 2, r"a wildcard matches too many words")
def _(ctx):
    db = ctx.path("wild", "db")
    text = " ".join(words(2500, prefix="zq"))
    ctx.quiet([ctx.index_bin, "--db", db, "-q", "add",
               write(ctx.path("wild", "2026-01-05.jsonl"), daily("2501.30171", summary=text) + "\n")])
    return ctx.query(db, "zq*")


@row("q-offset-2^32", "arxiv-query", "`--offset 4294967296`", 0)
def _(ctx):
    o = query_row(ctx, "kv", "--offset", "4294967296", "-f", "json")
    try:
        j = json.loads(read_text(o.stdout_path))
        if j["results"] or j["offset"] != 4294967296:
            o.problems.append("the page past the end is not empty with the offset given")
    except (ValueError, KeyError) as e:
        o.problems.append(f"json output: {e}")
    return o


@row("q-limit-2^32+1", "arxiv-query", "`--limit 4294967297`", 0)
def _(ctx):
    o = query_row(ctx, "kv", "--limit", "4294967297", "-f", "ids")
    ref = subprocess.run([ctx.query_bin, "--db", ctx.shared_db(), "-n", "1000", "-f", "ids", "kv"],
                         capture_output=True).stdout
    if open(o.stdout_path, "rb").read() != ref:
        o.problems.append("a limit above 2^32 does not list every match")
    return o


@row("q-limit-minus-5", "arxiv-query", "`--limit -5`", 2, r"--limit: '-5' is not a whole number")
def _(ctx):
    return query_row(ctx, "kv", "--limit", "-5")


@row("q-offset-minus-1", "arxiv-query", "`--offset -1`", 2, r"--offset: '-1' is not a whole number")
def _(ctx):
    return query_row(ctx, "kv", "--offset", "-1")


@row("q-limit-20-digits", "arxiv-query", "`--limit 99999999999999999999`", 2, r"--limit")
def _(ctx):
    return query_row(ctx, "kv", "--limit", "99999999999999999999")


@row("q-date-99999999999d", "arxiv-query", "`date:99999999999d`", 2, r"at most 36500 days back")
def _(ctx):
    return query_row(ctx, "date:99999999999d")


@row("q-date-606060d", "arxiv-query", "`date:606060d`", 2, r"at most 36500 days back")
def _(ctx):
    return query_row(ctx, "date:606060d")


@row("q-since-99999999999d", "arxiv-query", "`--since 99999999999d`", 2, r"--since 99999999999d: invalid date")
def _(ctx):
    return query_row(ctx, "kv", "--since", "99999999999d")


@row("q-date-feb30", "arxiv-query", "`date:2025-02-30`", 2, r"2025-02-30")
def _(ctx):
    return query_row(ctx, "date:2025-02-30")


@row("q-control-chars", "arxiv-query", "a broken query holding ESC, OSC, BEL and NUL-free C0 bytes", 2,
     r"unclosed")
def _(ctx):
    o = query_row(ctx, "kv \x1b]0;pwned\x07 \x1b[2J (cache")
    if control_bytes(o.stderr.encode()):
        o.problems.append("the error message echoes control characters")
    return o


@row("q-invalid-utf8", "arxiv-query", "a query of invalid UTF-8 bytes", 1, None)
def _(ctx):
    o = ctx.query(ctx.shared_db(), os.fsdecode(b"\xff\xfe \xc0\x80 kv"))
    try:
        open(o.stdout_path, "rb").read().decode("utf-8")
        o.stderr.encode("utf-8")
    except UnicodeError as e:
        o.problems.append(f"output is not UTF-8: {e}")
    return o


@row("digest-deep-json", "arxiv-query", "`digest` with a configuration nested 1,000,000 deep", 2,
     r"@T@/digest/deep\.json")
def _(ctx):
    f = write(ctx.path("digest", "deep.json"), '{"title": "t", "topics": ' + "[" * 1000000 + "]" * 1000000 + "}")
    return ctx.query(ctx.shared_db(), "digest", f, "--dry-run")


# ---- arxiv-query serve rows ------------------------------------------------------------------------

class Server:
    """`arxiv-query serve` on a free 127.0.0.1 port, started by pid and polled for readiness."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.log = ctx.path("serve", "serve.log")
        self.proc = subprocess.Popen([ctx.query_bin, "--db", ctx.shared_db(), "serve", "--listen", "127.0.0.1:0"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=open(self.log, "wb"), start_new_session=True)
        self.port = None

        def ready():
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", read_text(self.log))
            if m:
                self.port = int(m.group(1))
            return self.port is not None or self.proc.poll() is not None
        poll_until(ready, 30)
        if self.port is None:
            raise SetupError("arxiv-query serve did not start: " + read_text(self.log)[-500:])

    def alive(self):
        return self.proc.poll() is None

    def vm_hwm_kb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                m = re.search(r"VmHWM:\s+(\d+) kB", f.read())
            return int(m.group(1)) if m else 0
        except OSError:
            return 0

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            return "hung after SIGTERM"


class Reply:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def message(self):
        """The error message in the endpoint's format, else the first line of the body."""
        text = self.body.decode("utf-8", errors="replace")
        m = re.search(r"<summary>(.*?)</summary>", text, re.S)
        if m:
            return " ".join(m.group(1).split())
        try:
            j = json.loads(text)
            if isinstance(j, dict) and "error" in j:
                return j["error"]
        except ValueError:
            pass
        return text.strip().split("\n")[0][:200]


class Conn:
    """A raw HTTP/1.1 client connection: sends whatever it is given (from a thread, so a server
    that answers before reading it all cannot deadlock the client) and parses answers."""

    def __init__(self, port, timeout=60):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""
        self.sender = None

    def send(self, data, background=True):
        def go():
            try:
                self.sock.sendall(data)
            except OSError:
                pass  # the server closed first: expected for oversized requests
        if background:
            self.sender = threading.Thread(target=go, daemon=True)
            self.sender.start()
        else:
            go()

    def _more(self):
        try:
            chunk = self.sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            chunk = b""
        self.buf += chunk
        return bool(chunk)

    def read_reply(self):
        while b"\r\n\r\n" not in self.buf:
            if not self._more():
                return None
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        if "content-length" in headers:
            n = int(headers["content-length"])
            while len(self.buf) < n and self._more():
                pass
            body, self.buf = self.buf[:n], self.buf[n:]
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                while b"\r\n" not in self.buf and self._more():
                    pass
                size_line, _, self.buf = self.buf.partition(b"\r\n")
                size = int(size_line.split(b";")[0] or b"0", 16)
                while len(self.buf) < size + 2 and self._more():
                    pass
                body += self.buf[:size]
                self.buf = self.buf[size + 2:]
                if size == 0:
                    break
        else:
            while self._more():
                pass
            body, self.buf = self.buf, b""
        return Reply(status, headers, body)

    def closed_by_peer(self):
        """True once the server closed the connection (EOF)."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        if self.sender:
            self.sender.join(10)


def get(target, close=True, headers=""):
    return (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
            + ("Connection: close\r\n" if close else "") + "\r\n").encode()


def post(target, body, headers="Content-Type: application/x-www-form-urlencoded\r\n"):
    body = body.encode() if isinstance(body, str) else body
    return (f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode() + body


def exchange(server, data):
    c = Conn(server.port)
    c.send(data)
    r = c.read_reply()
    c.close()
    return r


NORMAL = "/search?q=id:2501.00001"


def serves_normally(server):
    r = exchange(server, get(NORMAL))
    return r is not None and r.status == 200 and b'"2501.00001"' in r.body


def http_row(ctx, show, fn):
    """Runs fn(server) -> (Reply or None, problems); records status, message, VmHWM, time, and that
    the server is still up and answers a normal query afterwards."""
    if ctx.server is None:
        ctx.server = Server(ctx)
    s = ctx.server
    t0 = time.monotonic()
    reply, problems = fn(s)
    secs = time.monotonic() - t0
    o = Outcome(show, f"HTTP {reply.status}" if reply else "no answer", reply.message() if reply else "",
                s.vm_hwm_kb(), secs)
    o.rss_label = "server"
    o.problems += problems
    up = s.alive() and serves_normally(s)
    o.valid = (up, "server up, answers " + NORMAL if up else "server down or not answering")
    return o


@row("h-huge-header-line", "serve", "one 1 MB header line", "HTTP 431", r"header")
def _(ctx):
    return http_row(ctx, "GET /search?q=kv with `X-Big: <1 MB>`",
                    lambda s: (exchange(s, get("/search?q=kv", headers="X-Big: " + "a" * MB + "\r\n")), []))


@row("h-many-headers", "serve", "10,000 header lines of 100 bytes (1 MB of headers)", "HTTP 431", r"header")
def _(ctx):
    hdrs = "".join(f"X-H{i}: {'b' * 90}\r\n" for i in range(10000))
    return http_row(ctx, "GET /search?q=kv with 10,000 `X-Hn:` headers",
                    lambda s: (exchange(s, get("/search?q=kv", headers=hdrs)), []))


@row("h-10mb-target", "serve", "a 10 MB request target (`/api/query?search_query=aaaa…`)", "HTTP 414",
     r"(?i)long|8 KiB|8192")
def _(ctx):
    return http_row(ctx, "GET /api/query?search_query=<10 MB>",
                    lambda s: (exchange(s, get("/api/query?search_query=" + "a" * (10 * MB))), []))


@row("h-10mb-target-search", "serve", "a 10 MB request target on /search", "HTTP 414", r"(?i)long|8 KiB|8192")
def _(ctx):
    return http_row(ctx, "GET /search?q=<10 MB>",
                    lambda s: (exchange(s, get("/search?q=" + "a" * (10 * MB))), []))


@row("h-bad-percent-api", "serve", "bad percent-escapes in /api/query (`%zz`, a lone `%`, `%0`)", "HTTP 400",
     r".")
def _(ctx):
    return http_row(ctx, "GET /api/query?search_query=ti:%zz%&start=%0",
                    lambda s: (exchange(s, get("/api/query?search_query=ti:%zz%&start=%0")), []))


@row("h-bad-percent-search", "serve", "percent-escapes decoding to invalid UTF-8 and NUL in /search "
     "(`%ff%fe`, `%00`, `%c0%80`): searched as repaired text, answered in valid UTF-8", "HTTP 200")
def _(ctx):
    def fn(s):
        r = exchange(s, get("/search?q=%ff%fe%00%c0%80kv"))
        probs = []
        if r is not None:
            try:
                r.body.decode("utf-8")
            except UnicodeDecodeError:
                probs.append("the answer is not valid UTF-8")
        return r, probs
    return http_row(ctx, "GET /search?q=%ff%fe%00%c0%80kv", fn)


@row("h-path-traversal", "serve", "path traversal: `/../../etc/passwd`, `/%2e%2e/%2e%2e/etc/passwd`, "
     "`/api/../../../etc/passwd`, `//etc/passwd`, `/..%2f..%2fetc%2fpasswd`", "HTTP 404", r".")
def _(ctx):
    targets = ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/../../../etc/passwd", "//etc/passwd",
               "/..%2f..%2fetc%2fpasswd", "/search/../../etc/passwd"]

    def fn(s):
        probs, statuses, first = [], set(), None
        for t in targets:
            r = exchange(s, get(t))
            if r is None:
                probs.append(f"{t}: no answer")
                continue
            first = first or r
            statuses.add(r.status)
            if b"root:" in r.body:
                probs.append(f"{t}: the answer holds /etc/passwd")
        if statuses - {404}:
            probs.append(f"statuses {sorted(statuses)}")
        return first, probs
    return http_row(ctx, "GET " + ", ".join(targets), fn)


@row("h-slow-loris", "serve", "a slow client: a request trickled one byte every 0.2 s (never finished); a "
     "normal client asks meanwhile", "HTTP 408", r".", quick=False)
def _(ctx):
    def fn(s):
        c = Conn(s.port, timeout=60)
        data = get("/search?q=kv") + b"X-Never-Ends: " + b"z" * 1000
        stop = threading.Event()
        sent = []

        def trickle():
            for b in data:
                if stop.is_set():
                    return
                try:
                    c.sock.send(bytes([b]))
                except OSError:
                    return
                sent.append(b)
                time.sleep(0.2)  # pacing the hostile client, not waiting for the server
        t = threading.Thread(target=trickle, daemon=True)
        t.start()
        probs = []
        poll_until(lambda: len(sent) >= 5, 30)
        t1 = time.monotonic()
        if not serves_normally(s):
            probs.append("a normal client was not answered while the slow one trickled")
        elif time.monotonic() - t1 > 5:
            probs.append(f"a normal client waited {time.monotonic() - t1:.1f} s")
        t0 = time.monotonic()
        r = c.read_reply()
        stop.set()
        waited = time.monotonic() - t0
        c.close()
        t.join(5)
        if waited > 30:
            probs.append(f"the slow client was cut off only after {waited:.0f} s")
        return r, probs
    return http_row(ctx, "trickled GET /search?q=kv, 1 byte / 0.2 s", fn)


@row("h-pipelining", "serve", "100 requests pipelined in one write on one keep-alive connection",
     "HTTP 200", r".")
def _(ctx):
    def fn(s):
        fixture = [f"2501.0000{n}" for n in range(1, 6)] + ["2502.00006", "2502.00007", "2502.00008",
                                                              "2503.00009", "2503.00010"]
        ids = [fixture[(i * 3) % len(fixture)] for i in range(100)]
        data = b"".join(get(f"/search?q=id:{i}", close=False) for i in ids)
        c = Conn(s.port)
        c.send(data)
        replies = []
        for _ in ids:
            r = c.read_reply()
            if r is None:
                break
            replies.append(r)
        c.close()
        probs = []
        if len(replies) != len(ids):
            probs.append(f"{len(replies)} answers to {len(ids)} requests")
        wrong = [i for i, (r, rid) in enumerate(zip(replies, ids))
                 if r.status != 200 or f'"{rid}"'.encode() not in r.body]
        if wrong:
            probs.append(f"answers out of order or wrong at positions {wrong[:5]}")
        return (replies[-1] if replies else None), probs
    return http_row(ctx, "100 × GET /search?q=id:… in one write", fn)


@row("h-smuggle-cl-te", "serve", "request smuggling: a POST with both Content-Length and Transfer-Encoding, "
     "a second request after it on the same connection", "HTTP 400", r"length is ambiguous: both Content-Length and Transfer-Encoding")
def _(ctx):
    data = (b"POST /api/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"0\r\n\r\n" + get("/search?q=id:2501.00002"))

    def fn(s):
        c = Conn(s.port)
        c.send(data)
        first = c.read_reply()
        second = c.read_reply()
        c.close()
        return first, (["the request after it was answered too"] if second is not None else [])
    return http_row(ctx, "POST /api/query with Content-Length: 5 and Transfer-Encoding: chunked, then a GET", fn)


@row("h-smuggle-te-space", "serve", "request smuggling: `Transfer-Encoding : chunked` (a space before the colon), "
     "which a proxy in front might read differently", "HTTP 400", r"could not be parsed")
def _(ctx):
    data = (b"POST /api/query HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding : chunked\r\nContent-Length: 3\r\n\r\n"
            b"a=b" + get("/search?q=id:2501.00002"))
    return http_row(ctx, "POST /api/query with 'Transfer-Encoding : chunked'",
                    lambda s: (exchange(s, data), []))


@row("h-no-host", "serve", "an HTTP/1.1 request without a Host header (RFC 9112: 400)", "HTTP 400",
     r"needs a Host header")
def _(ctx):
    return http_row(ctx, "GET /search?q=kv HTTP/1.1 without Host",
                    lambda s: (exchange(s, b"GET /search?q=kv HTTP/1.1\r\n\r\n"), []))


@row("h-10k-terms-post", "serve", "a 10,000-term OR POSTed to /api/query (`aa+ab+…`, side by side is OR "
     "in arXiv's syntax; a 30 KB form)", "HTTP 400", r"more than 1000 terms")
def _(ctx):
    body = "search_query=" + two_letter_words(10000).replace(" ", "+")
    return http_row(ctx, "POST /api/query search_query=aa+ab+ac+…",
                    lambda s: (exchange(s, post("/api/query", body)), []))


@row("h-20k-parens-post", "serve", "20,000 `(` then a word POSTed to /api/query", "HTTP 400", r"nests more than 100")
def _(ctx):
    body = "search_query=" + "(" * 20000 + "kv"
    return http_row(ctx, "POST /api/query search_query=((((…kv", lambda s: (exchange(s, post("/api/query", body)), []))


@row("h-20k-parens-get", "serve", "20,000 `(` in a /search GET (over the 8 KiB request line)", "HTTP 414",
     r"(?i)long|8 KiB|8192")
def _(ctx):
    return http_row(ctx, "GET /search?q=((((…", lambda s: (exchange(s, get("/search?q=" + "%28" * 20000 + "kv")), []))


@row("h-one-letter-wildcard", "serve", "one-letter wildcard `/search?q=k*`", "HTTP 400", r"'k\*' is too short")
def _(ctx):
    return http_row(ctx, "GET /search?q=k*", lambda s: (exchange(s, get("/search?q=k*")), []))


@row("h-10mb-body", "serve", "a 10 MB POST body", "HTTP 413", r".")
def _(ctx):
    return http_row(ctx, "POST /api/query with a 10 MB form",
                    lambda s: (exchange(s, post("/api/query", "search_query=" + "a" * (10 * MB))), []))


@row("h-gzip-bomb-body", "serve", "a gzip POST body of 64 KB that inflates to 64 MB of zeros", "HTTP 413", r".")
def _(ctx):
    def fn(s):
        gz = gzip_of([(b"search_query=" + b"0" * (MB - 13), 1), (b"0" * MB, 63)], ctx.path("serve", "body.gz"))
        body = open(gz, "rb").read()
        return exchange(s, post("/api/query", body, headers="Content-Type: application/x-www-form-urlencoded\r\n"
                                                            "Content-Encoding: gzip\r\n")), []
    return http_row(ctx, "POST /api/query, Content-Encoding: gzip, 64 MB inflated", fn)


@row("h-huge-numbers", "serve", "`start=99999999999999999999`, `max_results=30001`, `max_results=-1`",
     "HTTP 400", r"start is too large")
def _(ctx):
    def fn(s):
        probs = []
        first = exchange(s, get("/api/query?search_query=kv&start=99999999999999999999"))
        for t in ("/api/query?search_query=kv&max_results=30001", "/api/query?search_query=kv&max_results=-1"):
            r = exchange(s, get(t))
            if r is None or r.status != 400:
                probs.append(f"{t}: {r.status if r else 'no answer'}")
        return first, probs
    return http_row(ctx, "GET /api/query?…&start=99999999999999999999 (and max_results=30001, -1)", fn)


@row("h-sigterm", "serve", "SIGTERM after all the rows above: the server stops cleanly", 0)
def _(ctx):
    if ctx.server is None:
        ctx.server = Server(ctx)
    s = ctx.server
    t0 = time.monotonic()
    hwm = s.vm_hwm_kb()
    code = s.stop()
    secs = time.monotonic() - t0
    ctx.server = None
    o = Outcome("kill -TERM <server pid>", code, read_text(s.log), hwm, secs)
    o.rss_label = "server"
    o.stderr = "\n".join(line for line in o.stderr.split("\n") if "error" in line or "stopp" in line) or o.stderr
    return o


# ---- Checking and the table -------------------------------------------------------------------

def first_message(o, pattern):
    """The line that carries the message: the first stderr line matching the expected pattern,
    else the first non-empty line."""
    lines = [line for line in o.stderr.split("\n") if line.strip()]
    if pattern:
        for line in lines:
            if re.search(pattern, line):
                return line
    return lines[0] if lines else ""


def verdict(r, o, ctx, bounds):
    """The reasons row r failed (empty: it passed)."""
    why = []
    if o.timed_out:
        why.append(f"hang: killed after {o.secs:.0f} s")
    if isinstance(o.code, int) and (o.code < 0 or o.code in (134, 139)):
        why.append(f"crash: exit code {o.code}" + (f" (signal {-o.code})" if o.code < 0 else ""))
    if o.code != r.expect:
        why.append(f"exit code {o.code}, expected {r.expect}")
    if r.message:
        pattern = r.message.replace("@T@", re.escape(ctx.tmp))
        if not any(re.search(pattern, line) for line in o.stderr.split("\n")) and not re.search(pattern, o.stderr):
            why.append(f"message does not match /{r.message}/")
    if "error: internal" in o.stderr:
        why.append("an internal error (exit 70 path)")
    if not o.rss_label:  # a program's stderr goes to a terminal: no escape sequences from the input
        found = control_bytes(o.stderr.encode("utf-8", "surrogateescape"))
        if found:
            why.append(f"stderr carries control characters {found[:5]}")
    limit_kb = r.max_rss or max(10 * bounds.get(r.key, (0, 0))[0], RSS_FLOOR_KB)
    if o.rss_kb > limit_kb:
        why.append(f"peak RSS {o.rss_kb // KB} MB above the bound {limit_kb // KB} MB")
    if o.valid is not None and not o.valid[0]:
        why.append("valid data lost: " + o.valid[1])
    why += o.problems
    return why


def run_rows(ctx, rows, bounds, log):
    results = []
    for r in rows:
        measured_secs = bounds.get(r.key, (0, 0))[1]
        ctx.timeout = max(r.timeout, 10 * measured_secs) if r.timeout >= ROW_TIMEOUT else r.timeout
        try:
            o = r.fn(ctx)
        except SkipRow as e:
            log(f"  skip  {r.key}: {e}")
            results.append((r, None, [f"skipped: {e}"]))
            continue
        except Exception as e:  # a broken row is a failure, never a pass
            o = Outcome(r.key, "error", f"{type(e).__name__}: {e}")
            results.append((r, o, [f"the row itself failed: {type(e).__name__}: {e}"]))
            log(f"  FAIL  {r.key}: {type(e).__name__}: {e}")
            continue
        why = verdict(r, o, ctx, bounds)
        results.append((r, o, why))
        status = "FAIL" if why else "ok"
        log(f"  {status:5} {r.key}: {o.code} in {o.secs:.2f} s, {o.rss_kb / KB:.1f} MB"
            + ("" if not why else " — " + "; ".join(why)))
    return results


def cell(text, limit=180, code=False):
    """Text for a table cell: control characters and undecodable bytes (lone surrogates from
    os.fsdecode) as \\xNN, cut at `limit` characters, pipes escaped; inside a code span (`code`)
    backquotes become quotes."""
    def show(c):
        if "\udc80" <= c <= "\udcff":
            return f"\\x{ord(c) - 0xdc00:02x}"
        return c if c >= " " and not "\x7f" <= c <= "\x9f" else f"\\x{ord(c):02x}"
    text = "".join(show(c) for c in str(text))
    if len(text) > limit:
        text = text[:limit] + "…"
    text = text.replace("|", "\\|")
    return text.replace("`", "'") if code else text


def parse_doc(path):
    """{key: (peak RSS kB, seconds)} from the table in docs/hostile-inputs.md."""
    bounds = {}
    if not os.path.exists(path):
        return bounds
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\| `([\w^+.-]+)` \|", line)
        if not m:
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rss = re.match(r"([\d.]+) MB", cells[5])
        secs = re.match(r"([\d.]+) s", cells[6])
        bounds[m.group(1)] = (int(float(rss.group(1)) * KB) if rss else 0, float(secs.group(1)) if secs else 0.0)
    return bounds


def machine():
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // (1024 * 1024)} GiB RAM"
    except OSError:
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), {mem}, load average {load} at the start"


def git_commit(source):
    try:
        c = subprocess.run(["git", "-C", source, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", source, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return c.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        return "unknown"


def write_doc(path, ctx, results, started, wall):
    groups = {"arxiv-index": "Indexer (`arxiv-index`)", "arxiv-query": "Query tool (`arxiv-query`)",
              "serve": "Server (`arxiv-query serve`)"}
    failing = [(r, why) for r, o, why in results if why and o is not None]
    out = []
    out.append("# Hostile inputs, measured\n")
    out.append("Every input below is generated by `tests/hostile/hostile_inputs.py` in a temporary directory "
               "(`$T`; nothing large is committed), run through the real binaries and checked: exit code "
               "(HTTP status for the server), the message, peak RSS, wall time and whether the valid records "
               "mixed in with the hostile ones are still in the index (`arxiv-query --count id:…`). The "
               "`hostile-inputs` ctest runs the same rows and fails on a crash or signal, a hang (a row's "
               "time limit is 120 s, or 10× the time below if that is more; 30 s for the three `coverage` "
               "and harvest rows over a few records, which finish in a tenth of a second when they do not "
               "hang), an exit code or message other than the one below, a peak RSS above max(10× the "
               "value below, 1 GiB) (or the fixed bound a row names), lost valid data, or control characters "
               "on a program's stderr. The last column says whether the row passes those checks. The limits "
               "themselves are in the README ([indexing limits](../README.md#indexing-limits), "
               "[query limits](../README.md#query-limits), [server limits](../README.md#server-limits)).\n")
    out.append(f"- Machine: {machine()}")
    out.append(f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}; all rows took {wall:.0f} s")
    out.append(f"- Commit: {git_commit(ctx.source)}")
    out.append("- Reproduce: `cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build && "
               "python3 tests/hostile/hostile_inputs.py --bin-dir build/bin "
               "--helper build/tests/hostile/hostile-helper --source-dir . "
               f"--write-doc {DOC_REL}` (check without rewriting: `ctest --test-dir build -R hostile-inputs`, "
               "or the script with `--check`)")
    out.append("- Peak RSS: `ru_maxrss` of the command from `wait4`, taken by `hostile-helper run` (a small "
               "process that forks it, so the script's own size is not counted); for the server rows the "
               "server's `VmHWM` after the row (a high-water mark over the server's whole life so far). "
               "Time: wall clock on a machine shared with other work. The message is the first stderr line "
               "that carries the expected text (else the first line); for the server, the error in the "
               "answer.")
    if failing:
        out.append(f"- **Failing rows: {len(failing)}** — " + "; ".join(f"`{r.key}`" for r, _ in failing))
    else:
        out.append("- Failing rows: none")
    out.append("")
    for group, heading in groups.items():
        out.append(f"## {heading}\n")
        out.append("| row | input | command | exit code | message | peak RSS | time | valid data kept? | checks |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for r, o, why in results:
            if r.group != group:
                continue
            if o is None:
                out.append(f"| `{r.key}` | {cell(r.title, 400)} | | | | | | | {cell(why[0])} |")
                continue
            msg = first_message(o, r.message.replace("@T@", re.escape(ctx.tmp)) if r.message else None)
            msg = msg.replace(ctx.tmp, "$T")
            rss = f"{o.rss_kb / KB:.1f} MB" + (" (server)" if o.rss_label else "")
            valid = "n/a" if o.valid is None else ("yes" if o.valid[0] else "**NO**") + f" ({o.valid[1]})"
            checks = "ok" if not why else "**FAILING**: " + "; ".join(why)
            out.append(f"| `{r.key}` | {cell(r.title, 400)} | `{cell(o.cmd, 200, code=True)}` | {o.code} | {cell(msg, 220) or '—'} | "
                       f"{rss} | {o.secs:.2f} s | {cell(valid, 200)} | {cell(checks, 400)} |")
        out.append("")
    if failing:
        out.append("## Failing rows\n")
        out.append("Each is reproduced on its own, with its inputs kept under the printed temporary directory, by "
                   "`python3 tests/hostile/hostile_inputs.py --bin-dir build/bin --helper "
                   "build/tests/hostile/hostile-helper --source-dir . --keep --only '^ROW$'`.\n")
        for r, why in failing:
            out.append(f"- `{r.key}`: {cell('; '.join(why), 400)}")
        out.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--helper", required=True, help="hostile-helper, built in build/tests/hostile")
    ap.add_argument("--write-doc", metavar="PATH", help="measure every row and write the table there")
    ap.add_argument("--check", action="store_true", help="fail unless every row passes (the ctest)")
    ap.add_argument("--quick", action="store_true", help="only the rows not marked slow")
    ap.add_argument("--only", metavar="REGEX", help="only rows whose key matches")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()

    for b in [os.path.join(args.bin_dir, b) for b in ("arxiv-index", "arxiv-query", "arxiv-query-serve")] + [args.helper]:
        if not os.access(b, os.X_OK):
            print(f"skipped: {b} is not built")
            return 77
    rows = [r for r in ROWS if (not args.quick or r.quick) and (not args.only or re.search(args.only, r.key))]
    doc = os.path.join(args.source_dir, DOC_REL)
    bounds = parse_doc(doc)
    if args.check and not args.only:
        missing = [r.key for r in ROWS if r.key not in bounds]
        stale = [k for k in bounds if k not in {r.key for r in ROWS}]
        if missing or stale:
            print(f"FAILED: {DOC_REL} is out of date (missing rows: {missing}, rows no longer run: {stale}); "
                  "regenerate it with --write-doc", file=sys.stderr)
            return 1

    tmp = tempfile.mkdtemp(prefix="arxiv-hostile-")
    ctx = Ctx(args, tmp)
    started = datetime.datetime.now(datetime.timezone.utc)
    t0 = time.monotonic()
    log = lambda s: print(s, flush=True)
    log(f"hostile inputs: {len(rows)} rows in {tmp}")
    try:
        results = run_rows(ctx, rows, bounds, log)
    finally:
        if ctx.server is not None:
            ctx.server.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    wall = time.monotonic() - t0
    failed = [(r, why) for r, o, why in results if why and o is not None]
    skipped = [r for r, o, why in results if o is None]
    log(f"{len(results) - len(failed) - len(skipped)} passed, {len(failed)} failed, {len(skipped)} skipped "
        f"in {wall:.1f} s" + (" (--quick: slow rows left out: " + ", ".join(r.key for r in ROWS if not r.quick) + ")"
                              if args.quick else ""))
    if args.write_doc:
        write_doc(args.write_doc, ctx, results, started, wall)
        log(f"wrote {args.write_doc}")
    if args.check:
        for r, why in failed:
            print(f"FAILED: {r.key}: " + "; ".join(why), file=sys.stderr)
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
