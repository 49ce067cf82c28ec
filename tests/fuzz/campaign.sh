#!/bin/bash
# A long fuzzing campaign: each harness in turn (one at a time, nice 19: the
# machine is shared) for SECONDS, on a corpus kept across campaigns in
# build-fuzz/campaign/NAME, with libFuzzer's final statistics in
# build-fuzz/campaign/NAME.log.  New inputs that add coverage are merged
# into tests/fuzz/corpus/NAME afterwards (-merge=1), to be committed.
# docs/fuzzing.md reports the last campaign and how to read the logs.
# usage: tests/fuzz/campaign.sh SECONDS [HARNESS...]
set -u
cd "$(dirname "$0")/../.."
secs=${1:?seconds per harness}
shift
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(scenario transcript wire frames proto)
declare -A maxlen=([scenario]=4096 [transcript]=4096 [wire]=8192 [frames]=4096 [proto]=2048)
for h in "${harnesses[@]}"; do
  bin=build-fuzz/tests/fuzz/fuzz_$h
  dir=build-fuzz/campaign/$h
  mkdir -p "$dir" "build-fuzz/campaign/artifacts-$h"
  dict=(); [[ -f tests/fuzz/$h.dict ]] && dict=(-dict=tests/fuzz/$h.dict)
  echo "== $h: $secs s from $(date -u +%FT%TZ)" | tee "$dir.log"
  nice -n 19 "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -malloc_limit_mb=256 \
    -max_len="${maxlen[$h]}" "${dict[@]}" -print_final_stats=1 -print_pcs=0 \
    -artifact_prefix="build-fuzz/campaign/artifacts-$h/" "$dir" tests/fuzz/corpus/$h \
    "tests/fuzz/regress/$h" >>"$dir.log" 2>&1
  echo "exit $? at $(date -u +%FT%TZ)" >>"$dir.log"
  nice -n 19 "$bin" -merge=1 -max_len="${maxlen[$h]}" tests/fuzz/corpus/$h "$dir" >>"$dir.merge.log" 2>&1
done
