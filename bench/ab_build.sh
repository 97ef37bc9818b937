#!/usr/bin/env bash
# A/B of two arxiv-index binaries on one corpus: fresh builds, alternating
# the two so that load from other work hits both alike; prints wall and CPU
# time, peak RSS and index size of each run, then the mean ratios B/A.
#
#   bench/ab_build.sh A_BIN B_BIN [CORPUS_DIR] [ROUNDS]
#
# CORPUS_DIR defaults to ../shared/corpus/daily-arxiv, ROUNDS to 2. The
# indexes go to a temporary directory, removed at the end.
set -euo pipefail
a=${1:?usage: bench/ab_build.sh A_BIN B_BIN [CORPUS_DIR] [ROUNDS]}
b=${2:?usage: bench/ab_build.sh A_BIN B_BIN [CORPUS_DIR] [ROUNDS]}
corpus=${3:-$(dirname "$0")/../../shared/corpus/daily-arxiv}
rounds=${4:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat "$corpus"/* > /dev/null  # warm the page cache for both
for r in $(seq "$rounds"); do
  for side in A B; do
    bin=$a; [ "$side" = B ] && bin=$b
    rm -rf "$work/db"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" --db "$work/db" --quiet add "$corpus"
    read -r wall user sys rss < "$work/time"
    size=$(du -sb "$work/db" | cut -f1)
    echo "$side round $r: wall ${wall} s, cpu $(echo "$user + $sys" | bc) s, peak RSS $((rss / 1024)) MiB, index $((size / 1048576)) MiB"
    echo "$side $wall $(echo "$user + $sys" | bc) $rss $size" >> "$work/runs"
  done
done
awk '{n[$1]++; w[$1]+=$2; c[$1]+=$3; m[$1]+=$4; s[$1]+=$5}
     END {printf "B/A: wall %.3f, cpu %.3f, peak RSS %.3f, index size %.3f\n",
          (w["B"]/n["B"])/(w["A"]/n["A"]), (c["B"]/n["B"])/(c["A"]/n["A"]),
          (m["B"]/n["B"])/(m["A"]/n["A"]), (s["B"]/n["B"])/(s["A"]/n["A"])}' "$work/runs"
