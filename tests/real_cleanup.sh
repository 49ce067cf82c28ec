#!/bin/bash
# What --real promises about the host: a host namespace named like one of the
# scenario's is never touched; Ctrl-C, SIGKILL and errors leave nothing;
# --keep leaves namespaces that `nspath clean` removes, and only those;
# without privileges one clear line and exit 2.  Root only (skips otherwise).
# usage: real_cleanup.sh NSPATH SCENARIO_DIR
set -u
nspath=$1 dir=$2 own=$2
[[ $(id -u) -eq 0 ]] || { echo "skipped: needs root"; exit 0; }
unshare -n true 2>/dev/null || { echo "skipped: no network namespaces here"; exit 0; }
fail=0
check() { if eval "$2"; then echo "ok $1"; else echo "FAIL $1"; fail=1; fi; }
veths() { ip -o link show type veth 2>/dev/null | wc -l; }
ours() { ip netns list 2>/dev/null | grep -c '^nspath-'; }
before_veths=$(veths)

# a host namespace with a scenario's name stays as it was (one made here
# for the test, or a host's own, which is only looked at)
host=ns1
created=
if ! ip netns list | grep -q "^$host\( \|$\)"; then
  ip netns add "$host" && ip -n "$host" link set lo up && created=1
fi
snap() { ip -n "$host" -o link show; ip -n "$host" -o addr show; ip -n "$host" route show table all; }
want=$(snap)
"$nspath" run --real --no-capture "$dir/02-veth.sh" >/dev/null 2>&1
check host-namespace-untouched '[[ "$(snap)" == "$want" ]]'
[[ -n $created ]] && ip netns delete "$host"

# Ctrl-C in the middle of a ping: the run stops, everything is gone
"$nspath" run --real --no-capture "$own/15-arp-unanswered-lo-down.sh" >/dev/null 2>/dev/null &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid; rc=$?
check sigint-exit-status '[[ $rc -eq 130 ]]'
check sigint-nothing-left '[[ $(veths) -eq $before_veths && $(ours) -eq 0 ]]'

# SIGKILL: the kernel removes the private namespaces with the process
"$nspath" run --real --keep --no-capture "$own/15-arp-unanswered-lo-down.sh" >/dev/null 2>&1 &
pid=$!
sleep 1.5
kill -KILL $pid
wait $pid 2>/dev/null
sleep 0.5
check sigkill-nothing-left '[[ $(veths) -eq $before_veths && $(ours) -eq 0 ]]'
check clean-after-sigkill '"$nspath" clean | grep -q "0 namespaces removed"'

# --keep, then clean
"$nspath" run --real --keep --no-capture "$dir/02-veth.sh" >/dev/null 2>&1
check keep-leaves-two '[[ $(ours) -eq 2 ]]'
check clean-removes-them '"$nspath" clean | grep -q "2 namespaces removed" && [[ $(ours) -eq 0 ]]'

# no privileges: one line, exit 2, nothing made
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$nspath" run --real --no-capture "$dir/02-veth.sh" 2>&1); rc=$?
check unprivileged '[[ $rc -eq 2 && $out == "nspath: --real needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); without --real nspath simulates" ]]'
exit $fail
