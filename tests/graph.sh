#!/bin/bash
# nspath graph: for every golden scenario the SVG is well-formed XML
# (xmllint) and the DOT is read back by Graphviz's own dot; with --explain
# --at LINE the namespace where the golden failures end (the same ones
# tests/explain.sh checks in words) is the one outlined as end-dropped.
# With --real (root; exit 77 without): the kernel's state of the three-router
# chain (34: 1.5 s on the kernel, where the textbook's 03 pings for 30 s)
# draws the same namespaces, interfaces and veth pairs as the simulation's.
# --sample (under the sanitizers, where each run costs a second): every
# fifth scenario and every third failure.
# usage: graph.sh NSPATH SCENARIO_DIR [--real | --sample]
set -u
nspath=$1 dir=$2 real=${3:-} sample=
[[ $real == --sample ]] && sample=1 real=""
k=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The ids of the SVG groups with class C (namespace, iface, end-dropped …).
ids() {
  xmllint --xpath "//*[local-name()='g'][contains(concat(' ',@class,' '),' $2 ')]/@id" "$1" \
    2>/dev/null | tr ' ' '\n' | sed -n 's/^id="\(.*\)"$/\1/p' | sort | tr '\n' ' '
}

if [[ -n $real ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "skipped: --real needs root"; exit 77; }
  s=$dir/34-router-chain-three.sh
  "$nspath" graph --format svg "$s" >"$work/sim.svg" &&
    "$nspath" graph --real --format svg "$s" >"$work/real.svg" || { echo "FAIL: graph --real"; exit 1; }
  for c in namespace iface veth; do
    if [[ $(ids "$work/sim.svg" $c) != "$(ids "$work/real.svg" $c)" ]]; then
      echo "FAIL $(basename "$s"): $c differ: simulation '$(ids "$work/sim.svg" $c)' kernel '$(ids "$work/real.svg" $c)'"
      fail=1
    fi
  done
  # the kernel's veth edges carry the same ends (edge ids are numbers: compare titles)
  for f in sim real; do
    xmllint --xpath "//*[local-name()='g'][contains(@class,'veth')]/*[local-name()='title']/text()" \
      "$work/$f.svg" 2>/dev/null | sort >"$work/$f.veths"
  done
  cmp -s "$work/sim.veths" "$work/real.veths" || { echo "FAIL: veth pairs differ"; diff "$work/sim.veths" "$work/real.veths"; fail=1; }
  echo "$(basename "$s") --real: $(ids "$work/real.svg" namespace)"
  exit $fail
fi

n=0
for s in "$dir"/*.sh; do
  name=$(basename "$s" .sh)
  k=$((k + 1)); [[ -n $sample && $((k % 5)) -ne 1 ]] && continue
  if ! "$nspath" graph --format svg "$s" >"$work/g.svg" 2>"$work/err" || ! xmllint --noout "$work/g.svg"; then
    echo "FAIL $name: no valid SVG"; cat "$work/err"; fail=1
  fi
  if ! "$nspath" graph --format dot "$s" >"$work/g.dot" 2>"$work/err" || ! dot -Tsvg "$work/g.dot" >/dev/null; then
    echo "FAIL $name: no DOT that dot reads"; cat "$work/err"; fail=1
  fi
  n=$((n + 1))
done
echo "$n scenarios: SVG valid, DOT read by dot"

# marked NAME NTH 'COMMAND' 'NS...': graph --explain just after the NTH line
# COMMAND of NAME outlines exactly these namespaces as end-dropped.
X='sudo ip netns exec'
marked() {
  local name=$1 nth=$2 cmd=$3 want=$4
  k=$((k + 1)); [[ -n $sample && $((k % 3)) -ne 1 ]] && return
  local line; line=$(grep -nxF -- "$cmd" "$dir/$name.sh" | sed -n "${nth}p" | cut -d: -f1)
  [[ -z $line ]] && { echo "FAIL $name: no line '$cmd'"; fail=1; return; }
  "$nspath" graph --explain --at "$line" --format svg "$dir/$name.sh" >"$work/x.svg" 2>"$work/err"
  local got; got=$(ids "$work/x.svg" end-dropped)
  local exp; exp=$(for w in $want; do echo "ns-$w"; done | sort | tr '\n' ' ')
  if [[ $got != "$exp" ]]; then
    echo "FAIL $name:$line '$cmd': end-dropped '$got', expected '$exp'"; cat "$work/err"; fail=1
  fi
  n=$((n + 1))
}
n=0 k=0
marked 19-forwarding-switch 1 "$X ns1 ping -c 2 -W 1 198.51.100.1" router
marked 19-forwarding-switch 1 "$X ns2 ping -c 1 -W 1 192.0.2.1" router
marked 20-forwarding-ingress-interface 1 "$X ns1 ping -c 2 -W 1 198.51.100.1" router
marked 21-ttl-exceeded 1 "$X ns1 ping -c 2 -t 1 198.51.100.1" router1
marked 21-ttl-exceeded 1 "$X ns1 ping -c 2 -t 2 198.51.100.1" router2
marked 21-ttl-exceeded 1 "$X ns2 ping -c 1 -t 1 192.0.2.1" router2
marked 22-routing-loop 1 "$X ns1 ping -c 2 -t 5 10.50.0.1" router1
marked 23-net-unreachable 1 "$X ns2 ping -c 1 10.77.0.1" ns2
marked 23-net-unreachable 1 "$X ns2 ping -c 2 -W 1 -I 198.51.100.1 10.77.0.1" ns2
marked 23-net-unreachable 1 "$X ns1 ping -c 2 10.77.0.1" router
marked 23-net-unreachable 1 "$X ns2 ping -c 1 -W 1 -I ns2-veth0 10.77.0.1" ns2
marked 12-onlink-route-arp 1 "$X ns1 ping -c 2 -W 1 10.9.9.9" ns2
marked 15-arp-unanswered-lo-down 1 "$X ns1 ping -c 3 192.0.2.77" ns1
marked 16-arp-unanswered-lo-up 1 "$X ns1 ping -c 3 192.0.2.77" ns1
marked 24-host-unreachable-router 1 "$X ns1 ping -c 3 198.51.100.99" router
marked 10-connected-route-link-state 1 "$X ns1 ping -c 1 -W 4 192.0.2.2" ns1
marked 10-connected-route-link-state 1 "$X ns1 ping -c 1 192.0.2.2" ns1
marked 26-icmp-rate-limit 1 "$X ns1 ping -c 10 -i 0.2 -W 1 -t 1 198.51.100.1" router
marked 17-neigh-stale-delay-probe 1 "$X ns1 ping -c 1 -W 1 192.0.2.2" ns2
marked 27-ping-sizes 1 "$X ns1 ping -c 1 -M do -s 1473 192.0.2.254" ns1
# a ping that works: nothing outlined as dropped, the far end as delivered
marked 34-router-chain-three 1 "$X ns1 ping -c 2 198.51.100.1" ""
echo "$n failures: the namespace where they end is outlined"
k=0

# bad input: clear errors, exit 2
for bad in "--format gif" "--at 0" "--at 100000" "--explain --real"; do
  if "$nspath" graph $bad "$dir/34-router-chain-three.sh" >/dev/null 2>"$work/err" || [[ ! -s $work/err ]]; then
    echo "FAIL: graph $bad was not refused with a message"; fail=1
  fi
done
exit $fail
