#!/usr/bin/env bash
# Corpus test: indexes real daily-arxiv files from the shared corpus (in date
# order) and checks the document count and that every id holds the title of
# the newest file it appeared in, computed independently with Python.
# Usage: corpus_test.sh ARXIV_INDEX ARXIV_QUERY CORPUS_DIR [NFILES]
# Exits 77 (skipped) when the corpus is not there.
set -euo pipefail
index_bin=$1 query_bin=$2 corpus=$3 nfiles=${4:-0}
if ! compgen -G "$corpus/*.jsonl.gz" >/dev/null; then
  echo "corpus not found at $corpus; skipping"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t files < <(ls "$corpus"/*.jsonl.gz | sort)
if [ "$nfiles" -gt 0 ]; then files=("${files[@]:0:$nfiles}"); fi

SECONDS=0
"$index_bin" --db "$tmp/db" --quiet add "${files[@]}"
echo "indexed ${#files[@]} files in ${SECONDS}s"

"$query_bin" --db "$tmp/db" --format jsonl --limit 10000000 'date:1990..' > "$tmp/hits.jsonl"

python3 - "$tmp/hits.jsonl" "${files[@]}" <<'PY'
import gzip, json, sys
hits_path, files = sys.argv[1], sys.argv[2:]
newest = {}
for f in files:
    with gzip.open(f, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            newest[rec["id"]] = rec
def collapse(s):
    return " ".join(s.split())
hits = [json.loads(l) for l in open(hits_path, encoding="utf-8")]
got = {h["id"]: h for h in hits}
assert len(hits) == len(got), "duplicate ids in the index"
missing = set(newest) - set(got)
extra = set(got) - set(newest)
assert not missing and not extra, f"missing {sorted(missing)[:5]} extra {sorted(extra)[:5]}"
bad = [i for i, r in newest.items()
       if got[i]["title"] != collapse(r["title"]) or
          " ".join(got[i]["abstract"].split()) != collapse(r["summary"]) or
          got[i]["authors"] != [collapse(a) for a in r["authors"]] and not any("\\" in a for a in r["authors"])]
assert not bad, f"{len(bad)} ids do not hold their newest record, e.g. {bad[:5]}"
print(f"ok: {len(got)} documents, each with its newest title, abstract and authors")
PY
