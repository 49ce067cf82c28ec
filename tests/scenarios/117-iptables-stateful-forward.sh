# A stateful firewall on the router: FORWARD's policy DROP, ESTABLISHED and
# RELATED let through, NEW only for TCP port 80 toward ns2, ICMP from the
# inside and UDP port 5003. The server on port 80 is reached; port 22 times
# out (its SYN dropped twice); UDP to another port is dropped, but the Port
# Unreachable for the datagram to port 5003 is RELATED and passes back.
# Counters per rule and for the policy.
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
ip netns exec router iptables -P FORWARD DROP
ip netns exec router iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec router iptables -A FORWARD -i gw-veth0 -o gw-veth1 -p tcp --dport 80 -m conntrack --ctstate NEW -j ACCEPT
ip netns exec router iptables -A FORWARD -i gw-veth0 -p icmp -j ACCEPT
ip netns exec router iptables -A FORWARD -i gw-veth0 -p udp --dport 5003 -j ACCEPT
ip netns exec ns1 ping -c 1 198.51.100.1
ip netns exec ns2 nc -l -n -v 80
echo request | ip netns exec ns1 nc -N -p 40000 198.51.100.1 80
ip netns exec ns1 nc -v -n -w 2 198.51.100.1 22
echo query | ip netns exec ns1 nc -u -n -w 1 198.51.100.1 5003
echo other | ip netns exec ns1 nc -u -n -w 1 198.51.100.1 5002
ip netns exec router iptables -L FORWARD -v -n
