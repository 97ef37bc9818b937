#!/usr/bin/env bash
# ctest driver: every Catch2 test case is registered as exactly one ctest test
# that runs exactly that test case, and a name that matches nothing fails.
#
# catch_discover_tests (CatchAddTests.cmake) turns each name that
# `--list-test-names-only` prints into a ctest test whose command passes the
# name back to the binary as a Catch2 test spec. Names that do not survive
# that round trip make ctest report tests green that never ran: CMake splits
# a name at ';' (its list separator) and each half matches nothing, which
# Catch2 v2 reports as success unless it runs with `-w NoTests`.
#
# Checked for each binary:
#   1. no name holds a character that breaks the round trip: ';' (CMake
#      splits the name), '\' (Catch2's escape character), '"' (Catch2
#      quoting), a leading '-' (an option), a leading '~' or "exclude:"
#      (negation: "every other test"),
#      a leading or trailing '*' (wildcard) or leading/trailing blanks
#      (trimmed). ',', '[' and ']' are escaped by CatchAddTests and are fine;
#   2. the spec ctest passes (the name with ',', '[', ']' escaped) selects
#      exactly that one test case;
#   3. ctest's tests with the binary's prefix are exactly its names, each
#      running the binary with `-w NoTests`;
#   4. the guard works: a name that matches nothing, with `-w NoTests`,
#      exits non-zero.
#
# Catch2 2 lists names with --list-test-names-only, Catch2 3 with
# --list-tests --verbosity quiet; the binary's --help tells which it is. The
# guard against unmatched names is `-w NoTests` in Catch2 2 and
# `-w UnmatchedTestSpec` in Catch2 3.
#
# Usage: check_test_names.sh CTEST BUILD_DIR PREFIX BINARY [PREFIX BINARY...]
set -uo pipefail
ctest=$1 build_dir=$2
shift 2

failures=0
fail() {
  echo "check_test_names: FAILED: $*" >&2
  failures=$((failures + 1))
}

# What CatchAddTests.cmake does to a name before passing it as a spec.
spec_of() {
  local s=$1
  s=${s//,/\\,}
  s=${s//[/\\[}
  s=${s//]/\\]}
  printf '%s' "$s"
}

ctest_json=$(mktemp "${TMPDIR:-/tmp}/arxiv-test-names-XXXXXX")
trap 'rm -f "$ctest_json"' EXIT
"$ctest" --test-dir "$build_dir" --show-only=json-v1 > "$ctest_json" \
  || { echo "check_test_names: FAILED: ctest --show-only=json-v1 failed" >&2; exit 1; }

# Compares ctest's tests that have PREFIX (the JSON of --show-only=json-v1)
# with the names on stdin. Arguments: JSON file, PREFIX, BINARY.
registered_py=$(cat <<'PY'
import json, os, sys
data = json.load(open(sys.argv[1]))
prefix, binary = sys.argv[2], os.path.realpath(sys.argv[3])
names = set(line for line in sys.stdin.read().split("\n") if line)
registered = {}
for t in data["tests"]:
    if t["name"].startswith(prefix):
        registered[t["name"][len(prefix):]] = t.get("command", [])
for n in sorted(names - registered.keys()):
    print(f"'{n}' is not a ctest test ({prefix!r} prefix)")
for n in sorted(registered.keys() - names):
    print(f"ctest test '{prefix}{n}' is not a test case of {binary} (a split name?)")
for n, cmd in sorted(registered.items()):
    if not cmd or os.path.realpath(cmd[0]) != binary:
        print(f"ctest test '{prefix}{n}' does not run {binary}: {cmd}")
    elif not any(cmd[i:i + 2] in (["-w", "NoTests"], ["-w", "UnmatchedTestSpec"]) for i in range(len(cmd))):
        print(f"ctest test '{prefix}{n}' runs without -w NoTests (UnmatchedTestSpec): {cmd}")
PY
)

# The names BINARY [SPEC] lists, one a line (Catch2 2 exits with their
# number; only the output matters).
list_names() {
  local bin=$1
  shift
  local help
  help=$("$bin" --help 2>&1 || true)
  if [[ $help == *--list-test-names-only* ]]; then
    "$bin" "$@" --list-test-names-only
  else
    "$bin" "$@" --list-tests --verbosity quiet
  fi
}

while [ $# -ge 2 ]; do
  prefix=$1 bin=$2
  shift 2
  names=$(list_names "$bin")
  count=$(printf '%s\n' "$names" | grep -c .)
  [ "$count" -gt 0 ] || { fail "$bin lists no tests"; continue; }

  while IFS= read -r name; do
    [ -n "$name" ] || continue
    case "$name" in
      *';'*) fail "'$name': contains ';' (CMake splits the name in two)" ;;
    esac
    case "$name" in
      *'\'*) fail "'$name': contains '\\' (Catch2's escape character)" ;;
    esac
    case "$name" in
      *'"'*) fail "'$name': contains '\"' (Catch2 reads it as quoting)" ;;
    esac
    case "$name" in
      -*) fail "'$name': starts with '-' (Catch2 reads it as an option)" ;;
    esac
    case "$name" in
      '~'* | exclude:*) fail "'$name': starts with a negation ('~' or exclude:)" ;;
    esac
    case "$name" in
      '*'* | *'*') fail "'$name': starts or ends with '*' (a wildcard)" ;;
    esac
    case "$name" in
      [[:space:]]* | *[[:space:]]) fail "'$name': leading or trailing blank" ;;
    esac
    selected=$(list_names "$bin" "$(spec_of "$name")")
    [ "$selected" = "$name" ] \
      || fail "'$name': the spec ctest passes selects [$(printf '%s' "$selected" | tr '\n' '|')] instead of itself"
  done <<< "$names"

  # The registered tests: exactly these names, each with -w NoTests.
  problems=$(python3 -c "$registered_py" "$ctest_json" "$prefix" "$bin" <<< "$names")
  if [ -n "$problems" ]; then
    while IFS= read -r p; do fail "$p"; done <<< "$problems"
  fi

  # The guard: an unmatched name fails the run.
  unmatched="arxiv-search check: no test case has this name"
  guard=NoTests
  [[ $("$bin" --help 2>&1 || true) == *--list-test-names-only* ]] || guard=UnmatchedTestSpec
  if "$bin" "$unmatched" -w "$guard" > /dev/null 2>&1; then
    fail "$bin '$unmatched' -w $guard exits 0: an unmatched name would pass"
  fi
  echo "check_test_names: $bin: $count test names checked"
done

[ "$failures" -eq 0 ] || { echo "check_test_names: $failures problems" >&2; exit 1; }
echo "check_test_names: passed"
