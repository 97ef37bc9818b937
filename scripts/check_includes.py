#!/usr/bin/env python3
"""Checks that every source folder includes only from the folders it may.

The rules are the table in docs/architecture.md that follows the line
`<!-- include-rooms -->`: one row per folder, its first cell the folder, its
second the folders it may include from besides itself (`common/*` is every
folder below common/, `—` none):

    | `query/search` | `query/lang`, `common/*` |

Every .h/.cc/.inc file below common/, indexer/ and query/ is checked; each
`#include "a/b/c.h"` (or <a/b/c.h>) whose path starts with one of those is
allowed only if a/b is the file's own folder or listed in its row. A file
in a folder the table does not list, or an include that climbs with "..",
is an error too. Errors are printed as FILE:LINE: ... and the exit status
is 1; 0 when every include is allowed.

  scripts/check_includes.py [--root DIR] [--table FILE]
  scripts/check_includes.py --self-test   # the check on trees made to fail
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOMS = ("common", "indexer", "query")
SOURCE = re.compile(r".*\.(h|cc|inc)$")
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
MARKER = "<!-- include-rooms -->"


def read_table(path):
    """{folder: [allowed patterns]} from the table after MARKER in `path`."""
    rules = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    try:
        start = lines.index(MARKER) + 1
    except ValueError:
        raise SystemExit(f"{path}: no line {MARKER} before the table of include rules")
    for n, line in enumerate(lines[start:], start + 1):
        if not line.strip():
            if rules:
                break
            continue
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or set(cells[0]) <= set("-: "):
            continue
        folder = re.findall(r"`([^`]+)`", cells[0])
        if not folder:
            continue  # the header row
        allowed = re.findall(r"`([^`]+)`", cells[1])
        if not allowed and cells[1] not in ("—", "-", ""):
            raise SystemExit(f"{path}:{n}: cannot read the folders in {cells[1]!r}")
        if folder[0] in rules:
            raise SystemExit(f"{path}:{n}: {folder[0]} has two rows")
        rules[folder[0]] = allowed
    if not rules:
        raise SystemExit(f"{path}: the table after {MARKER} has no rows")
    return rules


def allowed(folder, target, rules):
    if target == folder:
        return True
    for pattern in rules[folder]:
        if pattern.endswith("/*"):
            if target.startswith(pattern[:-1]):
                return True
        elif target == pattern:
            return True
    return False


def check(root, table):
    rules = read_table(table)
    errors = []
    checked = 0
    for room in ROOMS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, room)):
            dirnames.sort()
            for name in sorted(filenames):
                if not SOURCE.match(name):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                folder = os.path.dirname(rel)
                if folder not in rules:
                    errors.append(f"{rel}:1: error: folder {folder} has no row in the include table "
                                  f"of {os.path.relpath(table, root)}")
                    continue
                checked += 1
                with open(path, encoding="utf-8", errors="replace") as f:
                    for n, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        inc = m.group(1)
                        if ".." in inc.split("/"):
                            errors.append(f"{rel}:{n}: error: #include \"{inc}\" climbs out of its folder; "
                                          "include from the repository root")
                            continue
                        if inc.split("/")[0] not in ROOMS or "/" not in inc:
                            continue  # system, library, generated or same-folder header
                        target = os.path.dirname(inc)
                        if not allowed(folder, target, rules):
                            errors.append(f"{rel}:{n}: error: {folder} may not include from {target} "
                                          f"(#include \"{inc}\"; allowed: "
                                          f"{', '.join(rules[folder]) or 'its own folder only'})")
    for e in errors:
        print(e)
    if checked == 0:
        print(f"{root}: error: no source files found below {', '.join(ROOMS)}")
        return 1
    if errors:
        print(f"{len(errors)} include(s) against docs/architecture.md's rules, {checked} files checked")
        return 1
    print(f"ok: {checked} files, every include allowed")
    return 0


def self_test(script, table):
    """The check must fail on a forbidden include, an unknown folder and a
    climbing include, naming the file and line, and pass on a clean tree."""
    failures = []

    def run(tree, expect_rc, expect_text):
        r = subprocess.run([sys.executable, script, "--root", tree, "--table", os.path.join(tree, "rules.md")],
                           capture_output=True, text=True)
        if r.returncode != expect_rc or expect_text not in r.stdout:
            failures.append(f"expected exit {expect_rc} and {expect_text!r}, got exit {r.returncode}:\n{r.stdout}{r.stderr}")

    def tree(files):
        d = tempfile.mkdtemp(prefix="include-rooms-")
        shutil.copy(table, os.path.join(d, "rules.md"))
        for rel, text in files.items():
            os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(d, rel), "w") as f:
                f.write(text)
        return d

    made = []
    clean = {
        "common/text/text.h": "#pragma once\n#include <string>\n",
        "query/lang/compile.cc": '#include "query/lang/compile.h"\n#include "common/text/text.h"\n',
        "query/serve/server.cc": '#include "query/request/request.h"\n',
    }
    made.append(tree(clean))
    run(made[-1], 0, "ok: 3 files")
    # The real table's rules: query/lang may not include the server.
    made.append(tree(dict(clean, **{"query/lang/parse.cc": '// x\n#include <vector>\n#include "query/serve/server.h"\n'})))
    run(made[-1], 1, "query/lang/parse.cc:3: error: query/lang may not include from query/serve")
    made.append(tree(dict(clean, **{"common/text/text.cc": '#include "indexer/store/writer.h"\n'})))
    run(made[-1], 1, "common/text/text.cc:1: error: common/text may not include from indexer/store")
    made.append(tree(dict(clean, **{"query/main.cc": '#include <query/serve/server.h>\n'})))
    run(made[-1], 1, "query/main.cc:1: error: query may not include from query/serve")
    made.append(tree(dict(clean, **{"query/newroom/x.cc": "int x;\n"})))
    run(made[-1], 1, "query/newroom/x.cc:1: error: folder query/newroom has no row")
    made.append(tree(dict(clean, **{"common/util/x.cc": '#include "../../query/serve/server.h"\n'})))
    run(made[-1], 1, "common/util/x.cc:1: error: #include \"../../query/serve/server.h\" climbs")
    made.append(tree({}))
    run(made[-1], 1, "no source files found")
    for d in made:
        shutil.rmtree(d)
    for f in failures:
        print("self-test: " + f)
    if failures:
        return 1
    print(f"ok: self-test, {len(made)} trees")
    return 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=os.path.dirname(here))
    parser.add_argument("--table", help="default: ROOT/docs/architecture.md")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    table = args.table or os.path.join(args.root, "docs", "architecture.md")
    if args.self_test:
        return self_test(os.path.abspath(__file__), table)
    return check(args.root, table)


if __name__ == "__main__":
    sys.exit(main())
