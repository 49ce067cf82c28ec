#!/bin/bash
# --explain on the kernel agrees with the simulation's: for every failing
# probe of a golden scenario, the counter the simulation names for the
# namespace where the packet ended ("dropped in router: … [IpInAddrErrors]")
# is one the kernel moved in that namespace during the same command
# ("#   router: … IpInAddrErrors +2"), read from its /proc/net/snmp, netstat
# and dev inside the private namespaces; and the live captures show where
# frames stopped.  Root only (skips otherwise).
# usage: explain_real.sh NSPATH SCENARIO.sh...
set -u
nspath=$1; shift
[[ $(id -u) -eq 0 ]] || { echo "skip: --real needs root"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# "N NS COUNTER" for each counter the simulation's explain names, N the
# command's index in the transcript
claims() {
  awk '/^\$ / { i++ } /^#   (icmp_seq=|no echo request sent)/ {
      s = $0
      while (match(s, /(dropped in|given up in) [^:]+: [^;[]*\[[^]]+\]/)) {
        c = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
        sub(/^(dropped|given up) in /, "", c); ns = c; sub(/:.*/, "", ns)
        sub(/.*\[/, "", c); sub(/\]$/, "", c); print i, ns, c }
      if (match($0, /still waiting in [^ ]+ for ARP .*\[[^]]+\]$/)) {
        c = substr($0, RSTART); split(c, w, " "); ns = w[4]
        sub(/.*\[/, "", c); sub(/\]$/, "", c); print i, ns, c }
      if (match($0, /no echo request sent: [^ ]+ has no route .*\[[^]]+\]$/)) {
        c = substr($0, RSTART); split(c, w, " "); ns = w[5]
        sub(/.*\[/, "", c); sub(/\]$/, "", c); print i, ns, c }
    }' "$1" | sort -u
}

for s in "$@"; do
  name=$(basename "$s" .sh)
  "$nspath" run --no-capture --explain "$s" >"$work/sim.txt" 2>/dev/null
  rm -rf "$work/pcap"
  timeout 180 "$nspath" run --real --pcap-dir "$work/pcap" --explain "$s" >"$work/real.txt" 2>"$work/err"
  rc=$?
  [[ $rc -eq 0 ]] || { echo "FAIL $name: nspath --real exited $rc"; cat "$work/err"; fail=1; continue; }
  bad=0
  claims "$work/sim.txt" >"$work/claims"
  [[ -s $work/claims ]] || { echo "FAIL $name: the simulation names no counter"; fail=1; }
  while read -r i ns counter; do
    awk -v n="$i" '/^\$ / { k++ } k == n && /^# / { print }' "$work/real.txt" >"$work/block"
    if ! grep -qE -- "^#   $ns:( [^ ]+ \+[0-9]+)* $counter \+[0-9]+" "$work/block"; then
      echo "FAIL $name: command $i: the simulation says $counter in $ns; the kernel moved:"
      cat "$work/block"; bad=1
    fi
  done <"$work/claims"
  # the captures say how far it went: forwarding off, nothing crossed the far link
  if [[ $name == 19-forwarding-switch ]] &&
     ! grep -qE '^#   captured frames: ns1-veth0--gw-veth0 \+[1-9][0-9]*, ns2-veth0--gw-veth1 \+0$' "$work/real.txt"; then
    echo "FAIL $name: no capture evidence that nothing crossed ns2-veth0--gw-veth1"; bad=1
  fi
  [[ $bad -eq 0 ]] && echo "ok $name ($(wc -l <"$work/claims") counters agree)"
  [[ $bad -eq 0 ]] || fail=1
done
exit $fail
