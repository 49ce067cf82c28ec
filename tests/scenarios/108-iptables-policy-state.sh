# A FORWARD policy of DROP with one direction let through: the requests
# cross, the replies die on the policy; -m state --state
# ESTABLISHED,RELATED lets the replies back (conntrack starts with the
# first rule that needs it); new connections from the far side stay
# dropped. Policy and rule counters in iptables -L -v and -S -v.
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
ip netns exec router iptables -A FORWARD -i gw-veth0 -o gw-veth1 -j ACCEPT
ip netns exec ns1 ping -c 1 -W 1 198.51.100.1
ip netns exec router iptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT
ip netns exec ns1 ping -c 2 -i 0.2 198.51.100.1
ip netns exec ns2 ping -c 1 -W 1 192.0.2.1
ip netns exec router iptables -L -v -n
ip netns exec router iptables -S -v
