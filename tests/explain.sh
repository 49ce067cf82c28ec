#!/bin/bash
# nspath run --explain over the golden scenarios: every failing probe is
# explained with the namespace where it ended and the reason; the
# transcript itself is the same as without --explain; --json is one valid
# document with the probe results and paths, of the shape docs/schema/run.json.
# usage: explain.sh NSPATH SCENARIO_DIR
set -u
nspath=$1 dir=$2
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # scenario -> $work/NAME.txt (with --explain)
  local name=$1
  [[ -f $work/$name.txt ]] && return
  "$nspath" run --no-capture --explain "$dir/$name.sh" >"$work/$name.txt" 2>"$work/$name.err"
  "$nspath" run --no-capture "$dir/$name.sh" >"$work/$name.plain" 2>/dev/null
  if ! diff <(grep -v '^# ' "$work/$name.txt") "$work/$name.plain" >/dev/null; then
    echo "FAIL $name: --explain changed the transcript"; fail=1
  fi
}

# expect NAME N 'COMMAND' 'PATTERN...': the explain block after the Nth
# "$ COMMAND" line of NAME's run has a line matching each (grep -E) pattern.
expect() {
  local name=$1 nth=$2 cmd=$3; shift 3
  run "$name"
  awk -v c="\$ $cmd" -v n="$nth" '
    /^\$ / { on = ($0 == c && ++seen == n) ; next }
    on && /^# / { print }' "$work/$name.txt" >"$work/block"
  local p
  for p in "$@"; do
    if ! grep -qE -- "$p" "$work/block"; then
      echo "FAIL $name: '$cmd' (#$nth): no line matches: $p"; cat "$work/block"; fail=1
    fi
  done
}

X='sudo ip netns exec'
# forwarding off: dropped on the router's ingress, IpInAddrErrors
expect 19-forwarding-switch 1 "$X ns1 ping -c 2 -W 1 198.51.100.1" \
  '^#   icmp_seq=1: echo request dropped in router: .*forwarding is off on gw-veth0 .*\[IpInAddrErrors\]$' \
  '^#   icmp_seq=2: echo request dropped in router: .*forwarding is off on gw-veth0'
expect 19-forwarding-switch 1 "$X ns2 ping -c 1 -W 1 192.0.2.1" \
  '^#   icmp_seq=1: echo request dropped in router: .*forwarding is off on gw-veth1 .*\[IpInAddrErrors\]$'
expect 19-forwarding-switch 1 "$X ns1 ping -c 2 198.51.100.1" \
  '^#   icmp_seq=1: echo request delivered in ns2; echo reply delivered in ns1$' \
  'router +forward gw-veth0 -> gw-veth1 ttl 64 -> 63, route 198.51.100.0/24 dev gw-veth1$'
# forwarding decided by the ingress interface: the reply (no return path) dies in the router
expect 20-forwarding-ingress-interface 1 "$X ns1 ping -c 2 -W 1 198.51.100.1" \
  '^#   icmp_seq=1: echo request delivered in ns2; echo reply dropped in router: .*forwarding is off on gw-veth1 .*\[IpInAddrErrors\]$'
# TTL expiry: the router where it expires, and the Time Exceeded it sends
expect 21-ttl-exceeded 1 "$X ns1 ping -c 2 -t 1 198.51.100.1" \
  '^#   icmp_seq=1: echo request dropped in router1: TTL exceeded: it arrived with ttl 1.*\[IpInHdrErrors\]; Time to live exceeded from 192.0.2.254 delivered in ns1$'
expect 21-ttl-exceeded 1 "$X ns1 ping -c 2 -t 2 198.51.100.1" \
  '^#   icmp_seq=2: echo request dropped in router2: TTL exceeded.*\[IpInHdrErrors\]; Time to live exceeded from 203.0.113.2 delivered in ns1$'
expect 21-ttl-exceeded 1 "$X ns2 ping -c 1 -t 1 192.0.2.1" \
  '^#   icmp_seq=1: echo request dropped in router2: TTL exceeded'
