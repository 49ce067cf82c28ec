#!/bin/bash
# A long fuzzing campaign: each harness (one at a time, or with --parallel
# all at once; nice 19 either way unless NICE says otherwise: the machine
# is often shared) for SECONDS, on a
# corpus kept across campaigns in CAMPAIGN/NAME (default
# build-fuzz/campaign; started from the seeds, the committed corpus and the
# regression inputs), with libFuzzer's final statistics in CAMPAIGN/NAME.log
# and the CPU time it got (/usr/bin/time -v) in CAMPAIGN/NAME.time.
# Afterwards tests/fuzz/minimize.sh (CAMPAIGN=... for another folder) makes
# the committed corpus again from all of it, to be committed.
# docs/fuzzing.md reports the last campaign and how to read the logs.
# usage: tests/fuzz/campaign.sh [--parallel] SECONDS [HARNESS...]
#   (build-fuzz/ built, tests/fuzz/make_seeds.py run)
set -u
cd "$(dirname "$0")/../.."
parallel=0
[[ ${1:-} == --parallel ]] && { parallel=1; shift; }
secs=${1:?seconds per harness}
shift
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(scenario transcript wire frames proto)
camp=${CAMPAIGN:-build-fuzz/campaign}
# GLib's slice allocator as plain malloc: LeakSanitizer then sees every
# GString and table, and libFuzzer's leak checks do not depend on when
# GSlice trims its caches (tests/fuzz/run.sh)
export G_SLICE=always-malloc
declare -A maxlen=([scenario]=4096 [transcript]=4096 [wire]=8192 [frames]=4096 [proto]=2048)
one() { # HARNESS
  local h=$1 bin=build-fuzz/tests/fuzz/fuzz_$1 dir=$camp/$1
  mkdir -p "$dir" "$camp/artifacts-$h"
  local dict=(); [[ -f tests/fuzz/$h.dict ]] && dict=(-dict=tests/fuzz/$h.dict)
  local inputs=("$dir" tests/fuzz/corpus/$h) d
  for d in build-fuzz/seeds/$h tests/fuzz/regress/$h; do [[ -d $d ]] && inputs+=("$d"); done
  echo "== $h: $secs s from $(date -u +%FT%TZ)" | tee "$dir.log"
  nice -n "${NICE:-19}" /usr/bin/time -v -o "$dir.time" "$bin" -max_total_time="$secs" -timeout=25 \
    -rss_limit_mb=2048 -malloc_limit_mb=256 -max_len="${maxlen[$h]}" "${dict[@]}" \
    -print_final_stats=1 -print_pcs=0 -artifact_prefix="$camp/artifacts-$h/" "${inputs[@]}" >>"$dir.log" 2>&1
  echo "exit $? at $(date -u +%FT%TZ)" >>"$dir.log"
}
for h in "${harnesses[@]}"; do
  if ((parallel)); then one "$h" & else one "$h"; fi
done
wait
for h in "${harnesses[@]}"; do CAMPAIGN=$camp tests/fuzz/minimize.sh "$h" >>"$camp/$h.log"; done
