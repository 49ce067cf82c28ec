#!/bin/bash
# Bad input never crashes or hangs nspath: each case ends, quickly, with a
# clear message naming the file (and line), and exit status 2.
# usage: bad_input.sh NSPATH
set -u
nspath=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
expect() { # NAME FILE PATTERN
  local out rc
  out=$(timeout 20 "$nspath" run --no-capture "$2" 2>&1 >/dev/null); rc=$?
  if [[ $rc -ne 2 ]] || ! grep -qE -- "$3" <<<"$out"; then
    echo "FAIL $1: exit $rc, stderr: $out"; fail=1
  else
    echo "ok $1"
  fi
}
expect missing "$work/nope.sh" "nope.sh.*No such file"
mkdir "$work/dir"; expect directory "$work/dir" "dir"
head -c 4096 /dev/urandom >"$work/garbage.sh"; printf '\0\n' >>"$work/garbage.sh"
expect garbage "$work/garbage.sh" "garbage.sh:[0-9]+: not a line of text"
printf 'ip netns add %s\n' "$(head -c 10000 /dev/zero | tr '\0' a)" >"$work/long.sh"
expect long_line "$work/long.sh" "long.sh:1: line too long \(10013 characters"
printf 'ip netns add x\nip netns exec x ping -c 99999999999999999999 127.0.0.1\n' >"$work/absurd.sh"
out=$(timeout 20 "$nspath" run --no-capture "$work/absurd.sh" 2>&1); rc=$?
if [[ $rc -eq 124 || $rc -ge 128 ]]; then echo "FAIL absurd count: exit $rc"; fail=1; else echo "ok absurd count"; fi
printf 'ip netns add x\nip netns exec x ping -c 3 -s 99999999999 192.0.2.1\nip netns exec x ping -c 1 -i 99999999 -W 99999999999 192.0.2.1\nip link add %s type veth peer name b\nip route add 10.0.0.0/99 dev lo\nsysctl -w net.ipv4.ip_forward=99999999999999999999\n' \
  "$(head -c 300 /dev/zero | tr '\0' b)" >"$work/numbers.sh"
out=$(timeout 20 "$nspath" run --no-capture "$work/numbers.sh" 2>&1); rc=$?
if [[ $rc -eq 124 || $rc -ge 128 ]]; then echo "FAIL absurd numbers: exit $rc"; fail=1; else echo "ok absurd numbers"; fi
printf 'ip link show > links.txt\nfor i in 1 2; do echo $i; done\n' >"$work/shell.sh"
expect shell "$work/shell.sh" "shell.sh:1: .*shell syntax"
# a sysctl key Linux has outside net.ipv4 is refused as not kept, not "cannot stat"
# (sim/sysctl_linux_keys.c); one Linux lacks gets procps' words on stdout
printf 'ip netns add x\nip link add a0 type veth peer name b0\nip link set a0 netns x\nip netns exec x sysctl net.core.somaxconn\nip netns exec x sysctl net.ipv6.conf.a0.accept_ra\nip netns exec x sysctl kernel.hostname\n' >"$work/sysctl.sh"
expect sysctl-core "$work/sysctl.sh" 'sysctl.sh:4: sysctl net.core.somaxconn: a key of Linux the model does not keep'
expect sysctl-dev "$work/sysctl.sh" 'sysctl.sh:5: sysctl net.ipv6.conf.a0.accept_ra: a key of Linux'
expect sysctl-kernel "$work/sysctl.sh" 'sysctl.sh:6: sysctl kernel.hostname: a key of Linux'
printf 'ip netns add x\nip netns exec x sysctl net.core.nosuch\n' >"$work/nokey.sh"
out=$("$nspath" run --no-capture "$work/nokey.sh" 2>/dev/null)
if grep -q 'sysctl: cannot stat /proc/sys/net/core/nosuch: No such file or directory' <<<"$out"; then
  echo "ok sysctl-nokey"
else
  echo "FAIL sysctl-nokey: $out"; fail=1
fi
# pipes run into grep, head and tail only; a pipeline in the background not at all
printf 'ip link show | sort\nip link show | grep lo &\nip link show | grep -P x\n' >"$work/pipe.sh"
expect pipe-sort "$work/pipe.sh" 'pipe.sh:1: a pipe into "sort" '
expect pipe-bg "$work/pipe.sh" 'pipe.sh:2: a pipeline in the background is not run'
expect pipe-grep-P "$work/pipe.sh" 'pipe.sh:3: grep -P is not modelled'
# a job control line outside what bash has: an unknown job, waiting on what never ends
printf 'ip netns add x\nip -n x link set lo up\nip netns exec x ping 127.0.0.1 &\nwait\n' >"$work/wait.sh"
expect wait "$work/wait.sh" "wait.sh:4: wait would wait forever"
# a refusal without "is not modelled" says only the words it refused
printf 'ip netns add x\nip -n x nexthop add id 1 group 1 type resilient\n' >"$work/resilient.sh"
expect nexthop-resilient "$work/resilient.sh" 'resilient.sh:2: ip nexthop type resilient is not modelled'
# an lladdr is read part by part with sscanf("%x") as iproute2 reads it: "change"
# is the byte 0x0c, which the kernel refuses as too short (seen on the kernel
# by tests/difffuzz); "-1" and "1ff" are iproute2's own refusals
printf 'ip netns add x\nip -n x link add a0 type veth peer name b0\nip -n x neigh change 192.0.2.9 lladdr change dev a0\nip -n x neigh add 192.0.2.9 lladdr 0x1:-1 dev a0\nip -n x neigh add 192.0.2.9 lladdr 1:2:3:4:5:1ff dev a0\nip -n x neigh add 192.0.2.9 lladdr 1:2:3:4:5:6zz dev a0\nip -n x neigh show 192.0.2.9\n' >"$work/lladdr.sh"
want=$'Error: Invalid link address.\n"-1" is invalid lladdr.\n"1ff" is invalid lladdr.\n192.0.2.9 dev a0 lladdr 01:02:03:04:05:06 PERMANENT '
out=$("$nspath" run --no-capture "$work/lladdr.sh" 2>/dev/null | grep -v '^\$ ')
if [[ $out == "$want" ]]; then echo "ok neigh-lladdr"; else echo "FAIL neigh-lladdr: $out"; fail=1; fi
exit $fail
