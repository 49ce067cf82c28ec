# ip route get's words and mistakes: no destination, a prefix instead of an address (warned, looked up as /32), a second word where an address is expected, from with a prefix, unknown iif and oif, bad mark, bad tos, an abbreviated keyword; uid and the output fields they bring (mark printed in decimal below 16, in hex from 16).
ip netns add g
ip -n g link set lo up
ip -n g link add g-a type veth peer name g-b
ip -n g link set g-a up
ip -n g link set g-b up
ip -n g address add 10.0.0.1/24 dev g-a
ip -n g route add default via 10.0.0.2
ip -n g route get
ip -n g route get from 10.0.0.1
ip -n g route get 192.0.2.0/24
ip -n g route get 192.0.2.9 ttl 3
ip -n g route get bogus
ip -n g route get 192.0.2.9 iif nosuch
ip -n g route get 192.0.2.9 oif nosuch
ip -n g route get 192.0.2.9 mark x
ip -n g route get 192.0.2.9 tos zz
ip -n g route get 192.0.2.9 mark 15
ip -n g route get 192.0.2.9 mark 16
ip -n g route get 192.0.2.9 uid 1000
ip -n g route get to 192.0.2.9 fr 10.0.0.1 m 3
ip -n g route get 192.0.2.9 from 10.0.0.7
ip -n g route get 192.0.2.9 from 0.0.0.0
ip -n g route get 192.0.2.9 oif g-b
ip -n g route get 10.0.0.1 iif g-a
ip -n g route get 10.0.0.1 from 10.0.0.2 iif g-a
ip -n g route get 255.255.255.255 from 10.0.0.2 iif g-a
ip -n g route get 10.0.0.255
