# DNAT to a host behind the router: the far side (which has no route to
# 10.0.0.0/24) pings and connects to the router's public address; PREROUTING
# sends ICMP and TCP port 8080 to 10.0.0.1 (port 80), whose replies -- an echo
# reply, a TCP reset -- go back with the public address as their source.
# A port the rule does not name reaches the router itself (its own reset).
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
ip netns exec ns2 ping -c 1 203.0.113.254
ip netns exec router iptables -t nat -A PREROUTING -i gw-veth1 -d 203.0.113.254 -p icmp -j DNAT --to-destination 10.0.0.1
ip netns exec router iptables -t nat -A PREROUTING -i gw-veth1 -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.1:80
ip netns exec ns2 ping -c 2 -i 0.2 203.0.113.254
ip netns exec ns2 nc -v -n -w 1 203.0.113.254 8080
ip netns exec ns2 nc -v -n -w 1 203.0.113.254 8081
ip netns exec router iptables -t nat -L PREROUTING -v -n
ip netns exec router iptables -t nat -S PREROUTING
