#!/bin/bash
# The committed corpus of each harness, minimized: libFuzzer merges into a
# fresh folder the seeds (tests/fuzz/make_seeds.py writes them to
# build-fuzz/seeds/NAME), the committed corpus and what the campaigns found
# (build-fuzz/campaign/NAME), keeping the fewest inputs that reach every
# edge the whole reaches (-set_cover_merge=1: a greedy set cover, rather
# than -merge=1's first-come order; -use_counters=0: an edge counts once,
# not once per bucket of how often it ran), and the result replaces
# tests/fuzz/corpus/NAME.  The campaigns keep their full corpora (every
# counter bucket) in build-fuzz/campaign/ to start from next time.
# docs/fuzzing.md says how it was run and the sizes before and after.
# usage: tests/fuzz/minimize.sh [HARNESS...]   (after building build-fuzz/)
#   CAMPAIGN=DIR: the campaign's corpora are DIR/NAME (default build-fuzz/campaign)
set -eu
cd "$(dirname "$0")/../.."
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(scenario transcript wire frames proto)
size() { find "$1" -type f -printf '%s\n' 2>/dev/null | awk '{n++; s+=$1} END {printf "%d files, %d bytes", n, s}'; }
for h in "${harnesses[@]}"; do
  bin=build-fuzz/tests/fuzz/fuzz_$h
  fresh=build-fuzz/minimize/$h
  rm -rf "$fresh"
  mkdir -p "$fresh"
  dirs=()
  for d in build-fuzz/seeds/$h tests/fuzz/corpus/$h "${CAMPAIGN:-build-fuzz/campaign}/$h"; do
    [[ -d $d ]] && dirs+=("$d")
  done
  before=$(size "tests/fuzz/corpus/$h")
  nice -n 19 "$bin" -set_cover_merge=1 -use_counters=0 -rss_limit_mb=4096 -timeout=60 "$fresh" "${dirs[@]}" \
    >"build-fuzz/minimize/$h.log" 2>&1
  rm -rf "tests/fuzz/corpus/$h"
  cp -r "$fresh" "tests/fuzz/corpus/$h"
  echo "$h: $before before; $(size "$fresh") after" \
       "(from ${dirs[*]})"
done
