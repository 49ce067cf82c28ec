#!/bin/bash
# Markdown as input (core/markdown.c), on documents of the project's own.
#  1. `nspath run` on tests/markdown/journey.md (a lab notebook in the
#     textbook's order, with its mistakes) prints the journey: its first two
#     parts are the kernel's recordings of textbook scenarios 01 and 02, the
#     typos get the kernel's error messages, the shell loop runs as
#     `ip --all netns delete` with a note, and the lines outside nspath's
#     world are listed as skipped (exit 0).
#  2. `nspath check` on it reports exactly the commands listed below, each
#     for a stated reason; with the two typos fixed, only the old ping's and
#     the forwarding default's remain.
#  3. A fixture (tests/markdown/fixture.md: blocks with and without prompts,
#     other languages, indented, ~~~ and nested fences, skipped lines, an
#     unclosed fence) gives, line for line, fixture.run.out and .run.err
#     under `run` and fixture.check.out under `check`.  They were read line
#     by line against fixture.md when written; after a deliberate change,
#     regenerate them from tests/markdown/ with
#       nspath run --no-capture fixture.md >fixture.run.out 2>fixture.run.err
#       nspath check fixture.md >fixture.check.out
#     and read the diff before committing.
# With --real, only 2 (the article's check) runs, on the kernel (root): the
# kernel differs from the article at the same commands.
# usage: markdown.sh NSPATH MARKDOWN_DIR KERNEL_DIR [--real]
set -u
nspath=$(realpath "$1") mddir=$(realpath "$2") kernel=$(realpath "$3") mode=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }
cd "$mddir" || exit 1
doc=journey.md

# The commands check reports, by line number in journey.md, and why:
want=(
  126 # typo "peer name gw veth1" (for gw-veth1): iproute2 refuses, no veth pair is made
  134 # typo 126 made no gw-veth1: "Cannot find device"
  135 # typo 126 made no ns2-veth0 either
  138 # gw-veth1 (typo 126)
  139 # ns2-veth0 (typo 126)
  152 # ns2-veth0 (typo 126)
  153 # typo "exec ns2" (for router), and gw-veth1 is missing anyway
  173 # ns2 has no link and no address (typo 126): its ping gets no reply
  188 # older ping: one "ping: sendmsg: Network is unreachable" per packet, no blank line after
      #   the summary; iputils 20221126 prints no sendmsg line here (-I ADDR), and the blank line
  209 # no route covers 198.51.100.254 in ns2 (typos): "Error: Nexthop has invalid gateway."
  215 # ns1 -> ns2 gets no reply: ns2 is unconnected (typos); and the router does not
      #   forward yet: a new namespace starts with ip_forward 0 (the article's machine had 1)
  232 # no blank line after the summary of a ping without replies (the older ping again)
)
want_fixed=(188 215 232)

checked() { sed -n "s|^@@ $doc:\([0-9]*\) .*|\1|p" "$1" | tr '\n' ' '; }

if [[ $mode == --real ]]; then
  "$nspath" check --real "$doc" >"$work/real.out" 2>"$work/real.err"
  rc=$?
  got=$(checked "$work/real.out")
  [[ $rc -eq 1 && "$got" == "${want[*]} " ]] ||
    bad "check --real on $doc: exit $rc, lines: $got; $(cat "$work/real.err")"
  [[ $fail -eq 0 ]] && echo "ok markdown --real"
  exit $fail
fi

# --- 1. run the article ----------------------------------------------------
"$nspath" run --no-capture "$doc" >"$work/run.out" 2>"$work/run.err"
rc=$?
[[ $rc -eq 0 ]] || bad "run on $doc: exit $rc (skipped lines are not fatal)"
cat >"$work/run.err.want" <<EOF
$doc:19: skipped: command "mount" is outside nspath's world (ip, bridge, ping, traceroute, tcpdump, nc, iptables, conntrack, sysctl, sleep, kill, wait, jobs)
$doc:26: skipped: command "docker" is outside nspath's world (ip, bridge, ping, traceroute, tcpdump, nc, iptables, conntrack, sysctl, sleep, kill, wait, jobs)
$doc:39: skipped: placeholder "[name]" to fill in
$doc:54: skipped: an interactive shell is not run
$doc:77: skipped: a pipe into "wc" (nspath runs grep, head and tail there)
$doc:111: note: a shell loop deleting every namespace, run as "ip --all netns delete" (its ':' taken for ';')
$doc:252: skipped: shell syntax '>' (pipes, redirections, substitutions, globs) is not run
EOF
diff -u "$work/run.err.want" "$work/run.err" || bad "run on $doc: the skipped lines"

# Parts 1 and 2 are the textbook's 01 and 02, as the kernel printed them.
sed -n '/^\$ sudo ip netns add helloworld$/,/^\$ sudo ip netns delete helloworld$/p' \
  "$work/run.out" >"$work/part1.txt"
