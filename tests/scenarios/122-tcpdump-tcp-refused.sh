# A refused connection watched with tcpdump -v: the SYN leaves ns1 with
# its checksum left to the device (CHECKSUM_PARTIAL on a veth: tcpdump
# calls it incorrect and says what it should be), the kernel's RST-ACK
# (seq 0, ack the SYN's sequence + 1, win 0, no options) is computed in
# full: correct. The RST is a conversation tcpdump has not seen: absolute.
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
ip netns exec router tcpdump -v -n -c 4 -i gw-veth1 tcp
sleep 0.5
ip netns exec ns1 nc -v -n -w 1 -p 40005 198.51.100.1 12345
ip netns exec ns1 nc -v -n -w 1 -p 40006 198.51.100.1 12346
