# A filter picks one conversation: tcp port 12345 leaves out the UDP
# datagram to the same port and the refused connection to port 80, which
# the second tcpdump sees alone. The clients take ephemeral ports (random
# on the kernel, masked). Both use -n: without it tcpdump asks the host's
# name server about every address, and with a default route the queries
# leave ns1 (and the router answers Net Unreachable) while tcpdump waits.
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
ip netns exec ns1 tcpdump -n -c 8 -i ns1-veth0 tcp port 12345
ip netns exec ns1 tcpdump -n -c 2 -i ns1-veth0 tcp port 80
ip netns exec ns2 nc -l -n 12345
sleep 0.5
echo udp | ip netns exec ns1 nc -u -w 1 -p 40001 198.51.100.1 12345
ip netns exec ns1 nc -w 1 198.51.100.1 80
echo tcp | ip netns exec ns1 nc -N 198.51.100.1 12345
