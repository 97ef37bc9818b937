#!/bin/sh
# A retuned score's picks for the blind grading of docs/benchmarks.md
# ("Digest scoring"): the sets of bench/digest-configs/sets.txt, written with
# --format json by this build and added to bench/digest-picks/picks-SET.json
# by bench/digest_judge.py extra, which pools for the graders only the
# papers no grader has graded (bench/digest-judged/pool-extra-SET-TOPIC.tsv).
#   bench/digest_extra.sh ARXIV_QUERY DB OUT_DIR [NAME]
# NAME (default "about") names the variants: NAME (the default order) and
# NAME-newest (--sort newest: the same picks, newest first).
set -eu
bin=$1 db=$2 out=$3 name=${4:-about}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
export XDG_STATE_HOME="$out/state"
run() {  # OUTPUT CONFIG FLAGS...
  run_out=$1 run_config=$2
  shift 2
  "$bin" --db "$db" digest "$here/digest-configs/$run_config" --dry-run -f json -o "$out/$run_out.json" "$@" ||
    [ $? -eq 1 ]
}
grep -v '^#' "$here/digest-configs/sets.txt" | while read -r set_name config from until; do
  run "$set_name.$name" "$config" --since "$from" --until "$until"
  run "$set_name.$name-newest" "$config" --since "$from" --until "$until" --sort newest
  python3 "$here/digest_judge.py" extra "$set_name" "$here/digest-configs/needs.json" \
    "$name=$out/$set_name.$name.json" "$name-newest=$out/$set_name.$name-newest.json"
done
