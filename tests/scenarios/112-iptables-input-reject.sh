# INPUT rules on a host and what ping and nc print: REJECT --reject-with
# tcp-reset (Connection refused), the default port unreachable for UDP,
# icmp-admin-prohibited for ping (Packet filtered), DROP (nc -w 2 times out after two SYNs,
# ping is silent). Counters with -L -v -x and -Z.
ip netns add ns1
ip netns add ns2
ip link add ns1-veth0 type veth peer name ns2-veth0
ip link set ns1-veth0 netns ns1
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns2 iptables -A INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset
ip netns exec ns2 iptables -A INPUT -p tcp --dport 23 -j DROP
ip netns exec ns2 iptables -A INPUT -p udp -j REJECT
ip netns exec ns2 iptables -A INPUT -p icmp -s 192.0.2.1 -j REJECT --reject-with icmp-admin-prohibited
ip netns exec ns1 nc -v -n -w 1 192.0.2.2 22
ip netns exec ns1 nc -v -n -w 2 192.0.2.2 23
echo hi | ip netns exec ns1 nc -u -n 192.0.2.2 5000
ip netns exec ns1 ping -c 1 192.0.2.2
ip netns exec ns2 iptables -L INPUT -v -n -x
ip netns exec ns2 iptables -Z INPUT
ip netns exec ns2 iptables -D INPUT 4
ip netns exec ns2 iptables -A INPUT -p icmp -j DROP
ip netns exec ns1 ping -c 1 -W 1 192.0.2.2
ip netns exec ns2 iptables -L INPUT -v -n
