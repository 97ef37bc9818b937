#!/usr/bin/env bash
# Checks docs/systemd/*.{service,timer} with systemd-analyze verify, with
# ExecStart pointed at the built binary. Exits 77 (skipped) without systemd.
set -euo pipefail
index_bin=$1 units_dir=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not installed; skipping"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$units_dir"/arxiv-harvest.service "$units_dir"/arxiv-harvest.timer "$tmp"/
sed -i "s|/usr/local/bin/arxiv-index|$index_bin|" "$tmp"/arxiv-harvest.service
grep -q "ExecStart=$index_bin" "$tmp"/arxiv-harvest.service
systemd-analyze verify "$tmp"/arxiv-harvest.service "$tmp"/arxiv-harvest.timer
echo "units verified"
