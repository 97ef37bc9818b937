#!/usr/bin/env bash
# Checks every unit in docs/systemd (*.service, *.timer, and the drop-ins in
# *.d/ beside them) with systemd-analyze verify: the arxiv-index units with
# ExecStart pointed at the built binary, the replication units (docs/replicas.md)
# with Debian's /usr/bin/xapian-* (xapian-tools). Any message from
# systemd-analyze (an unknown key, a missing program) fails the test.
# Exits 77 (skipped) without systemd-analyze; without xapian-tools it checks
# the others and then exits 77, naming what it could not check.
set -euo pipefail
index_bin=$1 units_dir=$2
command -v systemd-analyze >/dev/null || { echo "skipped: systemd-analyze is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$units_dir"/. "$tmp"/
cd "$tmp"
sed -i "s|/usr/local/bin/arxiv-index|$index_bin|" ./*.service
grep -q "ExecStart=$index_bin" arxiv-harvest.service

xapian_tools=yes
[ -x /usr/bin/xapian-replicate-server ] || xapian_tools=no
checked=() unchecked=()
for unit in *.service *.timer; do
  # Without xapian-tools a unit that runs one of its programs cannot be verified.
  if [ "$xapian_tools" = no ] && grep -q '^ExecStart=/usr/bin/xapian-' "$unit"; then
    unchecked+=("$unit")
    continue
  fi
  out=$(systemd-analyze verify "$PWD/$unit" 2>&1) || { echo "$out"; echo "FAILED: $unit"; exit 1; }
  [ -z "$out" ] || { echo "$out"; echo "FAILED: $unit: systemd-analyze has something to say"; exit 1; }
  checked+=("$unit")
done
# The drop-in was checked with the harvest unit: a key systemd does not
# know, added to it, is reported there.
grep -q '^Environment=XAPIAN_MAX_CHANGESETS=' arxiv-harvest.service.d/replication.conf
echo 'NotAKey=1' >>arxiv-harvest.service.d/replication.conf
systemd-analyze verify "$PWD/arxiv-harvest.service" 2>&1 | grep -q "replication.conf.*Unknown key 'NotAKey'" ||
  { echo "FAILED: systemd-analyze did not read arxiv-harvest.service.d/replication.conf"; exit 1; }
echo "units verified: ${checked[*]}"
if [ ${#unchecked[@]} -gt 0 ]; then
  echo "skipped: ${unchecked[*]}: xapian-tools is not installed (scripts/setup.sh installs it)"
  exit 77
fi
