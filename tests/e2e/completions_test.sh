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
# A command's own values, not the search's: digest --format and --sort.
out=$(fish -c "source '$dir/arxiv-query.fish'; complete -C 'arxiv-query digest d.json --format '")
echo "$out" | grep -q '^atom' || { echo "FAIL: fish does not offer digest's --format values: $out"; exit 1; }
if echo "$out" | grep -q 'bibtex'; then echo "FAIL: fish offers the search's --format values after digest: $out"; exit 1; fi
out=$(fish -c "source '$dir/arxiv-query.fish'; complete -C 'arxiv-query digest d.json --sort '")
echo "$out" | grep -q '^newest' || { echo "FAIL: fish does not offer digest's --sort values: $out"; exit 1; }
if echo "$out" | grep -q 'submitted'; then echo "FAIL: fish offers the search's --sort values after digest: $out"; exit 1; fi
out=$(fish -c "source '$dir/arxiv-query.fish'; complete -C 'arxiv-query digest d.json --cou'")
if echo "$out" | grep -q -- '--count'; then echo "FAIL: fish offers --count after digest, which refuses it: $out"; exit 1; fi
# bash: the same, through the completion function.
"$bin_dir/arxiv-query" --generate bash > "$dir/arxiv-query.bash"
if command -v bash >/dev/null 2>&1; then
  out=$(bash -c "source '$dir/arxiv-query.bash'; COMP_WORDS=(arxiv-query digest d.json --format ''); COMP_CWORD=4; _arxiv_query; echo \"\${COMPREPLY[*]}\"")
  [ "$out" = "markdown json atom" ] || { echo "FAIL: bash offers '$out' for digest --format"; exit 1; }
  out=$(bash -c "source '$dir/arxiv-query.bash'; COMP_WORDS=(arxiv-query --format ''); COMP_CWORD=2; _arxiv_query; echo \"\${COMPREPLY[*]}\"")
  echo "$out" | grep -q 'bibtex' || { echo "FAIL: bash does not offer the search's --format values: $out"; exit 1; }
fi
# zsh: load the function with compinit and ask for the option list.
out=$(ZDOTDIR=$dir zsh -fc "fpath=('$dir' \$fpath); autoload -Uz compinit; compinit -u -d '$dir/zcompdump'; whence -w _arxiv-query" 2>&1) || true
echo "$out" | grep -q 'function' || { echo "FAIL: zsh does not load _arxiv-query: $out"; exit 1; }
echo "ok: zsh and fish completions of arxiv-index and arxiv-query"
