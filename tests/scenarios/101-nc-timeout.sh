# The router does not forward: the SYNs vanish there, nc -w gives up
# ("timed out: Operation now in progress"), the SYN retransmitted once a
# second meanwhile. With forwarding on, the same connect is refused.
# Both give up after 2 s, halfway between the SYN's retransmissions (1 s,
# then 3 s): a -w 1 raced the first one, and under load the kernel sent it
# before nc had given up.
ip netns add ns1
ip netns add router
ip netns add ns2
ip link add ns1-veth0 type veth peer name gw-veth0
ip link add ns2-veth0 type veth peer name gw-veth1
ip link set ns1-veth0 netns ns1
ip link set gw-veth0 netns router
ip link set gw-veth1 netns router
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec router ip address add 192.0.2.254/24 dev gw-veth0
ip netns exec router ip address add 198.51.100.254/24 dev gw-veth1
ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec router ip link set gw-veth0 up
ip netns exec router ip link set gw-veth1 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns1 ip route add default via 192.0.2.254
ip netns exec ns2 ip route add default via 198.51.100.254
ip netns exec ns1 nc -v -n -w 2 198.51.100.1 12345
ip netns exec ns1 nc -n -w 2 198.51.100.1 12345
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec ns1 nc -v -n -w 2 198.51.100.1 12345
