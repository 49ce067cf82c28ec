# Connects that cannot reach anyone: an on-link address nobody has (ARP
# fails after 3 s, the SYN's Host Unreachable ends connect(): "No route to
# host"), a network the router has no route for (its Net Unreachable:
# "Network is unreachable"), and a namespace without any route (connect()
# fails at once).
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
ip netns exec ns1 ip link set lo up
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec ns1 nc -v -n -w 5 192.0.2.77 80
ip netns exec ns1 nc -v -n 10.9.9.9 80
ip netns exec router nc -v -n 10.9.9.9 80
ip netns exec ns1 nc -n 10.9.9.9 80
