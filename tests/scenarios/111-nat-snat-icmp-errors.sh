# SNAT to an explicit address, and ICMP errors through NAT. ns1's packets
# leave the NAT router as 203.0.113.254; a second router beyond it knows
# nothing of 10.0.0.0/24. ping -t 2 dies at that second router, whose Time
# Exceeded goes to 203.0.113.254 and comes back to ns1 with its quoted packet
# rewritten; -t 1 dies at the NAT router itself (before NAT). UDP to a
# closed port of ns2 gets Port Unreachable through the NAT (nc sees it as
# its own), TCP a reset. UDP leaves from port 2000 (a range of one port:
# the kernel draws a port of a longer range at random).
ip netns add ns1
ip netns add router
ip netns add r2
ip netns add ns2
ip link add ns1-veth0 type veth peer name gw-veth0
ip link add gw-veth1 type veth peer name r2-veth0
ip link add ns2-veth0 type veth peer name r2-veth1
ip link set ns1-veth0 netns ns1
ip link set gw-veth0 netns router
ip link set gw-veth1 netns router
ip link set r2-veth0 netns r2
ip link set r2-veth1 netns r2
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 10.0.0.1/24 dev ns1-veth0
ip netns exec router ip address add 10.0.0.254/24 dev gw-veth0
ip netns exec router ip address add 203.0.113.254/24 dev gw-veth1
ip netns exec r2 ip address add 203.0.113.1/24 dev r2-veth0
ip netns exec r2 ip address add 198.51.100.254/24 dev r2-veth1
ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec router ip link set gw-veth0 up
ip netns exec router ip link set gw-veth1 up
ip netns exec r2 ip link set r2-veth0 up
ip netns exec r2 ip link set r2-veth1 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns1 ip route add default via 10.0.0.254
ip netns exec router ip route add default via 203.0.113.1
ip netns exec ns2 ip route add default via 198.51.100.254
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec router iptables -t nat -A POSTROUTING -o gw-veth1 -p udp -j SNAT --to-source 203.0.113.254:2000
ip netns exec router iptables -t nat -A POSTROUTING -o gw-veth1 -j SNAT --to-source 203.0.113.254
ip netns exec ns1 ping -c 1 198.51.100.1
ip netns exec ns1 ping -c 1 -t 2 198.51.100.1
ip netns exec ns1 ping -c 1 -t 1 198.51.100.1
echo hi | ip netns exec ns1 nc -u -n -p 5555 198.51.100.1 7
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 22
ip netns exec router iptables -t nat -L POSTROUTING -v -n
ip netns exec router iptables -t nat -S
