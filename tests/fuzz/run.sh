#!/bin/bash
# ctest fuzz/NAME: the regression inputs once each, then libFuzzer for
# SECONDS on a scratch copy of the seeds (the committed corpus stays as it
# is).  A crash, a leak, a timeout or a broken invariant fails the test and
# leaves the input as WORK/crash-* (docs/fuzzing.md: keep it under
# tests/fuzz/regress/NAME/ once fixed).
# usage: run.sh HARNESS SECONDS SEEDS REGRESS WORK [libFuzzer options...]
set -u
bin=$1 secs=$2 seeds=$3 regress=$4 work=$5
shift 5
rm -rf "$work"
mkdir -p "$work/corpus"
# the bounds docs/fuzzing.md states: 25 s an input, 2 GiB of RSS, 256 MiB in one malloc
limits=(-timeout=25 -rss_limit_mb=2048 -malloc_limit_mb=256)
if compgen -G "$regress/*" >/dev/null; then
  "$bin" "${limits[@]}" "$@" "$regress"/* >"$work/regress.log" 2>&1 ||
    { tail -50 "$work/regress.log"; echo "FAIL: a regression input of $regress"; exit 1; }
  echo "regression inputs: $(ls "$regress" | wc -l), all pass"
fi
"$bin" "${limits[@]}" "$@" -max_total_time="$secs" -print_final_stats=1 \
  -artifact_prefix="$work/" "$work/corpus" "$seeds" >"$work/fuzz.log" 2>&1
rc=$?
grep -E '^stat::|^#[0-9]+ +DONE' "$work/fuzz.log"
if [[ $rc -ne 0 ]]; then
  tail -60 "$work/fuzz.log"
  echo "FAIL: libFuzzer exit $rc; input kept in $work/ (crash-*, leak-*, timeout-*, oom-*)"
  exit 1
fi
exit 0
