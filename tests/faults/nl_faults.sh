#!/bin/bash
# Netlink failures injected under libnl (LD_PRELOAD shim nlfault.c): each
# acknowledgement of a run of TOPOLOGY, one at a time, turned into EPERM,
# EEXIST (a race: the object is there, the kernel says it exists), ENOMEM,
# or lost to ENOBUFS on the socket.  Each run ends normally, prints the
# failure in iproute2's words and leaves nothing on the host.
# Root only: exit 77 (skipped) without.
# usage: nl_faults.sh NSPATH SHIM TOPOLOGY
set -u
. "$(dirname "$0")/leftovers.sh"
nspath=$(realpath "$1") shim=$(realpath "$2") topo=$(realpath "$3")
unshare -n true 2>/dev/null || { echo "skipped: no network namespaces here"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
before=$(host_state "$topo")
LD_PRELOAD=$shim NSPATH_NLFAULT_COUNT=$work/count NSPATH_NLFAULT_TRACE=$work/trace "$nspath" run --real --no-capture --pace 0 "$topo" \
  >"$work/clean.out" 2>&1 || { echo "FAIL: the run without faults failed"; cat "$work/clean.out"; exit 1; }
acks=$(tail -n 1 "$work/count")
[[ $acks -gt 10 ]] || { echo "FAIL: only $acks acknowledgements seen"; exit 1; }
declare -A words=(
  [EPERM]='RTNETLINK answers: Operation not permitted'
  [EEXIST]='RTNETLINK answers: File exists'
  [ENOMEM]='RTNETLINK answers: Cannot allocate memory'
  [ENOBUFS]='netlink receive error No buffer space available \(105\)')
fail=0 runs=0
for e in EPERM EEXIST ENOMEM ENOBUFS; do
  said=0 harmless=0
  for ((i = 1; i <= acks; i++)); do
    LD_PRELOAD=$shim NSPATH_NLFAULT=$i:$e "$nspath" run --real --no-capture --pace 0 "$topo" \
      >"$work/out" 2>"$work/err"
    rc=$?
    runs=$((runs + 1))
    if [[ $rc -ne 0 && $rc -ne 2 ]]; then
      echo "FAIL $e at ack $i: exit $rc"; tail -n 5 "$work/err"; fail=1
    fi
    if grep -qE "${words[$e]}" "$work/out" "$work/err"; then
      said=$((said + 1))
    elif grep -q "^ack $i: request type 17 " "$work/trace" &&
         "$nspath" diff "$work/clean.out" "$work/out" >/dev/null; then
      # `ip netns del` deletes the namespace's veths first, a request of
      # nspath's own (real/world.c be_netns_del()) that iproute2 never
      # makes: the namespace's teardown removes them anyway, nothing to say
      harmless=$((harmless + 1))
    else
      echo "FAIL $e at ack $i: no \"${words[$e]}\" in the transcript:"
      diff "$work/clean.out" "$work/out" | head -n 8; fail=1
    fi
    after=$(host_state "$topo")
    [[ $after == "$before" ]] || { echo "FAIL $e at ack $i: left $after"; fail=1; }
  done
  echo "ok $e: $said of $acks acknowledgements failed in iproute2's words, $harmless harmless, nothing left"
done
echo "$runs runs with a netlink failure"
exit $fail
