# iptables' multiport match: a router rejects TCP to a list of ports and
# a range (tcp-reset) and drops UDP to any port but 53 and 123; nc to a
# listed port is refused, to another one it connects; the counters in
# iptables -L -v; -L names the services, -S and -L -n print numbers;
# mistakes in iptables' words (too many ports, a bad range, no -p, two
# lists).
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
ip netns exec router iptables -A FORWARD -p tcp -m multiport --dports 22,80,8000:8080 -j REJECT --reject-with tcp-reset
ip netns exec router iptables -A FORWARD -p udp -m multiport ! --dports 53,123 -j DROP
ip netns exec router iptables -A FORWARD -p tcp -m multiport --ports 9000 -j ACCEPT
ip netns exec ns2 nc -l -n -v 9000
ip netns exec ns2 nc -l -n -v 8080
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 8080
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 22
echo hi | ip netns exec ns1 nc -N -v -n -p 40000 198.51.100.1 9000
echo hi | ip netns exec ns1 nc -u -n -w 1 198.51.100.1 5000
ip netns exec router iptables -L FORWARD -v -n
ip netns exec router iptables -L FORWARD
ip netns exec router iptables -S FORWARD
ip netns exec router iptables -A FORWARD -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j DROP
ip netns exec router iptables -A FORWARD -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16 -j DROP
ip netns exec router iptables -A FORWARD -p tcp -m multiport --dports 5:1 -j DROP
ip netns exec router iptables -A FORWARD -m multiport --dports 1,2 -j DROP
ip netns exec router iptables -A FORWARD -p icmp -m multiport --dports 1,2 -j DROP
ip netns exec router iptables -A FORWARD -p tcp -m multiport -j DROP
ip netns exec router iptables -A FORWARD -p tcp -m multiport --dports 1 --sports 2 -j DROP
ip netns exec router iptables -A FORWARD -p tcp -m multiport --dports 1,foo -j DROP
