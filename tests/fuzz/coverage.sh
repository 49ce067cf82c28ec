#!/bin/bash
# Coverage a corpus reaches, per harness: build-cov/ (clang with source-based
# coverage) runs every input of the committed seeds, the regression inputs
# and the campaign's corpus once, and llvm-cov reports the lines of
# libnspath the harness covers (the harness itself and real/, which no
# harness reaches, left out).
# CAMPAIGN=DIR: the campaign's corpora are DIR/NAME (default build-fuzz/campaign)
# usage: tests/fuzz/coverage.sh [HARNESS...]   (after scripts/test or:
#   cmake -S . -B build-cov -DCMAKE_C_COMPILER=clang-14 -DNSPATH_FUZZ=ON \
#         -DNSPATH_FUZZ_COVERAGE=ON && cmake --build build-cov -j2)
set -u
cd "$(dirname "$0")/../.."
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(scenario transcript wire frames proto)
out=build-cov/coverage
mkdir -p "$out"
# the files each harness is about (its "targets" line)
declare -A targets=(
  [scenario]="core/*.c sim/*.c proto/*.c"
  [transcript]="core/transcript.c core/markdown.c core/ip_batch.c core/linediff.c"
  [wire]="sim/*.c proto/*.c"
  [frames]="core/frames.c"
  [proto]="proto/*.c")
for h in "${harnesses[@]}"; do
  bin=build-cov/tests/fuzz/fuzz_$h
  rm -f "$out/$h".*.profraw
  dirs=(tests/fuzz/corpus/$h tests/fuzz/regress/$h)
  c=${CAMPAIGN:-build-fuzz/campaign}/$h
  [[ -d $c ]] && dirs+=("$c")
  LLVM_PROFILE_FILE="$out/$h.%p.profraw" nice -n 19 "$bin" -runs=0 -rss_limit_mb=4096 \
    "${dirs[@]}" >"$out/$h.run.log" 2>&1
  llvm-profdata-14 merge -sparse "$out/$h".*.profraw -o "$out/$h.profdata"
  llvm-cov-14 report "$bin" -instr-profile="$out/$h.profdata" \
    -ignore-filename-regex='tests/fuzz/|/real/' >"$out/$h.report.txt"
  total=$(grep '^TOTAL' "$out/$h.report.txt")
  # shellcheck disable=SC2086
  llvm-cov-14 report "$bin" -instr-profile="$out/$h.profdata" ${targets[$h]} >"$out/$h.targets.txt"
  tgt=$(grep '^TOTAL' "$out/$h.targets.txt")
  echo "$h: linked code: $(awk '{print "regions " $4 ", lines " $10}' <<<"$total");" \
       "its targets (${targets[$h]}): $(awk '{print "regions " $4 ", lines " $10}' <<<"$tgt")"
done
