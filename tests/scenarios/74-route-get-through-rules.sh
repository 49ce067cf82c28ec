# ip route get through the rules: from, to, fwmark (with and without a mask), tos, iif and oif select tables; goto jumps over rules, nop passes, suppress_prefixlength makes a lookup give up its default route; a rule without a preference goes just before the last one made. Queries with mark, tos, from and iif print what the kernel answers, the table included. ip rule show with filters, del by attributes, and flush.
ip netns add n
ip -n n link set lo up
ip -n n link add n-a type veth peer name n-b
ip -n n link add n-c type veth peer name n-d
ip -n n link set n-a up
ip -n n link set n-b up
ip -n n link set n-c up
ip -n n link set n-d up
ip -n n address add 10.0.0.1/24 dev n-a
ip -n n address add 10.0.1.1/24 dev n-b
ip -n n address add 10.0.2.1/24 dev n-c
ip -n n address add 10.0.3.1/24 dev n-d
ip netns exec n sysctl -w net.ipv4.ip_forward=1
ip -n n route add default via 10.0.0.2
ip -n n route add default via 10.0.1.2 table 10
ip -n n route add default via 10.0.2.2 table 20
ip -n n route add 198.51.100.0/24 via 10.0.3.2 table 30
ip -n n route add default via 10.0.3.2 table 30
ip -n n rule add fwmark 0x10 table 10
ip -n n rule add fwmark 0x2/0x3 table 20
ip -n n rule add tos 0x08 table 30
ip -n n rule add from 10.0.2.1 table 20 pref 100
ip -n n rule add to 198.51.100.0/24 table 30 suppress_prefixlength 0 pref 200
ip -n n rule add iif n-b table 10 pref 300
ip -n n rule add oif n-d table 30 pref 310
ip -n n rule add to 192.0.2.0/24 goto 32000 pref 400
ip -n n rule add to 192.0.2.0/24 table 20 pref 500
ip -n n rule add nop pref 32000
ip -n n rule
ip -n n route get 203.0.113.5
ip -n n route get 203.0.113.5 mark 0x10
ip -n n route get 203.0.113.5 mark 6
ip -n n route get 203.0.113.5 mark 7
ip -n n route get 203.0.113.5 tos 0x08
ip -n n route get 203.0.113.5 from 10.0.2.1
ip -n n route get 198.51.100.7
ip -n n route get 198.51.100.7 from 10.0.2.1
ip -n n route get 203.0.113.5 from 10.0.1.2 iif n-b
ip -n n route get 203.0.113.5 from 10.0.0.2 iif n-a
ip -n n route get 10.0.0.2 from 10.0.1.2 iif n-b
ip -n n route get 203.0.113.5 oif n-d
ip -n n route get 192.0.2.9
ip -n n route get 10.0.0.1
ip -n n route get 10.0.3.7 from 10.0.3.5 iif n-d
ip -n n rule show table 10
ip -n n rule show pref 200
ip -n n rule show iif n-b
ip -n n rule show from 10.0.2.0/24
ip -n n rule del fwmark 0x10
ip -n n rule del table 30 pref 200
ip -n n rule del iif n-b
ip -n n rule del pref 12345
ip -n n rule
ip -n n rule flush
ip -n n rule
ip -n n route get 203.0.113.5
ip -n n route get 10.0.0.1
