#!/bin/bash
# SIGKILL after every line of each scenario in turn (nspath-faults,
# NSPATH_FAULT_KILL_AFTER=N), with live captures, half the runs with --keep:
# each kill leaves nothing that `nspath clean` does not remove, and after
# the clean the host is as it was (no veth, namespace, record or bind mount
# of ours).  Root only: exit 77 (skipped) without.
# SCENARIO:N kills after its first N lines only (03-router in CI: its
# pings take 30 s a run, every line after them 4 minutes in all).
# usage: kill_every_line.sh NSPATH_FAULTS NSPATH SCENARIO[:N]...
set -u
. "$(dirname "$0")/leftovers.sh"
faults=$(realpath "$1") nspath=$(realpath "$2")
shift 2
scenarios=()
declare -A upto
for s in "$@"; do
  f=$(realpath "${s%%:*}")
  scenarios+=("$f")
  [[ $s == *:* ]] && upto[$f]=${s##*:}
done
[[ $(id -u) -eq 0 ]] || { echo "skipped: needs root"; exit 77; }
unshare -n true 2>/dev/null || { echo "skipped: no network namespaces here"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
before=$(host_state "${scenarios[@]}")
fail=0 kills=0
for s in "${scenarios[@]}"; do
  cd "$(dirname "$s")" || exit 1
  n=$("$nspath" run --no-capture "$s" 2>/dev/null | grep -c '^\$ ')
  all=$n
  [[ -n ${upto[$s]:-} && ${upto[$s]} -lt $n ]] && n=${upto[$s]}
  for ((k = 1; k <= n; k++)); do
    keep=(); ((k % 2)) && keep=(--keep)
    { NSPATH_FAULT_KILL_AFTER=$k "$faults" run --real "${keep[@]}" --pace 0 \
        --pcap-dir "$work/pcap" "$s" >"$work/out" 2>&1; rc=$?; } 2>/dev/null
    if [[ $rc -ne 137 ]]; then
      echo "FAIL $(basename "$s") line $k: exit $rc, not killed"; tail -n 3 "$work/out"; fail=1
    fi
    "$nspath" clean >"$work/clean" 2>&1
    after=$(host_state "${scenarios[@]}")
    if [[ $after != "$before" ]]; then
      echo "FAIL $(basename "$s") killed after line $k: left behind after clean:"
      diff <(echo "$before") <(echo "$after") | grep '^>'; fail=1
    fi
    kills=$((kills + 1))
  done
  echo "ok $(basename "$s"): killed after each of its first $n lines (of $all), nothing left"
done
echo "$kills kills, $([[ $fail -eq 0 ]] && echo "none left anything" || echo FAILED)"
exit $fail
