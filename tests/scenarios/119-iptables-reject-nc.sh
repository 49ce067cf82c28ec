# REJECT in FORWARD and what nc's connect() then says: tcp-reset and the
# default icmp-port-unreachable are "Connection refused", icmp-host-
# unreachable and icmp-admin-prohibited "No route to host",
# icmp-net-unreachable "Network is unreachable"; a UDP client ends at the
# Port Unreachable. The router sends them all from its inside address.
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
ip netns exec router iptables -A FORWARD -p tcp --dport 1 -j REJECT --reject-with tcp-reset
ip netns exec router iptables -A FORWARD -p tcp --dport 2 -j REJECT
ip netns exec router iptables -A FORWARD -p tcp --dport 3 -j REJECT --reject-with icmp-host-unreachable
ip netns exec router iptables -A FORWARD -p tcp --dport 4 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec router iptables -A FORWARD -p tcp --dport 5 -j REJECT --reject-with icmp-net-unreachable
ip netns exec router iptables -A FORWARD -p udp -j REJECT --reject-with icmp-port-unreachable
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 1
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 2
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 3
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 4
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 5
echo hi | ip netns exec ns1 nc -u -n -w 1 198.51.100.1 5003
ip netns exec router iptables -L FORWARD -v -n --line-numbers
ip netns exec router iptables -S FORWARD
