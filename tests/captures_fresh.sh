#!/bin/bash
# Fails when captures/NAME/ differs from what nspath writes for the scenario now.
# usage: captures_fresh.sh NSPATH SCENARIO CAPTURE_DIR
set -u
nspath=$1 scenario=$2 dir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/fresh" "$work/none"
"$nspath" run --pcap-dir "$work/fresh" "$scenario" >/dev/null 2>&1 || { echo "nspath failed on $scenario"; exit 1; }
want=$dir
[[ -d $want ]] || want=$work/none   # git keeps no empty folder: no frames, no folder
if ! diff -r "$want" "$work/fresh" >/dev/null 2>&1; then
  echo "captures are stale: $dir differs from a fresh run of $scenario"
  echo "regenerate with: build/nspath run --pcap-dir $dir $scenario"
  diff -r "$want" "$work/fresh"
  exit 1
fi
echo "ok $(basename "$dir")"
