#!/bin/bash
# Markdown as input (core/markdown.c).
#  1. `nspath run` on the seed article prints the textbook's journey: its
#     first two parts are the kernel's recordings of textbook/01 and 02, the
#     typos get the kernel's error messages, and the lines outside nspath's
#     world are listed as skipped (exit 0).
#  2. `nspath check` on the seed reports exactly the commands listed below,
#     each for a stated reason; with the two typos fixed, only the old ping's,
#     and the forwarding default remain.
#  3. A fixture of our own (tests/markdown/fixture.md: blocks with and without
#     prompts, other languages, indented, ~~~ and nested fences, skipped
#     lines, an unclosed fence) gives, line for line, fixture.run.out and
#     .run.err under `run` and fixture.check.out under `check`.  They were
#     read line by line against fixture.md when written; after a deliberate
#     change, regenerate them from tests/markdown/ with
#       nspath run --no-capture fixture.md >fixture.run.out 2>fixture.run.err
#       nspath check fixture.md >fixture.check.out
#     and read the diff before committing.
# With --real, only 2 (the seed's check) runs, on the kernel (root).
# usage: markdown.sh NSPATH SEED FIXTURE_DIR TEXTBOOK_KERNEL_DIR [--real]
set -u
nspath=$(realpath "$1") seed=$2 fixdir=$3 kernel=$4
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

# With --real only the seed's check runs, on the kernel: the same commands differ there.
if [[ ${5:-} == --real ]]; then
  "$nspath" check --real "$seed" >"$work/real.out" 2>"$work/real.err"
  rc=$?
  got=$(sed -n "s|^@@ $seed:\([0-9]*\) .*|\1|p" "$work/real.out" | tr '\n' ' ')
  [[ $rc -eq 1 && "$got" == "${want_seed[*]} " ]] ||
    bad "check --real on the seed: exit $rc, lines: $got; $(cat "$work/real.err")"
  [[ $fail -eq 0 ]] && echo "ok markdown --real"
  exit $fail
fi

# --- 1. run the seed -------------------------------------------------------
"$nspath" run --no-capture "$seed" >"$work/run.out" 2>"$work/run.err"
rc=$?
[[ $rc -eq 0 ]] || bad "run on the seed: exit $rc (skipped lines are not fatal)"
cat >"$work/run.err.want" <<EOF
$seed:15: skipped: command "mount" is outside nspath's world (ip, ping, sysctl)
$seed:21: skipped: command "docker" is outside nspath's world (ip, ping, sysctl)
$seed:36: skipped: placeholder "[hogehoge]" to fill in
$seed:60: skipped: an interactive shell is not run
$seed:119: skipped: placeholder "<name>" to fill in
$seed:252: note: a shell loop deleting every namespace, run as "ip --all netns delete" (its ':' taken for ';')
EOF
diff -u "$work/run.err.want" "$work/run.err" || bad "run on the seed: the skipped lines"

# The journey's parts 1 and 2 are the textbook's 01 and 02, as the kernel printed them.
sed -n '/^\$ sudo ip netns add helloworld$/,/^\$ sudo ip netns delete helloworld$/p' \
  "$work/run.out" >"$work/part1.txt"
# (without the article's own `ip link show | grep veth` lines, which the textbook has not)
sed -n '/^\$ sudo ip netns add ns1$/,/^rtt /p' "$work/run.out" | sed '/^rtt /q' |
  awk '/^\$ / { skip = ($0 == "$ ip link show | grep veth") } !skip' >"$work/part2.txt"
"$nspath" diff "$kernel/01-helloworld.txt" "$work/part1.txt" || bad "seed part 1 is not textbook/01"
"$nspath" diff "$kernel/02-veth.txt" "$work/part2.txt" || bad "seed part 2 is not textbook/02"

# Part 3: each of these commands prints the line given after it.
after() { # COMMAND LINE: LINE follows "$ COMMAND" somewhere in the run
  awk -v c="\$ $1" -v l="$2" 'prev == c && $0 == l { found = 1 } { prev = $0 } END { exit !found }' \
    "$work/run.out" || bad "run on the seed: no \"$2\" after \"\$ $1\""
}
after 'ip --all netns delete' '$ sudo ip netns add ns1'
after 'sudo ip link add ns2-veth0 type veth peer name gw veth1' \
  'both "name" and "dev" cannot be used when creating devices.'
