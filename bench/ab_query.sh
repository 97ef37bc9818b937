#!/usr/bin/env bash
# One-shot latency A/B of two arxiv-query binaries, each on an index it
# built: every query class of bench/queries.py's real-corpus set, with
# `perf stat -r 30` per binary, alternating, ROUNDS rounds; prints
# "class round old_ms new_exact_ms new_ms" (new with --exact: no other
# written forms, which isolates everything but the expansions). Needs perf.
#
#   bench/ab_query.sh OLD_BIN OLD_DB NEW_BIN NEW_DB [ROUNDS]
set -euo pipefail
old=${1:?usage: bench/ab_query.sh OLD_BIN OLD_DB NEW_BIN NEW_DB [ROUNDS]}
odb=${2:?}; new=${3:?}; ndb=${4:?}; rounds=${5:-3}
ms() { perf stat -r 30 "$@" 2>&1 >/dev/null | awk '/elapsed/ {print $1 * 1000}'; }
while IFS='|' read -r name query; do
  # The query words are split on spaces; arxiv-query joins them again.
  # shellcheck disable=SC2086
  for r in $(seq "$rounds"); do
    echo "$name $r $(ms "$old" --db "$odb" -n 10 -f ids $query) $(ms "$new" --db "$ndb" -n 10 -f ids --exact $query)" \
         "$(ms "$new" --db "$ndb" -n 10 -f ids $query)"
  done
done <<'QUERIES'
term|transformer
phrase|"kv cache"
not|reinforcement learning NOT robot
title|ti:diffusion
author|au:"Yang Liu"
cat_phrase|cat:cs.CV "gaussian splatting"
date_phrase|"large language model" date:2025-06..2025-12
sort_date|--sort submitted segmentation
QUERIES
