#!/usr/bin/env bash
# The sanitizer stage (docs/testing.md): a clang build with AddressSanitizer
# and UndefinedBehaviorSanitizer in its own tree (build-san), the whole ctest
# suite run under the sanitizers, then a short libFuzzer run of every fuzz
# harness. Fails on any finding; crash inputs are kept under
# build-san/fuzz/findings/<harness>/ and the grown corpora under
# build-san/fuzz/corpus/<harness>/ (reused by the next run).
#
#   scripts/sanitize.sh                      # build, suite, 60 s per harness
#   scripts/sanitize.sh --quick --fuzz-seconds 10   # what .ci/run adds to the test command
#   scripts/sanitize.sh --no-scale-tests --fuzz-seconds 30   # the separate CI stage (.ci/sanitize)
#   scripts/sanitize.sh --no-tests --fuzz-seconds 3600 fuzz_query   # one long run
#
# Options:
#   --fuzz-seconds N  fuzzing time per harness (default $FUZZ_SECONDS or 60; 0 = no fuzzing)
#   --no-tests        skip the ctest suite (build and fuzz only)
#   --no-scale-tests  leave out the corpus and benchmark tests (ctest -E
#                     '^(corpus|bench)-'): with the shared corpus present they
#                     take 13 of the suite's 14 minutes under the sanitizers
#   --quick           build and run only the unit tests and the fuzz replays
#                     (no end-to-end tests: their build and run take 12 of the
#                     stage's 17 minutes); fits beside the test command in CI
#   --keep-going      fuzz in libFuzzer's fork mode, which records a crash,
#                     timeout or out-of-memory and goes on fuzzing (for campaigns)
#   HARNESS...        fuzz only these (default: every fuzz/fuzz_*.cc)
# Environment: SAN_BUILD_DIR (default build-san), JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

fuzz_seconds=${FUZZ_SECONDS:-60}
run_tests=1
exclude=''
keep_going=0
quick=0
harnesses=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fuzz-seconds) fuzz_seconds=${2:?--fuzz-seconds needs a number}; shift 2 ;;
    --fuzz-seconds=*) fuzz_seconds=${1#*=}; shift ;;
    --no-tests) run_tests=0; shift ;;
    --no-scale-tests) exclude='^(corpus|bench)-'; shift ;;
    --quick) quick=1; shift ;;
    --keep-going) keep_going=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "sanitize.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) harnesses+=("$1"); shift ;;
  esac
done
case "$fuzz_seconds" in ''|*[!0-9]*) echo "sanitize.sh: --fuzz-seconds takes a whole number" >&2; exit 2 ;; esac
if [ ${#harnesses[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.cc; do
    case "$f" in fuzz/fuzz_support.cc) continue ;; esac
    harnesses+=("$(basename "$f" .cc)")
  done
fi

scripts/setup.sh --sanitize
build=${SAN_BUILD_DIR:-build-san}
jobs=${JOBS:-$(nproc)}
now() { date +%s; }
t0=$(now)

# -O1 keeps the sanitized binaries reasonably fast; no NDEBUG, and the
# standard library's own bounds checks, so assertions fire too.
CC=clang CXX=clang++ cmake -S . -B "$build" \
  -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only -D_GLIBCXX_ASSERTIONS" \
  -DARXIV_SANITIZE=address,undefined \
  -DARXIV_LIBFUZZER=ON >/dev/null
if [ "$quick" = 1 ]; then
  nice cmake --build "$build" -j"$jobs" --target unit_tests fuzz_make_seeds "${harnesses[@]}"
else
  nice cmake --build "$build" -j"$jobs"
fi
t_build=$(now)

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
if [ "$run_tests" = 1 ]; then
  select=()
  [ "$quick" = 1 ] && select=(-R '^(unit:|fuzz-)')
  if ! nice ctest --test-dir "$build" --output-on-failure -j"$jobs" ${exclude:+-E "$exclude"} "${select[@]}"; then
    failed+=("the ctest suite (see the output above)")
  fi
fi
t_tests=$(now)

findings=()
if [ "$fuzz_seconds" -gt 0 ]; then
  "$build/fuzz/fuzz_make_seeds" "$build/fuzz/generated" >/dev/null
  for h in "${harnesses[@]}"; do
    bin="$build/fuzz/$h"
    [ -x "$bin" ] || { echo "sanitize.sh: no harness $bin" >&2; exit 2; }
    corpus="$build/fuzz/corpus/$h"
    out="$build/fuzz/findings/$h"
    mkdir -p "$corpus" "$out"
    # Seeds: the grown corpus first (libFuzzer adds new inputs to it), then
    # the committed seeds, the generated ones and the known regressions.
    dirs=("$corpus" "fuzz/seeds/$h" "$build/fuzz/generated/$h")
    [ -d "fuzz/regressions/$h" ] && dirs+=("fuzz/regressions/$h")
    flags=(-max_total_time="$fuzz_seconds" -max_len=1048576 -timeout=60 -rss_limit_mb=4096
           -dict="fuzz/dict/$h.dict" -artifact_prefix="$out/" -print_final_stats=1)
    if [ "$keep_going" = 1 ]; then
      flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    echo "sanitize.sh: fuzzing $h for ${fuzz_seconds}s"
    # libFuzzer's artifacts; not its slow-unit-* notes, which only say an
    # input took over 10 s.
    count() { find "$out" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l; }
    before=$(count)
    status=0
    log="$build/fuzz/$h.log"
    nice "$bin" "${flags[@]}" "${dirs[@]}" >"$log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added)' "$log" | tr '\n' ' ' | sed 's/^/  /' || true
    echo
    if [ "$status" -ne 0 ] || [ "$(count)" -gt "$before" ]; then
      grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|^fuzz: |SUMMARY' "$log" | head -8 | sed 's/^/  /' || true
      findings+=("$h: exit $status, log $log, inputs in $out/")
    fi
  done
fi
t_fuzz=$(now)

echo
echo "sanitize.sh: build $((t_build - t0))s, ctest $((t_tests - t_build))s, fuzzing $((t_fuzz - t_tests))s (${#harnesses[@]} harnesses x ${fuzz_seconds}s)"
if [ ${#failed[@]} -gt 0 ] || [ ${#findings[@]} -gt 0 ]; then
  for f in "${failed[@]}"; do echo "FAILED: $f"; done
  for f in "${findings[@]}"; do echo "FINDING: $f"; done
  echo "Reproduce a finding with: $build/fuzz/HARNESS INPUT; minimise it with"
  echo "  $build/fuzz/HARNESS -minimize_crash=1 -runs=100000 -exact_artifact_path=fuzz/regressions/HARNESS/NAME INPUT"
  exit 1
fi
echo "sanitize.sh: no findings"
