# User chains: FORWARD jumps to a chain per direction; a RETURN comes
# back to FORWARD, DROP and REJECT end there (pings from outside are NEW
# and dropped, the replies to ns1's are not). -L -v counts each rule's
# packets, -L CHAIN lists one chain with its references, -X refuses a
# chain still referenced, -F then -X removes it.
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
ip netns exec router iptables -N from-inside
ip netns exec router iptables -N to-inside
ip netns exec router iptables -A FORWARD -i gw-veth0 -j from-inside
ip netns exec router iptables -A FORWARD -o gw-veth0 -j to-inside
ip netns exec router iptables -A from-inside -p tcp --dport 22 -j REJECT --reject-with tcp-reset
ip netns exec router iptables -A from-inside -p icmp -j RETURN
ip netns exec router iptables -A to-inside -p icmp -m state --state NEW -j DROP
ip netns exec ns1 ping -c 2 -i 0.2 198.51.100.1
ip netns exec ns2 ping -c 1 -W 1 192.0.2.1
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 22
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 23
ip netns exec router iptables -L -v -n
ip netns exec router iptables -L from-inside -n
ip netns exec router iptables -X to-inside
ip netns exec router iptables -F to-inside
ip netns exec router iptables -D FORWARD -o gw-veth0 -j to-inside
ip netns exec router iptables -X to-inside
ip netns exec router iptables -S
