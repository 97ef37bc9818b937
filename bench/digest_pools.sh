#!/bin/sh
# The digests compared blind in docs/benchmarks.md ("Digest scoring"), and
# their pools for graders: every variant of every set, written with
# --format json and pooled by bench/digest_judge.py.
#   bench/digest_pools.sh OLD_ARXIV_QUERY NEW_ARXIV_QUERY DB OUT_DIR
# OLD is a build of the commit before issue 23's scoring (e2756f2), NEW one
# of its first score (9d66c58, the pools' variants new*; later scores add
# their picks with bench/digest_extra.sh); DB an index of the shared corpus.
# The sets: bench/digest-configs/sets.txt.
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
grep -v '^#' "$here/digest-configs/sets.txt" | while read -r name config from until; do
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
