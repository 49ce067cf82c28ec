#!/bin/bash
# ctest fuzz/NAME: the regression inputs once each, then libFuzzer for a
# fixed number of executions from a fixed seed on a scratch copy of the
# committed corpus and the regression inputs (the committed corpus stays as
# it is).  A crash, a leak, a timeout or a broken invariant fails the test
# and leaves the input as WORK/crash-* (docs/fuzzing.md: keep it under
# tests/fuzz/regress/NAME/ once fixed).
#
# Why runs and a seed, not seconds: a time box executes as many inputs as
# the machine's load allows, so the same commit explored more or less and
# could find a new bug one day and not the next -- a flaky CI.  With -seed
# and -runs libFuzzer's mutations are the same sequence on every run, so the
# same commit does the same executions and ends with the same coverage
# (docs/fuzzing.md "CI"); open-ended exploration is tests/fuzz/campaign.sh.
# -reload=0: libFuzzer otherwise rereads its corpus folder on a timer.
# setarch -R: no address randomization, so that nothing that depends on a
# pointer's value (a hash of it, the order of a table) varies between runs.
# G_SLICE=always-malloc: GLib 2.74's slice allocator frees the magazines it
# caches after a time (gslice.c, working_set_msecs), so whether an input's
# run made more mallocs than frees -- which makes libFuzzer run it again
# for a leak check -- depended on the clock, and two runs of the same
# commit under different load ended with different coverage.
export G_SLICE=always-malloc
# usage: run.sh HARNESS RUNS SEED SEEDS REGRESS WORK [libFuzzer options...]
set -u
bin=$1 runs=$2 seed=$3 seeds=$4 regress=$5 work=$6
shift 6
rm -rf "$work"
mkdir -p "$work/corpus"
# the bounds docs/fuzzing.md states: 25 s an input, 2 GiB of RSS, 256 MiB in one malloc
limits=(-timeout=25 -rss_limit_mb=2048 -malloc_limit_mb=256)
norand=()
setarch "$(uname -m)" -R true 2>/dev/null && norand=(setarch "$(uname -m)" -R)
inputs=("$work/corpus" "$seeds")
if compgen -G "$regress/*" >/dev/null; then
  "${norand[@]}" "$bin" "${limits[@]}" "$@" "$regress"/* >"$work/regress.log" 2>&1 ||
    { tail -50 "$work/regress.log"; echo "FAIL: a regression input of $regress"; exit 1; }
  echo "regression inputs: $(ls "$regress" | wc -l), all pass"
  inputs+=("$regress")
fi
start=$SECONDS
"${norand[@]}" "$bin" "${limits[@]}" "$@" -seed="$seed" -runs="$runs" -reload=0 \
  -print_final_stats=1 -artifact_prefix="$work/" "${inputs[@]}" >"$work/fuzz.log" 2>&1
rc=$?
grep -E '^stat::|^#[0-9]+[[:space:]]+(INITED|DONE)' "$work/fuzz.log"
echo "seed $seed, $runs runs: $((SECONDS - start)) s"
if [[ $rc -ne 0 ]]; then
  tail -60 "$work/fuzz.log"
  echo "FAIL: libFuzzer exit $rc; input kept in $work/ (crash-*, leak-*, timeout-*, oom-*)"
  exit 1
fi
exit 0
