#!/bin/bash
# Fails when captures/NAME/ differs from what nspath writes for the scenario now.
# usage: captures_fresh.sh NSPATH SCENARIO CAPTURE_DIR
set -u
nspath=$1 scenario=$2 dir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$nspath" run --pcap-dir "$work" "$scenario" >/dev/null 2>&1 || { echo "nspath failed on $scenario"; exit 1; }
if ! diff -r "$dir" "$work" >/dev/null 2>&1; then
  echo "captures are stale: $dir differs from a fresh run of $scenario"
  echo "regenerate with: nspath run --pcap-dir $dir $scenario"
  diff -r "$dir" "$work"
  exit 1
fi
echo "ok $(basename "$dir")"
