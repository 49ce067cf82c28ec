# The transport chapter's picture: tcpdump in a second terminal on the
# router's inside link watches an nc TCP connection across the router --
# the handshake (SYN with the kernel's options: mss from the route's MTU,
# sackOK, TS, nop, wscale), the data and its ACKs, and the close. The SYN
# and SYN-ACK carry absolute sequence numbers (random on the kernel,
# masked), everything after them numbers relative to the conversation's
# first (tcpdump's tcp_seq_hash); -c ends the capture by itself.
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
ip netns exec router tcpdump -n -c 8 -i gw-veth0 tcp
ip netns exec ns2 nc -l -n -v 12345
sleep 0.5
echo hello | ip netns exec ns1 nc -N -p 40000 198.51.100.1 12345
