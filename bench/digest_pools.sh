#!/bin/sh
# The digests compared blind in docs/benchmarks.md ("Digest scoring"), and
# their pools for graders: every variant of every set, written with
# --format json and pooled by bench/digest_judge.py.
#   bench/digest_pools.sh OLD_ARXIV_QUERY NEW_ARXIV_QUERY DB OUT_DIR
# OLD is a build of the commit before issue 23's scoring (e2756f2), NEW this
# one; DB an index of the shared corpus.
set -eu
old=$1 new=$2 db=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
export XDG_STATE_HOME="$out/state"
run() {  # OUTPUT BINARY CONFIG FLAGS...
  run_out=$1 run_bin=$2 run_config=$3
  shift 3
  "$run_bin" --db "$db" digest "$here/digest-configs/$run_config" --dry-run -f json -o "$out/$run_out.json" "$@" ||
    [ $? -eq 1 ]
}
for set in tune-week:personal.json:2026-06-23:2026-06-29 tune-day:personal.json:2026-06-30:2026-06-30 \
           tune-vla-week:vla.json:2026-06-23:2026-06-29 held-week:personal.json:2026-06-09:2026-06-15 \
           held-day:personal.json:2026-06-16:2026-06-16 held-vla-month:vla.json:2026-06-01:2026-06-30; do
  name=${set%%:*}; rest=${set#*:}; config=${rest%%:*}; rest=${rest#*:}; from=${rest%%:*}; until=${rest#*:}
  run "$name.old-newest" "$old" "$config" --since "$from" --until "$until"
  run "$name.old-relevance" "$old" "$config" --since "$from" --until "$until" --sort relevance
  run "$name.new" "$new" "$config" --since "$from" --until "$until"
  run "$name.new-newest" "$new" "$config" --since "$from" --until "$until" --sort newest
  # Deeper, so that a retuned score still finds its picks graded.
  run "$name.new-deep" "$new" "$config" --since "$from" --until "$until" -n 40
  python3 "$here/digest_judge.py" pool "$name" "$here/digest-configs/needs.json" \
    "old-newest=$out/$name.old-newest.json" "old-relevance=$out/$name.old-relevance.json" \
    "new=$out/$name.new.json" "new-newest=$out/$name.new-newest.json" "new-deep=$out/$name.new-deep.json"
done
