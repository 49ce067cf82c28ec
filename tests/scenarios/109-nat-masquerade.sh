# A private network behind a router whose far side (203.0.113.1) has no
# route back to 10.0.0.0/24: pings die there until MASQUERADE gives them
# the router's address; the replies, a TCP reset and a UDP Port
# Unreachable come back translated (the error's quoted packet too), so
# ping and nc see them as the kernel shows them. The nat table's counters
# count each connection once.
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
ip netns exec ns1 ping -c 1 -W 1 203.0.113.1
ip netns exec router iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o gw-veth1 -j MASQUERADE
ip netns exec ns1 ping -c 2 -i 0.2 203.0.113.1
ip netns exec ns1 nc -v -n 203.0.113.1 80
echo hi | ip netns exec ns1 nc -u -n 203.0.113.1 5000
ip netns exec router iptables -t nat -L -v -n
ip netns exec router iptables -t nat -S
