# ip rule's words and their mistakes: the default rules and their preferences, preferences given and taken, table names and numbers (a rule "table 0" gets the first free table), actions (blackhole, unreachable, prohibit, goto, nop), not, fwmark with a mask, tos, iif of a device that is not there ("[detached]"), goto to a preference nobody has ("[unresolved]"); iproute2's and the kernel's messages for bad values, a backward goto, ECN bits and high DSCP bits in tos, the same rule twice, deleting what is not there.
ip netns add q
ip -n q rule
ip -n q rule add from 192.0.2.0/24 table 100
ip -n q rule add from 192.0.2.7/24 lookup 100
ip -n q rule add to 198.51.100.0/24 table main pref 500
ip -n q rule add not from 10.0.0.0/8 table 7 pref 510
ip -n q rule add fwmark 0x20/0xf0 table 8 pref 520
ip -n q rule add fwmark 5 table 8 pref 521
ip -n q rule add tos 0x10 table 9 pref 530
ip -n q rule add iif ghost0 table 9 pref 540
ip -n q rule add oif ghost1 table 9 pref 541
ip -n q rule add to 203.0.113.0/24 blackhole pref 550
ip -n q rule add to 203.0.113.0/24 unreachable pref 551
ip -n q rule add to 203.0.113.0/24 prohibit pref 552
ip -n q rule add goto 600 pref 560
ip -n q rule add goto 700 pref 570
ip -n q rule add nop pref 600
ip -n q rule add table 0 pref 610
ip -n q rule add lookup 4294967295 pref 620
ip -n q rule add lookup default pref 630 suppress_prefixlength 8
ip -n q rule
ip -n q rule add from 192.0.2.0/24 table 100 pref 32765
ip -n q rule add goto 100 pref 200
ip -n q rule add goto 200
ip -n q rule add tos 0x03 table 5
ip -n q rule add tos 0x20 table 5
ip -n q rule add tos zz table 5
ip -n q rule add table myname
ip -n q rule add pref x table 5
ip -n q rule add fwmark abc table 5
ip -n q rule add fwmark 1/abc table 5
ip -n q rule add iif bad/name table 5
ip -n q rule add from 1.2.3.4/33 table 5
ip -n q rule add suppress_prefixlength -1 table 5
ip -n q rule add goto x
ip -n q rule add frobnicate
ip -n q rule add
ip -n q rule del
ip -n q rule del pref 12345
ip -n q rule del table 77
ip -n q rule frob
ip -n q rule del pref 0
ip -n q rule show pref 32766
ip -n q rule del pref 32766
ip -n q rule show lookup main
