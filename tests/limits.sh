#!/bin/bash
# Limits that hold (docs/manual.md "Limits"): absurd scenarios each end with
# a clear error or run within the documented time and memory -- here under
# `ulimit -v` (4 GiB of address space) and a 60 s timeout each.
# usage: limits.sh NSPATH
set -u
nspath=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail=0
# NAME FILE WANT_RC PATTERN [where: out|err]
expect() {
  local name=$1 file=$2 want=$3 pattern=$4 where=${5:-out} rc t0 t1
  t0=$(date +%s%N)
  (ulimit -v 4194304; exec timeout 60 "$nspath" run --no-capture "$file" >out 2>err); rc=$?
  t1=$(date +%s%N)
  if [[ $rc -ne $want ]] || ! grep -qE -- "$pattern" "$where"; then
    echo "FAIL $name: exit $rc (want $want), $where lacks /$pattern/:"; tail -n 3 out err | cut -c1-200
    fail=1
  else
    echo "ok $name ($(( (t1 - t0) / 1000000 )) ms)"
  fi
}
lo='ip netns add a\nip netns exec a ip link set lo up\n'

printf "${lo}ip netns exec a ping -c 1000000000 127.0.0.1\n" >count.sh
expect ping-count-1e9 count.sh 2 'ping -c above 100000 is not simulated' err
printf "${lo}ip netns exec a ping -c 100000 -i 0 -q 127.0.0.1\n" >flood.sh
expect ping-interval-0 flood.sh 0 '^100000 packets transmitted, 100000 received'
printf "${lo}ip netns exec a ping -c 2 -s 65507 127.0.0.1\n" >size.sh
expect ping-size-65507 size.sh 0 '^65515 bytes from 127.0.0.1: icmp_seq=2'
printf "${lo}ip netns exec a ping -c 1 -s 65508 127.0.0.1\n" >size2.sh
expect ping-size-65508 size2.sh 2 'ping -s above 65507 is not modelled' err
# a million namespaces: user.max_net_namespaces (131,072 with the scenario's root), then ENOSPC
seq -f 'ip netns add n%.0f' 0 999999 >million.sh
expect million-namespaces million.sh 0 '^Failed to create a new network namespace "n999999": No space left on device'
[[ $(grep -c '^Failed to create' out) -eq $((1000000 - 131071)) ]] ||
  { echo "FAIL million-namespaces: $(grep -c '^Failed to create' out) refused, want $((1000000 - 131071))"; fail=1; }
# the limit lowered, as recorded on the kernel in a user namespace: the
# scenario's root and two more, then ENOSPC; out of range is EINVAL
printf 'sysctl -w user.max_net_namespaces=3\nip netns add a\nip netns add b\nip netns add c\nsysctl -w user.max_net_namespaces=-1\n' >maxns.sh
expect max-net-namespaces maxns.sh 0 '^Failed to create a new network namespace "c": No space left on device'
grep -q '^\$ ip netns add b$' out && ! grep -q 'namespace "b"' out ||
  { echo "FAIL max-net-namespaces: b was refused"; fail=1; }
grep -q 'sysctl: setting key "user.max_net_namespaces": Invalid argument' out ||
  { echo "FAIL max-net-namespaces: -1 accepted"; tail -3 out; fail=1; }
# a 1 GB batch file (sparse) and one that never ends
truncate -s 1G big.batch
printf 'ip -batch big.batch\n' >batch.sh
expect batch-1g batch.sh 2 'batch.sh:1: ip -batch big.batch: larger than 256 MiB, not read' err
printf 'ip -batch /dev/zero\n' >zero.sh
expect batch-dev-zero zero.sh 2 'ip -batch /dev/zero: larger than 256 MiB, not read' err
# a 5 GB scenario (mapped up to 4 GiB), a 100 MB line
truncate -s 5G big.sh
expect scenario-5g big.sh 2 'big.sh: larger than 4096 MiB, not read' err
{ printf 'ip netns add '; head -c 100000000 /dev/zero | tr '\0' a; echo; } >line.sh
expect line-100mb line.sh 2 'line.sh:1: line too long \(100000013 characters, at most 4096\)' err
# Markdown: one fence never closed runs to the end of the document
{ printf '# an article\n\n```sh\n'; seq -f 'ip netns add m%.0f' 1 50000; } >fence.md
expect unclosed-fence fence.md 0 '^\$ ip netns add m50000$'
# ip netns exec nested 250 deep
{ echo 'ip netns add x'; printf 'ip netns exec x %.0s' $(seq 250); echo 'ip link show lo'; } >nested.sh
expect nested-exec nested.sh 2 'nested.sh:2: ip netns inside another namespace' err
exit $fail