sed -n '/^\$ sudo ip netns add ns1$/,/^rtt /p' "$work/run.out" | sed '/^rtt /q' >"$work/part2.txt"
"$nspath" diff "$kernel/01-helloworld.txt" "$work/part1.txt" || bad "$doc part 1 is not textbook 01"
"$nspath" diff "$kernel/02-veth.txt" "$work/part2.txt" || bad "$doc part 2 is not textbook 02"

# Part 3: each of these commands prints the line given after it.
after() { # COMMAND LINE: LINE follows "$ COMMAND" somewhere in the run
  awk -v c="\$ $1" -v l="$2" 'prev == c && $0 == l { found = 1 } { prev = $0 } END { exit !found }' \
    "$work/run.out" || bad "run on $doc: no \"$2\" after \"\$ $1\""
}
after 'ip --all netns delete' '$ sudo ip netns add ns1'
after 'sudo ip link add ns2-veth0 type veth peer name gw veth1' \
  'both "name" and "dev" cannot be used when creating devices.'
after 'sudo ip link set gw-veth1 netns router' 'Cannot find device "gw-veth1"'
after 'sudo ip netns exec ns2 ip address add 198.51.100.254/24 dev gw-veth1' 'Cannot find device "gw-veth1"'
after 'sudo ip netns exec ns1 ping -c 3 192.0.2.254 -I 192.0.2.1' \
  'PING 192.0.2.254 (192.0.2.254) from 192.0.2.1 : 56(84) bytes of data.'
grep -q '^64 bytes from 192.0.2.254: icmp_seq=3 ttl=64 time=' "$work/run.out" ||
  bad "run on $doc: ns1 does not reach the router"
after 'sudo ip netns exec router sysctl net.ipv4.ip_forward=0' 'net.ipv4.ip_forward = 0'
after 'sudo ip netns exec router sysctl net.ipv4.ip_forward=1' 'net.ipv4.ip_forward = 1'

# --- 2. check the article --------------------------------------------------
"$nspath" check "$doc" >"$work/check.out" 2>"$work/check.err"
rc=$?
[[ $rc -eq 1 ]] || bad "check on $doc: exit $rc, want 1"
got=$(checked "$work/check.out")
[[ "$got" == "${want[*]} " ]] || bad "check on $doc reports lines: $got; want: ${want[*]}"
diff -u "$work/run.err.want" "$work/check.err" || bad "check on $doc: the skipped lines"
grep -qx 'nspath check: 42 commands, 6 skipped, some differ (- expected, + nspath)' "$work/check.out" ||
  bad "check on $doc: summary $(tail -1 "$work/check.out")"
# line 232 differs by its blank line only, line 188 by the sendmsg lines and the blank
sed -n "\\|^@@ $doc:232 |,\$p" "$work/check.out" | grep '^[-+]' >"$work/232"
printf '+\n' | diff - "$work/232" >/dev/null || bad "check on $doc: line 232: $(cat "$work/232")"
sed -n "\\|^@@ $doc:188 |,/^@@ /p" "$work/check.out" | grep '^[-+]' >"$work/188"
printf -- '-ping: sendmsg: Network is unreachable\n%.0s' 1 2 3 | { cat; echo +; } |
  diff - "$work/188" >/dev/null || bad "check on $doc: line 188: $(cat "$work/188")"

# With the two typos fixed, what remains is the old ping's and the forwarding default.
sed -e '126s/peer name gw veth1/peer name gw-veth1/' -e '153s/exec ns2 ip/exec router ip/' \
  "$doc" >"$work/$doc"
(cd "$work" && "$nspath" check "$doc") >"$work/fixed.out" 2>/dev/null
got=$(checked "$work/fixed.out")
[[ "$got" == "${want_fixed[*]} " ]] || bad "check on the typo-fixed $doc reports lines: $got"

# --- 3. the fixture --------------------------------------------------------
"$nspath" run --no-capture fixture.md >"$work/fx.out" 2>"$work/fx.err"
[[ $? -eq 0 ]] || bad "run on the fixture: not exit 0"
"$nspath" check fixture.md >"$work/fxc.out" 2>"$work/fxc.err"
[[ $? -eq 1 ]] || bad "check on the fixture: not exit 1"
diff -u fixture.run.out "$work/fx.out" || bad "run on the fixture: transcript"
diff -u fixture.run.err "$work/fx.err" || bad "run on the fixture: stderr"
diff -u fixture.check.out "$work/fxc.out" || bad "check on the fixture: report"
diff -u fixture.run.err "$work/fxc.err" || bad "check on the fixture: stderr"
# What run prints from a Markdown document is a plain transcript check accepts.
"$nspath" check "$work/fx.out" >"$work/again" 2>&1 || bad "the fixture's run output: $(cat "$work/again")"

[[ $fail -eq 0 ]] && echo "ok markdown"
exit $fail
