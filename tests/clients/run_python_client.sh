#!/usr/bin/env bash
# ctest driver: a Python arXiv API client (feedparser_client.py: Debian's
# python3-feedparser as arXiv's manual uses it; arxiv_py_replay.py: the
# Python arxiv package's requests replayed) against `arxiv-query serve` on a
# free 127.0.0.1 port.
# Usage: run_python_client.sh CLIENT.py INDEX_BIN QUERY_BIN FIXTURES_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/serve_lib.sh"
client=$1
shift

# Debian's package installs into the system interpreter, which may not be
# the first python3 on PATH (pyenv, virtualenvs).
python=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import feedparser' 2>/dev/null; then python=$candidate; break; fi
done
[ -n "$python" ] || fail "python3-feedparser is not installed; run scripts/setup.sh (or apt-get install python3-feedparser)"

start_server "$1" "$2" "$3"
# Straight to 127.0.0.1, whatever proxy the environment configures.
env -u http_proxy -u HTTP_PROXY no_proxy='*' NO_PROXY='*' \
  "$python" "$here/$client" "$BASE" || fail "$client checks failed"
stop_server
echo "run_python_client.sh $client: passed"
