# conntrack -L on a NAT router: empty until a connection passes; a TCP
# connection through MASQUERADE then lies in TIME_WAIT (120 s, counting
# down), ASSURED, with its reply tuple to the router's public address; a
# one-way UDP datagram is UNREPLIED with 30 s. The count goes to stderr,
# before the entries (stdout is flushed at exit). Each listing is
# filtered to one entry: the kernel lists in its hash's (random) order.
# -F empties the table; a namespace without NAT has none; errors in
# conntrack's words.
ip netns add ns1
ip netns add router
ip netns add ns2
ip link add ns1-veth0 type veth peer name gw-veth0
ip link add ns2-veth0 type veth peer name gw-veth1
ip link set ns1-veth0 netns ns1
ip link set gw-veth0 netns router
ip link set gw-veth1 netns router
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 10.0.0.1/24 dev ns1-veth0
ip netns exec router ip address add 10.0.0.254/24 dev gw-veth0
ip netns exec router ip address add 203.0.113.254/24 dev gw-veth1
ip netns exec ns2 ip address add 203.0.113.1/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec router ip link set gw-veth0 up
ip netns exec router ip link set gw-veth1 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns1 ip route add default via 10.0.0.254
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec router iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o gw-veth1 -j MASQUERADE
ip netns exec router conntrack -L
ip netns exec ns2 nc -l -n -v 12345
echo out | ip netns exec ns1 nc -N -p 40000 203.0.113.1 12345
ip netns exec router conntrack -L
ip netns exec ns2 nc -l -u -n -v 5000
echo datagram | ip netns exec ns1 nc -u -w 1 -p 4000 203.0.113.1 5000
ip netns exec router conntrack -L -p udp
ip netns exec router conntrack -L -p tcp -s 10.0.0.1
ip netns exec router conntrack -L -p 17 -d 203.0.113.0/24
ip netns exec router conntrack -L -p icmp
ip netns exec router conntrack -L -s 10.0.0.2
ip netns exec router conntrack -L -p foo
ip netns exec router conntrack -L -s 10.0.0.300
ip netns exec router conntrack -L -x
ip netns exec router conntrack -L -F
ip netns exec router conntrack -L extra
ip netns exec router conntrack -F -p tcp
ip netns exec router conntrack -L -s
ip netns exec ns1 conntrack -L
ip netns exec router conntrack -F
ip netns exec router conntrack -L
