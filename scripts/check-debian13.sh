#!/usr/bin/env bash
# Runs the README's two commands — scripts/quickstart.sh and scripts/test.sh —
# in a fresh, minimal Debian 13 (trixie) root, as a new user on today's
# Debian would: nothing installed but what debootstrap's minbase variant
# brings, so a missing install step fails here. docs/testing.md.
#
#   scripts/check-debian13.sh                 # the whole check (needs root)
#   scripts/check-debian13.sh --shell         # the same root, a shell instead of the commands
#
# Options:
#   --mirror URL   Debian archive to use (default: the host's apt sources,
#                  else http://deb.debian.org/debian)
#   --cache FILE   the bare root as a tarball, made by debootstrap the first
#                  time and reused (default $ARXIV_DEBIAN13_CACHE, else
#                  ~/.cache/arxiv-search/trixie-minbase.tar.gz). Only the bare
#                  root is cached: every run installs the packages anew.
#   --keep         leave the root in place afterwards (its path is printed)
#   --shell        open a shell in the root (with the checkout in /src)
#                  instead of running the two commands
#   --prepare      only install debootstrap and make the cached bare root, so
#                  that a later run does nothing to the host (.ci/run runs the
#                  check beside the other stages)
#
# The root gets its own /proc, a new devpts instance and a tmpfs /dev/shm;
# its /dev is debootstrap's own device nodes. The host's /dev is never bound
# in: a package's maintainer script run inside could otherwise replace the
# host's /dev/null (seen here). Exits 77 (skipped, saying why) when it cannot
# run here: not root, or no debootstrap and no way to install it.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
orig_args=("$@")

mirror="" cache=${ARXIV_DEBIAN13_CACHE:-"${XDG_CACHE_HOME:-$HOME/.cache}/arxiv-search/trixie-minbase.tar.gz"}
keep=0 shell=0 prepare=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prepare) prepare=1; shift ;;
    --mirror) mirror=${2:?--mirror needs a URL}; shift 2 ;;
    --cache) cache=${2:?--cache needs a file}; shift 2 ;;
    --keep) keep=1; shift ;;
    --shell) shell=1; keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-debian13: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "check-debian13: $*"; }
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n --preserve-env=ARXIV_DEBIAN13_CACHE,XDG_CACHE_HOME,TMPDIR bash "$0" "${orig_args[@]}"
  fi
  say "skipped: debootstrap, chroot and mount need root (run it as root or with sudo)"
  exit 77
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap; } >/dev/null; then
    say "skipped: debootstrap is missing and could not be installed"
    exit 77
  fi
fi

# The host's Debian archive: the first http(s) URI of its apt sources that is
# not the security archive (deb822 .sources files, then one-line lists).
if [ -z "$mirror" ]; then
  mirror=$( { sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n'
              sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]*\).*/\2/p' \
                /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null; } |
            grep -E '^https?://' | grep -v -- '-security' | head -1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/arxiv-debian13-XXXXXX")
root=$work/root
mounted=()
cleanup() {
  local status=$?
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  if [ "$keep" = 1 ]; then say "the root stays at $root"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SECONDS=0
if [ ! -s "$cache" ]; then
  say "making a minimal trixie root from $mirror (cached in $cache)"
  mkdir -p "$(dirname "$cache")"
  debootstrap --variant=minbase trixie "$work/fresh" "$mirror" > "$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; say "FAILED: debootstrap"; exit 1; }
  tar -C "$work/fresh" -czf "$cache.tmp" . && mv "$cache.tmp" "$cache"
  rm -rf "$work/fresh"
fi
if [ "$prepare" = 1 ]; then
  say "prepared: debootstrap installed, the bare root cached in $cache"
  exit 0
fi
mkdir -p "$root"
tar -C "$root" -xzf "$cache"
say "fresh root ready in ${SECONDS}s"

# The checkout as it is (tracked files, with uncommitted changes), into /src.
mkdir -p "$root/src"
git -C "$repo" ls-files -z --cached --others --exclude-standard |
  (cd "$repo" && tar --null -T - -cf - 2>/dev/null) | tar -C "$root/src" -xf -
[ -n "${ARXIV_SHARED_CORPUS:-}" ] && say "the shared corpus is not copied in: the corpus tests will say skipped"

# The root uses the host's network, so it gets the host's name servers and
# the certificate authorities the host added locally (a proxy in front of
# this network may sign for the npm registry): ca-certificates, installed
# inside by setup.sh, takes them from /usr/local/share/ca-certificates.
cp /etc/resolv.conf "$root/etc/resolv.conf"
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
echo "deb $mirror trixie main" > "$root/etc/apt/sources.list"
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mkdir -p "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts" && mounted+=("$root/dev/pts")
rm -f "$root/dev/ptmx" && ln -s pts/ptmx "$root/dev/ptmx"
mount -t tmpfs -o size=1g,mode=1777 tmpfs "$root/dev/shm" && mounted+=("$root/dev/shm")

# A clean environment; Node.js reads only its own CA list unless told, so
# it is pointed at the system's (which holds the host's local authorities).
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt /bin/bash -c "$1"
}
if [ "$shell" = 1 ]; then
  chroot "$root" /bin/bash -l
  exit 0
fi

say "Debian $(cat "$root/etc/debian_version"): bash scripts/quickstart.sh"
t0=$SECONDS
in_root 'cd /src && bash scripts/quickstart.sh' || { say "FAILED: scripts/quickstart.sh"; exit 1; }
t1=$SECONDS
say "bash scripts/test.sh"
in_root 'cd /src && bash scripts/test.sh' || { say "FAILED: scripts/test.sh"; exit 1; }
t2=$SECONDS
say "passed: quick start $((t1 - t0))s, test suite $((t2 - t1))s, ${SECONDS}s in all"
