#!/usr/bin/env bash
# Profiles arxiv-search with perf on a benchmark corpus made by bench/run.sh.
#   bench/profile.sh [--real | --scale S] [--bin-dir DIR] [--query 'Q' [-- ARGS...]]
# Without --query: a fresh build of the corpus (bench/work/corpus-LABEL, or
# the real corpus with --real) into a scratch index. With --query: 200 runs
# of that arxiv-query over bench/work/index-LABEL/xapian (made by run.sh).
# Writes bench/work/profile-LABEL-{build,query}.{data,txt}: the hottest
# symbols (self time) and the split by library. Needs linux-perf.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
label=full scale=1 bin_dir=$root/build-bench/bin query="" real=0
while [ $# -gt 0 ]; do
  case $1 in
    --real) real=1; label=real; shift ;;
    --scale) scale=$2; label=scale-$2; shift 2 ;;
    --bin-dir) bin_dir=$2; shift 2 ;;
    --query) query=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--real | --scale S] [--bin-dir DIR] [--query 'Q' [-- ARGS...]]" >&2; exit 2 ;;
  esac
done
[ "$scale" = 1 ] && [ "$real" = 0 ] && label=full
command -v perf >/dev/null || { echo "profile: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
work=$root/bench/work
if [ "$real" = 1 ]; then days=$root/../shared/corpus/daily-arxiv; else days=$work/corpus-$label/days; fi

if [ -z "$query" ]; then
  [ -d "$days" ] || { echo "profile: no corpus at $days; run bench/run.sh first" >&2; exit 1; }
  kind=build
  db=$work/profile-scratch-index
  rm -rf "$db"
  cmd=("$bin_dir/arxiv-index" --db "$db" --quiet add "$days")
else
  kind=query
  db=$work/index-$label/xapian
  [ -d "$db" ] || { echo "profile: no index at $db; run bench/run.sh first" >&2; exit 1; }
  # 200 one-shot runs, so process start-up shows in proportion
  cmd=(bash -c 'for i in $(seq 200); do "$@" >/dev/null; done' _ "$bin_dir/arxiv-query" --db "$db" --format ids -n 10 "$@" "$query")
fi
data=$work/profile-$label-$kind.data
txt=$work/profile-$label-$kind.txt
perf record -F 999 -g -o "$data" -- "${cmd[@]}"
{
  echo "# perf profile: ${cmd[*]}"
  echo "## by library (self time)"
  perf report -i "$data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -15
  echo "## hottest symbols (self time)"
  perf report -i "$data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -40
} > "$txt"
[ "$kind" = build ] && rm -rf "$db"
cat "$txt"
echo "profile: $txt (call graphs: perf report -i $data)" >&2