# layer 2: the bridge floods an unknown destination, forwards a learnt one
expect 51-bridge-flood-learn 1 "$X ns1 ping -c 3 -i 0.5 192.0.2.2" \
  '^#   icmp_seq=1: echo request delivered in ns2; echo reply delivered in ns1$' \
  '^# +\+[0-9.]+ ms +bridge +bridged by br0: ns1-br0 -> ns3-br0, ns2-br0 \(flooded to 2 ports: destination unknown\)$' \
  '^# +\+[0-9.]+ ms +bridge +bridged by br0: ns2-br0 -> ns1-br0 \(learned\)$' \
  '^# +\+[0-9.]+ ms +bridge +bridged by br0: ns1-br0 -> ns2-br0 \(learned\)$'
# a host cut off with nomaster: every flooded copy reaches a host it is not for
expect 52-bridge-nomaster 1 "$X ns1 ping -c 2 -W 1 192.0.2.3" \
  '^#   icmp_seq=1: echo request lost: br0 in bridge flooded it \(its destination is unknown there\) and only hosts it was not for got it$' \
  '^# +\+[0-9.]+ ms +bridge +bridged by br0: ns1-br0 -> ns2-br0 \(flooded to 1 port: destination unknown\)$' \
  '^# +\+[0-9.]+ ms +ns2 +dropped: the frame is for another host.s MAC address'
# the routing loop: bounced with the TTL going down until one router drops it
expect 22-routing-loop 1 "$X ns1 ping -c 2 -t 5 10.50.0.1" \
  'router2 +forward gw2-veth0 -> gw2-veth0 ttl 4 -> 3, route 10.50.0.0/16 via 203.0.113.1 dev gw2-veth0$' \
  '^#   icmp_seq=1: echo request dropped in router1: TTL exceeded: it arrived with ttl 1.*\[IpInHdrErrors\]'
# no default route: on the host (no packet at all, or refused at send), on the router (Net Unreachable)
expect 23-net-unreachable 1 "$X ns2 ping -c 1 10.77.0.1" \
  '^#   no echo request sent: ns2 has no route to 10.77.0.1 \(connect\(\) failed\) \[IpOutNoRoutes\]$'
expect 23-net-unreachable 1 "$X ns2 ping -c 2 -W 1 -I 198.51.100.1 10.77.0.1" \
  '^#   icmp_seq=1: echo request dropped in ns2: no route to 10.77.0.1$'
expect 23-net-unreachable 1 "$X ns1 ping -c 2 10.77.0.1" \
  '^#   icmp_seq=1: echo request dropped in router: no route to 10.77.0.1 \[IpExtInNoRoutes\]; Destination Net Unreachable from 192.0.2.254 delivered in ns1$'
expect 23-net-unreachable 1 "$X ns2 ping -c 1 -W 1 -I ns2-veth0 10.77.0.1" \
  '^#   icmp_seq=1: echo request still waiting in ns2 for ARP to resolve 10.77.0.1 on ns2-veth0' \
  'ns2 +out ns2-veth0 ttl 64, route no route: on-link through the bound device'
# no return route: delivered, but the echo reply finds no way back
expect 12-onlink-route-arp 1 "$X ns1 ping -c 2 -W 1 10.9.9.9" \
  '^#   icmp_seq=1: echo request dropped in ns2: no route back to 192.0.2.1 for the echo reply$'
# unanswered ARP: on a host (lo down: the error dies too; lo up: delivered) and on a router
expect 15-arp-unanswered-lo-down 1 "$X ns1 ping -c 3 192.0.2.77" \
  '^#   icmp_seq=1: echo request given up in ns1: no ARP reply for 192.0.2.77 on ns1-veth0 \(neighbour FAILED\); Destination Host Unreachable from 192.0.2.1 dropped in ns1: lo is down: nothing is delivered locally \[lo:tx_dropped\]$' \
  'ns1 +waits for ARP: who has 192.0.2.77 on ns1-veth0$'
