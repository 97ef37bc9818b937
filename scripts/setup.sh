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
  libcurl4-openssl-dev libboost-dev   # Boost.Beast and Boost.Asio (header-only): arxiv-query-serve's HTTP
  python3 curl ca-certificates   # ca-certificates: npm (tests/clients, tests/browser) fetches over https
  sqlite3 time gnuplot-nox   # bench/run.sh: the FTS5 side, /usr/bin/time -v, the plot
  python3-feedparser         # tests/clients: an arXiv API client against `arxiv-query serve`
  python3-jsonschema         # tests/e2e: the digest's JSON against docs/digest*.schema.json
  zsh fish man-db            # tests/e2e: the generated completions and man pages
  tmux                       # tests/e2e: the text output in a real terminal
  chromium                   # tests/browser: the search page of `arxiv-query serve` in a real browser
  xapian-tools               # read replicas (docs/replicas.md): xapian-replicate-server, xapian-replicate,
                             # xapian-tcpsrv; tests/e2e/replica_test.sh and the units' check
)
sanitize=0
if [ "${1:-}" = "--sanitize" ]; then
  # clang and llvm (llvm-symbolizer turns sanitizer stack traces into
  # file:line); the runtimes (ASan, UBSan, libFuzzer) of the installed clang
  # follow below, once its version is known (14 on Debian 12, 19 on 13).
  sanitize=1
  packages+=(clang llvm)
fi
# tests/clients/npm runs the npm arxiv-api package. A node installed some
# other way (NodeSource, nvm) is kept; Debian's is installed only if none is.
if ! command -v node >/dev/null 2>&1; then packages+=(nodejs npm); fi

# Installs those of the given packages that are missing (nothing when none is).
install_missing() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  installed=1
}

installed=0
install_missing "${packages[@]}"
if [ "$sanitize" = 1 ]; then
  clang_major=$(clang --version | sed -n 's/.*clang version \([0-9][0-9]*\).*/\1/p' | head -1)
  [ -n "$clang_major" ] || { echo "setup: cannot tell the version of the installed clang" >&2; exit 1; }
  install_missing "libclang-rt-$clang_major-dev"
fi
[ "$installed" = 1 ] || echo "setup: all build dependencies are installed"
