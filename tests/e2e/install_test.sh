#!/bin/sh
# `cmake --install` puts the programs, their man pages and their bash, zsh
# and fish completions where the shells and man(1) look, under a prefix.
#   install_test.sh BUILD_DIR
set -eu
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/arxiv-index bin/arxiv-query bin/arxiv-query-serve \
         share/man/man1/arxiv-index.1 share/man/man1/arxiv-query.1 share/man/man1/arxiv-query-serve.1 \
         share/bash-completion/completions/arxiv-index share/bash-completion/completions/arxiv-query \
         share/zsh/site-functions/_arxiv-index share/zsh/site-functions/_arxiv-query \
         share/fish/vendor_completions.d/arxiv-index.fish share/fish/vendor_completions.d/arxiv-query.fish; do
  [ -s "$prefix/$f" ] || { echo "FAIL: $f is not installed"; exit 1; }
done
"$prefix/bin/arxiv-query" --version | grep -q '^arxiv-query ' || { echo "FAIL: the installed arxiv-query does not run"; exit 1; }
# The installed man page is the one the installed program prints.
"$prefix/bin/arxiv-query" --generate man | cmp -s - "$prefix/share/man/man1/arxiv-query.1" ||
  { echo "FAIL: the installed man page differs from arxiv-query --generate man"; exit 1; }
echo "ok: installed under a prefix with man pages and completions"
