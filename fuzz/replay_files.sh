#!/usr/bin/env bash
# replay_files.sh FUZZER FILE_OR_DIR...: runs a libFuzzer binary once over
# every input (a directory: every file below it, in name order). libFuzzer
# would treat directory arguments as corpora to grow and write into the
# first one, so it is handed the files one by one instead. Fails when there
# is nothing to replay.
set -euo pipefail
fuzzer=$1
shift
files=()
for arg in "$@"; do
  if [ -d "$arg" ]; then
    mapfile -t found < <(find "$arg" -type f | LC_ALL=C sort)
    if [ ${#found[@]} -eq 0 ]; then
      echo "replay: $arg holds no files" >&2
      exit 2
    fi
    files+=("${found[@]}")
  elif [ -f "$arg" ]; then
    files+=("$arg")
  else
    echo "replay: $arg: no such file or directory" >&2
    exit 2
  fi
done
if [ ${#files[@]} -eq 0 ]; then
  echo "usage: $0 FUZZER FILE_OR_DIR..." >&2
  exit 2
fi
exec "$fuzzer" "${files[@]}"