after 'sudo ip link set gw-veth1 netns router' 'Cannot find device "gw-veth1"'
after 'sudo ip netns exec ns2 ip address add 198.51.100.254/24 dev gw-veth1' 'Cannot find device "gw-veth1"'
after 'sudo ip netns exec ns1 ping -c 3 192.0.2.254 -I 192.0.2.1' \
  'PING 192.0.2.254 (192.0.2.254) from 192.0.2.1 : 56(84) bytes of data.'
grep -q '^64 bytes from 192.0.2.254: icmp_seq=3 ttl=64 time=' "$work/run.out" ||
  bad "run on the seed: ns1 does not reach the router"
after 'sudo ip netns exec router sysctl net.ipv4.ip_forward=0' 'net.ipv4.ip_forward = 0'
after 'sudo ip netns exec router sysctl net.ipv4.ip_forward=1' 'net.ipv4.ip_forward = 1'

# --- 2. check the seed -----------------------------------------------------
"$nspath" check "$seed" >"$work/check.out" 2>"$work/check.err"
rc=$?
[[ $rc -eq 1 ]] || bad "check on the seed: exit $rc, want 1"
got=$(sed -n "s|^@@ $seed:\([0-9]*\) .*|\1|p" "$work/check.out" | tr '\n' ' ')
[[ "$got" == "${want_seed[*]} " ]] || bad "check on the seed reports lines: $got; want: ${want_seed[*]}"
diff -u "$work/run.err.want" "$work/check.err" || bad "check on the seed: the skipped lines"
grep -qx 'nspath check: 45 commands, 5 skipped, some differ (- expected, + nspath)' "$work/check.out" ||
  bad "check on the seed: summary $(tail -1 "$work/check.out")"
# line 396 differs by its blank line only, line 337 by the sendmsg lines and the blank
sed -n "\\|^@@ $seed:396 |,\$p" "$work/check.out" | grep '^[-+]' >"$work/396"
printf '+\n' | diff - "$work/396" >/dev/null || bad "check on the seed: line 396: $(cat "$work/396")"
sed -n "\\|^@@ $seed:337 |,/^@@ /p" "$work/check.out" | grep '^[-+]' >"$work/337"
printf -- '-ping: sendmsg: Network is unreachable\n%.0s' 1 2 3 | { cat; echo +; } |
  diff - "$work/337" >/dev/null || bad "check on the seed: line 337: $(cat "$work/337")"

# With the two typos fixed, what remains is the old ping's and the forwarding default.
sed -e '265s/peer name gw veth1/peer name gw-veth1/' -e '299s/exec ns2 ip/exec router ip/' \
  "$seed" >"$work/fixed.md"
"$nspath" check "$work/fixed.md" >"$work/fixed.out" 2>/dev/null
got=$(sed -n 's|^@@ [^ ]*:\([0-9]*\) .*|\1|p' "$work/fixed.out" | tr '\n' ' ')
[[ "$got" == "337 374 396 " ]] || bad "check on the typo-fixed seed reports lines: $got"

# --- 3. the fixture --------------------------------------------------------
(
  cd "$fixdir" || exit 1
  "$nspath" run --no-capture fixture.md >"$work/fx.out" 2>"$work/fx.err"
  echo $? >"$work/fx.rc"
  "$nspath" check fixture.md >"$work/fxc.out" 2>"$work/fxc.err"
  echo $? >"$work/fxc.rc"
)
[[ $(cat "$work/fx.rc") == 0 ]] || bad "run on the fixture: exit $(cat "$work/fx.rc")"
[[ $(cat "$work/fxc.rc") == 1 ]] || bad "check on the fixture: exit $(cat "$work/fxc.rc")"
diff -u "$fixdir/fixture.run.out" "$work/fx.out" || bad "run on the fixture: transcript"
diff -u "$fixdir/fixture.run.err" "$work/fx.err" || bad "run on the fixture: stderr"
diff -u "$fixdir/fixture.check.out" "$work/fxc.out" || bad "check on the fixture: report"
diff -u "$fixdir/fixture.run.err" "$work/fxc.err" || bad "check on the fixture: stderr"
# What run prints from a Markdown document is a plain transcript check accepts.
"$nspath" check "$work/fx.out" >"$work/again" 2>&1 || bad "the fixture's run output: $(cat "$work/again")"

[[ $fail -eq 0 ]] && echo "ok markdown"
exit $fail
