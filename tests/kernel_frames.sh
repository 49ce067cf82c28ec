#!/bin/bash
# The kernel recordings' frames (scenarios/kernel/NAME.frames) are what
# `nspath frames` renders from the recorder's own pcaps (kernel/NAME/*.pcap):
# the renderer reads tcpdump's files as it reads nspath's, and a change to
# it shows here first, before the golden tests (re-record, or render again
# with tests/tools/link-frames, and read the diff).
# usage: kernel_frames.sh NSPATH KERNEL_DIR
set -u
nspath=$1 kdir=$2
tools=$(cd "$(dirname "$0")/tools" && pwd)
fail=0 n=0
for f in "$kdir"/*.frames; do
  name=$(basename "$f" .frames)
  got=$("$tools/link-frames" "$nspath" "$kdir/$name") || { echo "FAIL $name: nspath frames failed"; fail=1; continue; }
  if [[ "$got" != "$(cat "$f")" ]]; then
    echo "FAIL $name: kernel/$name.frames is not what nspath frames renders from kernel/$name/*.pcap"
    diff <(cat "$f") <(printf '%s\n' "$got") | head -20
    fail=1
  fi
  n=$((n + 1))
done
[[ $n -gt 0 ]] || { echo "FAIL no recordings in $kdir"; exit 1; }
[[ $fail -eq 0 ]] && echo "ok $n recordings"
exit $fail
