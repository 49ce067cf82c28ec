# UDP servers: nc -l -u waits for a first datagram, connects to its
# sender (Connection received) and prints what it sends; a datagram from
# another port now gets Port Unreachable from the kernel. nc -l -u -k
# never connects and prints every sender's datagrams. The clients' -w 1
# ends them (UDP has no end of stream).
ip netns add ns1
ip netns add ns2
ip link add ns1-veth0 type veth peer name ns2-veth0
ip link set ns1-veth0 netns ns1
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns2 nc -l -u -n -v 5000
echo datagram | ip netns exec ns1 nc -u -w 1 -p 4000 192.0.2.2 5000
echo again | ip netns exec ns1 nc -u -w 1 -p 4000 192.0.2.2 5000
echo other | ip netns exec ns1 nc -u -w 1 -p 4001 192.0.2.2 5000
ip netns exec ns2 nc -l -u -k 5002 &
sleep 0.2
echo d1 | ip netns exec ns1 nc -u -w 1 -p 4002 192.0.2.2 5002
echo d2 | ip netns exec ns1 nc -u -w 1 -p 4003 192.0.2.2 5002
jobs