expect 16-arp-unanswered-lo-up 1 "$X ns1 ping -c 3 192.0.2.77" \
  '^#   icmp_seq=3: echo request given up in ns1: no ARP reply for 192.0.2.77 on ns1-veth0 \(neighbour FAILED\); Destination Host Unreachable from 192.0.2.1 delivered in ns1$'
expect 24-host-unreachable-router 1 "$X ns1 ping -c 3 198.51.100.99" \
  '^#   icmp_seq=1: echo request given up in router: no ARP reply for 198.51.100.99 on gw-veth1 \(neighbour FAILED\); Destination Host Unreachable from 192.0.2.254 delivered in ns1$' \
  '^# +\+3075\.000 ms  router +ARP failed'
# peer link down: nothing crosses, the ARP requests included
expect 10-connected-route-link-state 1 "$X ns1 ping -c 1 -W 4 192.0.2.2" \
  '^#   icmp_seq=1: echo request given up in ns1: no ARP reply for 192.0.2.2 on ns1-veth0 \(neighbour FAILED\); the ARP requests never left: no carrier on ns1-veth0: its peer ns2-veth0 in ns2 is down \[ns1-veth0:tx_dropped\]; Destination Host Unreachable from 192.0.2.1 dropped in ns1: lo is down: nothing is delivered locally \[lo:tx_dropped\]$'
expect 10-connected-route-link-state 1 "$X ns1 ping -c 1 192.0.2.2" \
  '^#   no echo request sent: ns1 has no route to 192.0.2.2'

# ICMP errors held back, echo requests ignored, a send refused locally
expect 26-icmp-rate-limit 1 "$X ns1 ping -c 10 -i 0.2 -W 1 -t 1 198.51.100.1" \
  '^#   icmp_seq=8: echo request dropped in router: TTL exceeded.*\[IpInHdrErrors\]; then the ICMP error toward 192.0.2.1 was rate limited \[IcmpOutRateLimitHost\]$'
expect 17-neigh-stale-delay-probe 1 "$X ns1 ping -c 1 -W 1 192.0.2.2" \
  '^#   icmp_seq=1: echo request dropped in ns2: echo requests are ignored here'
expect 27-ping-sizes 1 "$X ns1 ping -c 1 -M do -s 1473 192.0.2.254" \
  '^#   icmp_seq=1: echo request not sent: sendmsg\(\) failed in ns1: Message too long$'

# UDP and TCP: ports, the socket that took a packet or its absence, NAT
# rewrites both ways (replies and ICMP errors by conntrack), the rule that
# rejected a packet with its -S text, the ICMP error by iputils' name
Y='ip netns exec'
P='[0-9]+'
expect 100-nc-refused 1 "$Y ns1 nc -v -n 198.51.100.1 12345" \
  '^# explain: UDP and TCP$' \
  "^#   TCP 192\.0\.2\.1:$P > 198\.51\.100\.1:12345 \[S\]: dropped in ns2: no listener on TCP 12345: RST sent\$" \
  "^#   TCP 198\.51\.100\.1:12345 > 192\.0\.2\.1:$P \[R\.\]: delivered to nc's TCP socket 192\.0\.2\.1:$P \(SYN-SENT\) in ns1\$"
expect 102-nc-udp 1 "echo hello | $Y ns1 nc -u -n 198.51.100.1 9999" \
  "^#   UDP 192\.0\.2\.1:$P > 198\.51\.100\.1:9999, 6 bytes: dropped in ns2: no socket on UDP port 9999: Port Unreachable sent \[UdpNoPorts\]\$" \
  "^#   Destination Port Unreachable from 198\.51\.100\.1 about UDP $P > 9999: delivered in ns1\$"
