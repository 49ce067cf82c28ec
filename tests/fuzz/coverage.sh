#!/bin/bash
# Coverage a corpus reaches, per harness: build-cov/ (clang with source-based
# coverage) runs every input of the committed seeds, the regression inputs
# and the campaign's corpus once, and llvm-cov reports the lines of
# libnspath the harness covers (the harness itself and real/, which no
# harness reaches, left out).
# usage: tests/fuzz/coverage.sh [HARNESS...]   (after scripts/test or:
#   cmake -S . -B build-cov -DCMAKE_C_COMPILER=clang-14 -DNSPATH_FUZZ=ON \
#         -DNSPATH_FUZZ_COVERAGE=ON && cmake --build build-cov -j2)
set -u
cd "$(dirname "$0")/../.."
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(scenario transcript wire frames proto)
out=build-cov/coverage
mkdir -p "$out"
for h in "${harnesses[@]}"; do
  bin=build-cov/tests/fuzz/fuzz_$h
  rm -f "$out/$h".*.profraw
  dirs=(tests/fuzz/corpus/$h tests/fuzz/regress/$h)
  [[ -d build-fuzz/campaign/$h ]] && dirs+=(build-fuzz/campaign/$h)
  LLVM_PROFILE_FILE="$out/$h.%p.profraw" nice -n 19 "$bin" -runs=0 -rss_limit_mb=4096 \
    "${dirs[@]}" >"$out/$h.run.log" 2>&1
  llvm-profdata-14 merge -sparse "$out/$h".*.profraw -o "$out/$h.profdata"
  llvm-cov-14 report "$bin" -instr-profile="$out/$h.profdata" \
    -ignore-filename-regex='tests/fuzz/|/real/' >"$out/$h.report.txt"
  total=$(grep '^TOTAL' "$out/$h.report.txt")
  inputs=$(grep -oE 'INITED.*|Running: [0-9]+' "$out/$h.run.log" | head -1)
  echo "$h: $(awk '{print "regions " $4 ", functions " $7 ", lines " $10}' <<<"$total")"
done
