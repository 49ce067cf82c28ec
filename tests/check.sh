#!/bin/bash
# nspath check: passes on every kernel transcript and on nspath's own run
# output, and fails with a readable diff when one expected line is changed.
# usage: check.sh NSPATH KERNEL_DIR...
set -u
nspath=$1; shift
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for dir in "$@"; do
  for t in "$dir"/*.txt; do
    # from the scenario's folder, as recorded (`ip -batch FILE` names files from there)
    if ! (cd "${t%/kernel/*}" && "$nspath" check "$t") >"$work/out" 2>&1; then echo "FAIL check $t"; cat "$work/out"; fail=1; fi
  done
done
t=$1/03-router.txt
"$nspath" run --no-capture "${t%/kernel/*}/03-router.sh" >"$work/run.txt" 2>/dev/null
"$nspath" check "$work/run.txt" >/dev/null 2>&1 || { echo "FAIL run output is no valid check input"; fail=1; }
sed '0,/ttl=63 time=/s/ttl=63 time=/ttl=62 time=/' "$t" >"$work/changed.txt"
"$nspath" check "$work/changed.txt" >"$work/out" 2>&1; rc=$?
if [[ $rc -ne 1 ]] || ! grep -q '^-64 bytes from 198.51.100.1: icmp_seq=1 ttl=62' "$work/out" ||
   ! grep -q '^+64 bytes from 198.51.100.1: icmp_seq=1 ttl=63' "$work/out" || ! grep -q '^@@ .*changed.txt:[0-9]* \$ ' "$work/out"; then
  echo "FAIL a changed line: exit $rc"; cat "$work/out"; fail=1
fi
[[ $fail -eq 0 ]] && echo "ok check"
exit $fail