expect 113-nc-tcp-server-router 1 "echo hello | $Y ns1 nc -N -p 40000 198.51.100.1 12345" \
  "^#   TCP 192\.0\.2\.1:40000 > 198\.51\.100\.1:12345 \[S\]: delivered to nc's TCP socket 0\.0\.0\.0:12345 \(LISTEN\) in ns2\$" \
  "^#   TCP 192\.0\.2\.1:40000 > 198\.51\.100\.1:12345 \[P\.\], 6 bytes: delivered to nc's TCP socket 198\.51\.100\.1:12345 \(ESTAB\) in ns2\$" \
  '^# +\+[0-9.]+ ms +ns2 +delivered to nc.s TCP socket 0\.0\.0\.0:12345 \(LISTEN\)$'
expect 115-nat-servers 1 "echo out | $Y ns1 nc -N -p 40000 203.0.113.1 12345" \
  '^# +\+[0-9.]+ ms +router +SNAT in router: 10\.0\.0\.1:40000 -> 203\.0\.113\.254:40000$' \
  "^#   TCP 203\.0\.113\.1:12345 > 203\.0\.113\.254:40000 \[S\.\]: delivered to nc's TCP socket 10\.0\.0\.1:40000 \(SYN-SENT\) in ns1\$" \
  '^# +\+[0-9.]+ ms +router +conntrack in router reverses the SNAT of a reply: 203\.0\.113\.254:40000 -> 10\.0\.0\.1:40000$'
expect 115-nat-servers 1 "echo in | $Y ns2 nc -N -v -n -p 40001 203.0.113.254 8080" \
  "^#   TCP 203\.0\.113\.1:40001 > 203\.0\.113\.254:8080 \[S\]: delivered to nc's TCP socket 0\.0\.0\.0:80 \(LISTEN\) in ns1\$" \
  '^# +\+[0-9.]+ ms +router +DNAT in router: 203\.0\.113\.254:8080 -> 10\.0\.0\.1:80$' \
  '^# +\+[0-9.]+ ms +router +conntrack in router reverses the DNAT of a reply: 10\.0\.0\.1:80 -> 203\.0\.113\.254:8080$'
expect 111-nat-snat-icmp-errors 1 "echo hi | $Y ns1 nc -u -n -p 5555 198.51.100.1 7" \
  '^# +\+[0-9.]+ ms +router +SNAT in router: 10\.0\.0\.1:5555 -> 203\.0\.113\.254:2000$' \
  '^#   Destination Port Unreachable from 198\.51\.100\.1 about UDP 2000 > 7: delivered in ns1$' \
  '^# +\+[0-9.]+ ms +router +conntrack in router reverses the SNAT: 203\.0\.113\.254 -> 10\.0\.0\.1 \(an ICMP error, and the packet it quotes\)$'
expect 119-iptables-reject-nc 1 "$Y ns1 nc -v -n -w 1 198.51.100.1 1" \
  "^#   TCP 192\.0\.2\.1:$P > 198\.51\.100\.1:1 \[S\]: dropped in router: REJECT by rule 1 of chain FORWARD \(table filter\): -A FORWARD -p tcp -m tcp --dport 1 -j REJECT --reject-with tcp-reset\$"
expect 126-iptables-icmp-type 1 "$Y ns1 ping -c 2 -W 1 198.51.100.1" \
  '^#   icmp_seq=1: echo request dropped in router: REJECT by rule 1 of chain FORWARD \(table filter\): -A FORWARD -p icmp -m icmp --icmp-type 8 -j REJECT --reject-with icmp-host-prohibited; Destination Host Prohibited from 192\.0\.2\.254 delivered in ns1$'
expect 127-iptables-multiport 1 "echo hi | $Y ns1 nc -u -n -w 1 198.51.100.1 5000" \
  "^#   UDP 192\.0\.2\.1:$P > 198\.51\.100\.1:5000, 3 bytes: dropped in router: DROP by rule 2 of chain FORWARD \(table filter\): -A FORWARD -p udp -m multiport ! --dports 53,123 -j DROP\$"
