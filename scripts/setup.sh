#!/usr/bin/env bash
# Installs the Debian packages arxiv-search needs, if any are missing.
# Safe to re-run: it does nothing when everything is present.
#   scripts/setup.sh             what building, testing and the quick start need
#   scripts/setup.sh --sanitize  also clang, libFuzzer and the sanitizer runtimes
#                                (scripts/sanitize.sh, docs/testing.md)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxapian-dev libpugixml-dev libcli11-dev nlohmann-json3-dev catch2 zlib1g-dev
  libcurl4-openssl-dev libcpp-httplib-dev
  python3 curl
  sqlite3 time gnuplot-nox   # bench/run.sh: the FTS5 side, /usr/bin/time -v, the plot
  python3-feedparser         # tests/clients: an arXiv API client against `arxiv-query serve`
  python3-jsonschema         # tests/e2e: the digest's JSON against docs/digest*.schema.json
  zsh fish man-db            # tests/e2e: the generated completions and man pages
  tmux                       # tests/e2e: the text output in a real terminal
  chromium                   # tests/browser: the search page of `arxiv-query serve` in a real browser
  xapian-tools               # read replicas (docs/replicas.md): xapian-replicate-server, xapian-replicate,
                             # xapian-tcpsrv; tests/e2e/replica_test.sh and the units' check
)
if [ "${1:-}" = "--sanitize" ]; then
  # clang 14 and its runtimes (ASan, UBSan, libFuzzer); llvm for
  # llvm-symbolizer, which turns sanitizer stack traces into file:line.
  packages+=(clang libclang-rt-14-dev llvm)
fi
# tests/clients/npm runs the npm arxiv-api package. A node installed some
# other way (NodeSource, nvm) is kept; Debian's is installed only if none is.
if ! command -v node >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build dependencies are installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
