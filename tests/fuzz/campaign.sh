#!/bin/bash
# A long fuzzing campaign: each harness in turn (one at a time, nice 19: the
# machine is shared) for SECONDS, on a corpus kept across campaigns in
# build-fuzz/campaign/NAME (started from the seeds, the committed corpus
# and the regression inputs), with libFuzzer's final statistics in
# build-fuzz/campaign/NAME.log.  Afterwards tests/fuzz/minimize.sh makes
# the committed corpus again from all of it, to be committed.
# docs/fuzzing.md reports the last campaign and how to read the logs.
# usage: tests/fuzz/campaign.sh SECONDS [HARNESS...]
#   (build-fuzz/ built, tests/fuzz/make_seeds.py run)
set -u
cd "$(dirname "$0")/../.."
secs=${1:?seconds per harness}
shift
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(scenario transcript wire frames proto)
# GLib's slice allocator as plain malloc: LeakSanitizer then sees every
# GString and table, and libFuzzer's leak checks do not depend on when
# GSlice trims its caches (tests/fuzz/run.sh)
export G_SLICE=always-malloc
declare -A maxlen=([scenario]=4096 [transcript]=4096 [wire]=8192 [frames]=4096 [proto]=2048)
for h in "${harnesses[@]}"; do
  bin=build-fuzz/tests/fuzz/fuzz_$h
  dir=build-fuzz/campaign/$h
  mkdir -p "$dir" "build-fuzz/campaign/artifacts-$h"
  dict=(); [[ -f tests/fuzz/$h.dict ]] && dict=(-dict=tests/fuzz/$h.dict)
  inputs=("$dir" tests/fuzz/corpus/$h)
  for d in build-fuzz/seeds/$h tests/fuzz/regress/$h; do [[ -d $d ]] && inputs+=("$d"); done
  echo "== $h: $secs s from $(date -u +%FT%TZ)" | tee "$dir.log"
  nice -n 19 "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -malloc_limit_mb=256 \
    -max_len="${maxlen[$h]}" "${dict[@]}" -print_final_stats=1 -print_pcs=0 \
    -artifact_prefix="build-fuzz/campaign/artifacts-$h/" "${inputs[@]}" >>"$dir.log" 2>&1
  echo "exit $? at $(date -u +%FT%TZ)" >>"$dir.log"
  tests/fuzz/minimize.sh "$h" >>"$dir.log"
done
