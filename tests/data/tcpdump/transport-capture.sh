set -e
mkdir -p /run/netns; mount -t tmpfs tmpfs /run/netns
ip netns add ns1; ip netns add router; ip netns add ns2
for n in ns1 router ns2; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1; ip netns exec $n sysctl -qw net.ipv6.conf.default.disable_ipv6=1; done
ip link add ns1-veth0 type veth peer name gw-veth0
ip link add ns2-veth0 type veth peer name gw-veth1
ip link set ns1-veth0 netns ns1; ip link set gw-veth0 netns router
ip link set gw-veth1 netns router; ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec router ip address add 192.0.2.254/24 dev gw-veth0
ip netns exec router ip address add 198.51.100.254/24 dev gw-veth1
ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0
for n in ns1 router ns2; do ip netns exec $n ip link set lo up; done
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec router ip link set gw-veth0 up
ip netns exec router ip link set gw-veth1 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns1 ip route add default via 192.0.2.254
ip netns exec ns2 ip route add default via 198.51.100.254
ip netns exec router sysctl -qw net.ipv4.ip_forward=1
sleep 1
ip netns exec ns1 tcpdump -U -w /tmp/tdp/transport.pcap -i ns1-veth0 2>/dev/null & TD=$!
sleep 1
# TCP with data both ways, client closes first (-N)
(echo world | ip netns exec ns2 nc -l -N 12345 >/dev/null) & S=$!
sleep 0.3
echo hello | ip netns exec ns1 nc -N -p 40000 198.51.100.1 12345 >/dev/null
wait $S || true
sleep 0.3
# an ephemeral port, larger data, server closes first
(head -c 3000 /dev/zero | tr '\0' 'x' | ip netns exec ns2 nc -l -N -q0 12346 >/dev/null) & S=$!
sleep 0.3
ip netns exec ns1 nc 198.51.100.1 12346 </dev/null >/dev/null || true
wait $S || true
sleep 0.3
# refused: RST (port 80 is named http)
ip netns exec ns1 nc -w 1 198.51.100.1 80 </dev/null || true
ip netns exec ns1 nc -w 1 -p 40005 198.51.100.1 12345 </dev/null || true
sleep 0.3
# UDP both ways and a closed port
(sleep 0.6; echo back) | (ip netns exec ns2 timeout 2 nc -u -l 9999 >/dev/null) & S=$!
sleep 0.3
echo hi | ip netns exec ns1 timeout 1 nc -u -p 40001 198.51.100.1 9999 || true
echo y | ip netns exec ns1 timeout 1 nc -u -p 40003 198.51.100.1 7777 || true
wait $S || true
sleep 0.5
kill -INT $TD; wait $TD || true
