# tcpdump watching UDP in a second terminal: "UDP, length N" counts the
# payload. nc -l -u connects to the first sender and prints its
# datagrams; a datagram to a port nobody listens on (9) gets Port
# Unreachable. -n: without it tcpdump would name port 9 discard, but
# would also ask the host's name server about each address, which takes
# seconds and depends on the machine (tcpdump -r's tests cover the names).
ip netns add ns1
ip netns add ns2
ip link add ns1-veth0 type veth peer name ns2-veth0
ip link set ns1-veth0 netns ns1
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns2 tcpdump -n -c 4 -i ns2-veth0 udp or icmp
ip netns exec ns2 nc -l -u -n -v 5000
sleep 0.5
echo datagram | ip netns exec ns1 nc -u -w 1 -p 4000 192.0.2.2 5000
echo again | ip netns exec ns1 nc -u -w 1 -p 4000 192.0.2.2 5000
echo lost | ip netns exec ns1 nc -u -w 1 -p 4001 192.0.2.2 9
