#!/bin/bash
# nspath compare finds a model broken on purpose (NSPATH_SIM_FAULT, see
# sim/world.h) and names the link and the frame where it goes wrong.  The
# place is found independently of nspath's renderer, with tshark on the
# captures compare kept:
#  - no-ttl-decrement on 04-two-routers: on every link, the first frame the
#    kernel's routers had forwarded (TTL below 64) is where the model
#    differs, at the same frame number on both sides;
#  - no-arp-learning on 02-veth: the pinged side, not having learnt the
#    requester, asks for it; that request is the first model frame that is
#    not in the kernel's capture.
# Then bad input: an unknown fault, a missing scenario, no privileges -- exit 2.
# usage: compare_fault.sh NSPATH SCENARIO_DIR   (the textbook scenarios 02 and 04 in it; root)
set -u
nspath=$1 textbook=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }

# first frame number of a capture matching a tshark filter
first() { tshark -r "$1" -Y "$2" -T fields -e frame.number 2>/dev/null | head -n 1; }

run() { # FAULT SCENARIO: compare, text then JSON, both expected to exit 1
  local rc
  NSPATH_SIM_FAULT=$1 timeout 300 "$nspath" compare --pcap-dir "$work/pcap" "$2" >"$work/out" 2>&1
  rc=$?; [[ $rc -eq 1 ]] || { bad "$1: compare exited $rc, not 1"; cat "$work/out"; }
  NSPATH_SIM_FAULT=$1 timeout 300 "$nspath" compare --json --pcap-dir "$work/pcap" "$2" >"$work/json" 2>"$work/json.err"
  rc=$?; [[ $rc -eq 1 ]] || { bad "$1: compare --json exited $rc, not 1"; cat "$work/json" "$work/json.err"; }
  "$(dirname "$0")/tools/json_validate.py" "$(dirname "$0")/../docs/schema" "$work/json" ||
    bad "$1: compare --json does not validate against docs/schema/compare.json"
}

# no-ttl-decrement
run no-ttl-decrement "$textbook/04-two-routers.sh"
dir=$work/pcap/04-two-routers
links=0
for p in "$dir"/real/*.pcap; do
  link=$(basename "$p")
  n=$(first "$p" 'ip.ttl < 64')
  [[ -n $n ]] || continue
  links=$((links + 1))
  grep -qF "@@ 04-two-routers $link: kernel frame $n, model frame $n differ" "$work/out" ||
    bad "no-ttl-decrement: no hunk at $link frame $n"
  grep -qE "\"link\":\"${link%.pcap}\",\"match\":false,[^]]*\\{\"kernel_frame\":$n,\"expected\":\"[^\"]* ttl=6[0-3] [^\"]*\",\"model_frame\":$n,\"actual\":\"[^\"]* ttl=64 " "$work/json" ||
    bad "no-ttl-decrement: JSON lacks $link frame $n (ttl<64 expected, 64 actual)"
done
[[ $links -eq 3 ]] || bad "no-ttl-decrement: $links links carried routed frames on the kernel, not 3"
grep -q '^-64 bytes from 198.51.100.1: icmp_seq=1 ttl=62' "$work/out" &&
  grep -q '^+64 bytes from 198.51.100.1: icmp_seq=1 ttl=64' "$work/out" ||
  bad "no-ttl-decrement: the ping's ttl= lines are not in the transcript diff"
[[ $fail -eq 0 ]] && echo "ok no-ttl-decrement" || cat "$work/out"

# no-arp-learning
run no-arp-learning "$textbook/02-veth.sh"
p=$work/pcap/02-veth/sim/ns1-veth0--ns2-veth0.pcap
n=$(first "$p" 'arp.opcode == 1 && arp.src.proto_ipv4 == 192.0.2.2')
if [[ -z $n ]]; then
  bad "no-arp-learning: the model sent no request from 192.0.2.2"
elif [[ -n $(first "${p/\/sim\//\/real\/}" 'arp.opcode == 1 && arp.src.proto_ipv4 == 192.0.2.2') ]]; then
  bad "no-arp-learning: the kernel asked too, the fault is no test"
else
  grep -qF "@@ 02-veth ns1-veth0--ns2-veth0.pcap: model frame $n is not in the kernel's capture" "$work/out" ||
    bad "no-arp-learning: no hunk at model frame $n"
  grep -qE "^\\+ +$n  m2>bcast ARP who-has spa=192.0.2.2 " "$work/out" ||
    bad "no-arp-learning: frame $n is not shown as an extra model frame"
  grep -qF "{\"kernel_frame\":null,\"expected\":null,\"model_frame\":$n,\"actual\":\"m2>bcast ARP who-has spa=192.0.2.2" "$work/json" ||
    bad "no-arp-learning: JSON lacks model frame $n"
fi
[[ $fail -eq 0 ]] && echo "ok no-arp-learning" || cat "$work/out"

# bad input
out=$(NSPATH_SIM_FAULT=no-such "$nspath" compare "$textbook/02-veth.sh" 2>&1); rc=$?
[[ $rc -eq 2 && $out == *"unknown fault 'no-such'"* ]] || bad "unknown fault: exit $rc: $out"
out=$("$nspath" compare "$work/nope.sh" 2>&1); rc=$?
[[ $rc -eq 2 && $out == *"ERROR nope:"*"No such file"* ]] || bad "missing scenario: exit $rc: $out"
# root without capabilities, as an unprivileged user would run it
out=$(setpriv --bounding-set -all "$nspath" compare "$textbook/02-veth.sh" 2>&1); rc=$?
[[ $rc -eq 2 && $out == *"needs root"* ]] || bad "without privileges: exit $rc: $out"
[[ $fail -eq 0 ]] && echo "ok bad input"
exit $fail
