# iptables' icmp match: --icmp-type by name, by number and type/code,
# `any` and `!`. A router rejects forwarded echo requests with
# icmp-host-prohibited (ping prints "Destination Host Prohibited", type 3
# code 10) and drops the ICMP it receives that is not an echo request (so
# its own ping's replies die in INPUT); -L names the types, -L -n and -S
# print the numbers; mistakes in iptables' words.
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
ip netns exec router iptables -A FORWARD -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-host-prohibited
ip netns exec router iptables -A FORWARD -p icmp --icmp-type 3/10 -j ACCEPT
ip netns exec router iptables -A INPUT -p icmp ! --icmp-type ping -j DROP
ip netns exec router iptables -A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT
ip netns exec ns1 ping -c 2 -W 1 198.51.100.1
ip netns exec ns1 ping -c 1 198.51.100.254
ip netns exec router ping -c 1 -W 1 192.0.2.1
ip netns exec router iptables -L -v -n
ip netns exec router iptables -L
ip netns exec router iptables -S
ip netns exec router iptables -A INPUT -p icmp --icmp-type echo -j DROP
ip netns exec router iptables -A INPUT -p icmp --icmp-type foo -j DROP
ip netns exec router iptables -A INPUT -p icmp --icmp-type 3/300 -j DROP
ip netns exec router iptables -A INPUT -p icmp --icmp-type 8 --icmp-type 0 -j DROP
ip netns exec router iptables -A INPUT -p tcp --icmp-type 8 -j DROP
ip netns exec router iptables -D FORWARD -p icmp --icmp-type 8 -j REJECT --reject-with icmp-host-prohibited
ip netns exec ns1 ping -c 1 198.51.100.1
ip netns exec router iptables -L FORWARD -v -n --line-numbers
