#!/bin/bash
# An extra, for developers who have the article the textbook scenarios came
# from (a Japanese lab notebook, not part of this repository): the same
# checks as tests/markdown.sh makes on the project's own article, on it.
# Point NSPATH_SEED at the article; without it the test is skipped (77).
#  - `nspath run` lists the lines outside nspath's world as skipped;
#  - `nspath check` reports exactly the commands listed below, each for a
#    stated reason; with the two typos fixed, only the old ping's and the
#    forwarding default remain.
# (tests/markdown.sh checks the rest on journey.md, which follows it.)
# usage: markdown_seed.sh NSPATH   (NSPATH_SEED=ARTICLE)
set -u
nspath=$(realpath "$1") seed=${NSPATH_SEED:-}
if [[ -z $seed || ! -r $seed ]]; then
  echo "skipped: NSPATH_SEED does not name the seed article (it is not part of the repository)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }

# The commands check reports, by the seed's line number, and why:
want_seed=(
  265 # typo "peer name gw veth1" (for gw-veth1): iproute2 refuses, no veth pair is made
  273 # typo 265 made no gw-veth1: "Cannot find device"
  274 # typo 265 made no ns2-veth0 either
  282 # gw-veth1 (typo 265)
  283 # ns2-veth0 (typo 265)
  298 # ns2-veth0 (typo 265)
  299 # typo "exec ns2" (for router), and gw-veth1 is missing anyway
  320 # ns2 has no link and no address (typo 265): its ping gets no reply
  337 # older ping: one "ping: sendmsg: Network is unreachable" per packet, no blank line after
      #   the summary; iputils 20221126 prints no sendmsg line here (-I ADDR), and the blank line
  358 # ns2 has no route (typos): the article shows its connected route
  368 # no route covers 198.51.100.254 in ns2 (typos): "Error: Nexthop has invalid gateway."
  374 # ns1 -> ns2 gets no reply: ns2 is unconnected (typos); and the router forwards only
      #   from line 406 on (the article's environment forwarded already, as it says after it)
  396 # older ping: no blank line after the summary of a ping without replies
)

# --- 1. run the seed -------------------------------------------------------
"$nspath" run --no-capture "$seed" >"$work/run.out" 2>"$work/run.err"
rc=$?
[[ $rc -eq 0 ]] || bad "run on the seed: exit $rc (skipped lines are not fatal)"
cat >"$work/run.err.want" <<EOF
$seed:15: skipped: command "mount" is outside nspath's world (ip, bridge, ping, traceroute, tcpdump, nc, iptables, conntrack, sysctl, sleep, kill, wait, jobs)
$seed:21: skipped: command "docker" is outside nspath's world (ip, bridge, ping, traceroute, tcpdump, nc, iptables, conntrack, sysctl, sleep, kill, wait, jobs)
$seed:36: skipped: placeholder "[hogehoge]" to fill in
$seed:60: skipped: an interactive shell is not run
$seed:93: skipped: shell syntax '|' (pipes, redirections, substitutions, globs) is not run
$seed:111: skipped: shell syntax '|' (pipes, redirections, substitutions, globs) is not run
$seed:119: skipped: placeholder "<name>" to fill in
$seed:252: note: a shell loop deleting every namespace, run as "ip --all netns delete" (its ':' taken for ';')
EOF
diff -u "$work/run.err.want" "$work/run.err" || bad "run on the seed: the skipped lines"

# --- 2. check the seed -----------------------------------------------------
"$nspath" check "$seed" >"$work/check.out" 2>"$work/check.err"
rc=$?
[[ $rc -eq 1 ]] || bad "check on the seed: exit $rc, want 1"
got=$(sed -n "s|^@@ $seed:\([0-9]*\) .*|\1|p" "$work/check.out" | tr '\n' ' ')
[[ "$got" == "${want_seed[*]} " ]] || bad "check on the seed reports lines: $got; want: ${want_seed[*]}"
diff -u "$work/run.err.want" "$work/check.err" || bad "check on the seed: the skipped lines"
grep -qx 'nspath check: 43 commands, 7 skipped, some differ (- expected, + nspath)' "$work/check.out" ||
  bad "check on the seed: summary $(tail -1 "$work/check.out")"
# With the two typos fixed, what remains is the old ping's and the forwarding default.
sed -e '265s/peer name gw veth1/peer name gw-veth1/' -e '299s/exec ns2 ip/exec router ip/' \
  "$seed" >"$work/fixed.md"
"$nspath" check "$work/fixed.md" >"$work/fixed.out" 2>/dev/null
got=$(sed -n 's|^@@ [^ ]*:\([0-9]*\) .*|\1|p' "$work/fixed.out" | tr '\n' ' ')
[[ "$got" == "337 374 396 " ]] || bad "check on the typo-fixed seed reports lines: $got"

[[ $fail -eq 0 ]] && echo "ok markdown seed"
exit $fail
