# FORWARD rules on a router and what ping prints: DROP is silence, REJECT
# sends Port Unreachable by default (from the router's address toward the
# sender), --reject-with icmp-host-prohibited and icmp-net-unreachable
# their own; counters in iptables -L -v. Rules are set before any traffic:
# the run stays short of the 5 s a STALE neighbour takes to be probed.
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
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec router iptables -A FORWARD -p icmp -s 192.0.2.1 -d 198.51.100.1 -j DROP
ip netns exec ns1 ping -c 2 -i 0.2 -W 1 198.51.100.1
ip netns exec router iptables -R FORWARD 1 -p icmp -s 192.0.2.1 -d 198.51.100.1 -j REJECT
ip netns exec ns1 ping -c 2 -i 0.2 198.51.100.1
ip netns exec router iptables -R FORWARD 1 -p icmp -s 192.0.2.1 -d 198.51.100.1 -j REJECT --reject-with icmp-host-prohibited
ip netns exec ns1 ping -c 1 198.51.100.1
ip netns exec router iptables -I FORWARD -p icmp -d 198.51.100.1 -j REJECT --reject-with icmp-net-unreachable
ip netns exec ns1 ping -c 1 198.51.100.1
ip netns exec router iptables -L FORWARD -v -n --line-numbers
ip netns exec router iptables -F FORWARD
ip netns exec ns1 ping -c 1 198.51.100.1
ip netns exec router iptables -L FORWARD -v