expect 119-iptables-reject-nc 1 "$Y ns1 nc -v -n -w 1 198.51.100.1 4" \
  "^#   Packet filtered from 192\.0\.2\.254 about TCP $P > 4: delivered in ns1\$"

# every ping of every golden scenario that got nothing back is explained:
# each sequence ends somewhere else than in a reply, with where and why
mkdir "$work/json"
for s in "$dir"/*.sh; do
  "$nspath" run --no-capture --json --explain "$s" 2>/dev/null | tee "$work/json/$(basename "$s" .sh).json" | jq -r '.commands[] |
    select(.exit_status == 1 and (.probes | length) > 0) | .probes[] | .paths[] |
    select(.summary | test("(nothing was recorded|still on its way|echo reply delivered in [^;]+$)")) |
    "\(.seq): \(.summary)"' >"$work/unexplained"
  [[ -s $work/unexplained ]] && { echo "FAIL $(basename "$s"): unexplained:"; cat "$work/unexplained"; fail=1; }
done

# --json: one document; probe results and, with --explain, the paths
"$nspath" run --no-capture --json --explain "$dir/21-ttl-exceeded.sh" >"$work/j.json" 2>/dev/null
q='.commands[] | select(.command | endswith("ping -c 2 -t 1 198.51.100.1")) | .probes[0]'
got=$(jq -r "$q | [.transmitted, .received, .errors, .icmp_errors[0].from, .icmp_errors[0].type,
  .paths[0].packets[0].hops[-1].reason, .paths[0].packets[0].hops[-1].counter,
  .paths[0].packets[0].hops[-1].ns] | @tsv" "$work/j.json" 2>&1)
want=$'2\t0\t2\t192.0.2.254\t11\tttl_expired\tIpInHdrErrors\trouter1'
[[ $got == "$want" ]] || { echo "FAIL --json: got '$got', want '$want'"; fail=1; }
got=$(jq -r '.commands[] | select(.command | endswith("ping -c 2 -t 3 198.51.100.1")) |
  [.exit_status, .probes[0].replies[0].ttl, (.output | contains("2 received"))] | @tsv' "$work/j.json")
[[ $got == $'0\t62\ttrue' ]] || { echo "FAIL --json replies: got '$got'"; fail=1; }
"$nspath" check --json "$dir/kernel/19-forwarding-switch.txt" >"$work/c.json"
cp "$work/c.json" "$work/json/c-match.json"
got=$(jq -r '[.result, (.commands | length), ([.commands[] | select(.match == false)] | length)] | @tsv' "$work/c.json")
n=$(grep -c '^sudo' "$dir/19-forwarding-switch.sh")
[[ $got == "match"$'\t'"$n"$'\t0' ]] || { echo "FAIL check --json: got '$got'"; fail=1; }
sed '0,/ttl=63 time=/s/ttl=63 time=/ttl=62 time=/' "$dir/kernel/19-forwarding-switch.txt" >"$work/changed.txt"
"$nspath" check --json "$work/changed.txt" >"$work/c.json"; rc=$?
got=$(jq -r '[.result, ([.commands[] | select(.match == false) | .line] | length),
  ([.commands[] | select(.match == false) | .diff | contains("\n-64 bytes from 198.51.100.1: icmp_seq=1 ttl=62")] | all)] | @tsv' "$work/c.json")
[[ $rc -eq 1 && $got == $'differ\t1\ttrue' ]] || { echo "FAIL check --json, one line changed: exit $rc, got '$got'"; fail=1; }

# every document written here has the shape docs/schema/ publishes
cp "$work/j.json" "$work/json/j.json"
cp "$work/c.json" "$work/json/c-differ.json"
"$(dirname "$0")/tools/json_validate.py" "$(dirname "$0")/../docs/schema" "$work"/json/*.json ||
  { echo "FAIL --json documents that do not validate (above)"; fail=1; }

[[ $fail -eq 0 ]] && echo "ok explain"
exit $fail
