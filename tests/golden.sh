#!/bin/bash
# Golden test: runs one scenario and compares
#  - its transcript with the kernel's (kernel/NAME.txt) through `nspath diff`:
#    times, MAC addresses, interface indexes and netns ids masked, trailing
#    blanks ignored;
#  - its pcaps, rendered by `nspath frames` (tests/tools/link-frames), with
#    kernel/NAME.frames, the kernel recorder's rendering of its own captures;
#  - that tshark finds no malformed frame and no bad checksum in them.
# With --real the scenario runs on the kernel; a failing attempt is tried
# once more there, since the kernel itself races (timers, linkwatch) and a
# recording is one of its possible outcomes.
# usage: golden.sh NSPATH SCENARIO.sh KERNEL_DIR [--real]
set -u
nspath=$(realpath "$1") scenario=$(realpath "$2") kdir=$(realpath "$3") mode=${4:-}
tools=$(cd "$(dirname "$0")/tools" && pwd)
name=$(basename "$scenario" .sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the scenario's own folder, where it was recorded: `ip -batch FILE` names files from there
cd "$(dirname "$scenario")" || exit 1

check_pcaps() {
  local p bad status=0
  "$tools/link-frames" "$nspath" "$work/pcap" >"$work/frames" || status=1
  for p in "$work"/pcap/*.pcap; do
    bad=$(tshark -r "$p" -o ip.check_checksum:TRUE \
          -Y '_ws.malformed or _ws.expert.severity >= error or ip.checksum.status == 0 or icmp.checksum.status == 0' \
          2>"$work/tshark.err") || bad="tshark failed: $(grep -v 'Running as user' "$work/tshark.err")"
    if [[ -n $bad ]]; then
      echo "FAIL $name: tshark complains about ${p##*/}:"; echo "$bad"; status=1
    fi
  done
  if ! diff -u "$kdir/$name.frames" "$work/frames" >"$work/fdiff.txt"; then
    echo "FAIL $name: frames differ from the kernel's (--- kernel, +++ nspath)"
    cat "$work/fdiff.txt"; status=1
  fi
  return $status
}

attempt() {
  local status=0 rc
  rm -rf "$work/pcap"
  timeout 120 "$nspath" run $mode --pcap-dir "$work/pcap" "$scenario" >"$work/out.txt" 2>"$work/err.txt"
  rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "FAIL $name: nspath exited $rc"; cat "$work/err.txt"; status=1
  fi
  # times, MACs, ifindexes and netns ids masked (core/transcript.c)
  if ! "$nspath" diff "$kdir/$name.txt" "$work/out.txt" >"$work/diff.txt"; then
    echo "FAIL $name: transcript differs from the kernel's (- kernel, + nspath)"
    cat "$work/diff.txt"; status=1
  fi
  check_pcaps || status=1
  return $status
}

shopt -s nullglob
if attempt >"$work/log" 2>&1; then
  echo "ok $name"
  exit 0
fi
if [[ $mode == --real ]]; then
  cat "$work/log"
  echo "-- $name: trying once more on the kernel"
  if attempt >"$work/log" 2>&1; then
    echo "ok $name (second attempt)"
    exit 0
  fi
fi
cat "$work/log"
exit 1
