#!/bin/bash
# nspath compare on one scenario: the model and the kernel must agree on
# every command's output and every frame of every link.  A difference is
# tried once more, since the kernel itself races (timers, linkwatch) and
# one run of it is one of its possible outcomes (tests/golden.sh does the
# same for golden-real); an error (exit 2, e.g. not root) fails at once.
# usage: compare.sh NSPATH SCENARIO.sh
set -u
nspath=$1 scenario=$2
name=$(basename "$scenario" .sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

attempt() {
  timeout 300 "$nspath" compare --pcap-dir "$work" "$scenario" >"$work/out" 2>&1
}

attempt; rc=$?
if [[ $rc -eq 1 ]]; then
  cat "$work/out"
  echo "-- $name: trying once more on the kernel"
  attempt; rc=$?
  [[ $rc -eq 0 ]] && { echo "ok $name (second attempt)"; exit 0; }
fi
cat "$work/out"
exit $((rc != 0))
