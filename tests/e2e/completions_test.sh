#!/bin/sh
# The generated zsh and fish completions parse (zsh -n, fish -n) and fish
# completes an option from them. Skipped (exit 77) when a shell is missing:
# scripts/setup.sh installs both.
#   completions_test.sh BIN_DIR
set -eu
bin_dir=$1
missing=""
for shell in zsh fish; do command -v $shell >/dev/null 2>&1 || missing="$missing $shell"; done
if [ -n "$missing" ]; then
  echo "skipped:$missing not installed (scripts/setup.sh installs them)"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for program in arxiv-index arxiv-query; do
  "$bin_dir/$program" --generate zsh > "$dir/_$program"
  zsh -n "$dir/_$program" || { echo "FAIL: zsh -n on the $program completion"; exit 1; }
  "$bin_dir/$program" --generate fish > "$dir/$program.fish"
  fish -n "$dir/$program.fish" || { echo "FAIL: fish -n on the $program completion"; exit 1; }
done
out=$(fish -c "source '$dir/arxiv-query.fish'; complete -C 'arxiv-query --li'")
echo "$out" | grep -q -- '--limit' || { echo "FAIL: fish does not complete --li to --limit: $out"; exit 1; }
out=$(fish -c "source '$dir/arxiv-index.fish'; complete -C 'arxiv-index harvest --metadata '")
echo "$out" | grep -q 'arXivRaw' || { echo "FAIL: fish does not offer --metadata choices: $out"; exit 1; }
# zsh: load the function with compinit and ask for the option list.
out=$(ZDOTDIR=$dir zsh -fc "fpath=('$dir' \$fpath); autoload -Uz compinit; compinit -u -d '$dir/zcompdump'; whence -w _arxiv-query" 2>&1) || true
echo "$out" | grep -q 'function' || { echo "FAIL: zsh does not load _arxiv-query: $out"; exit 1; }
echo "ok: zsh and fish completions of arxiv-index and arxiv-query"
