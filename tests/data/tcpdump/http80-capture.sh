set -e; trap "kill \$(jobs -p) 2>/dev/null" EXIT
mkdir -p /run/netns; mount -t tmpfs tmpfs /run/netns
ip netns add ns1; ip netns add ns2
ip link add ns1-veth0 type veth peer name ns2-veth0
ip link set ns1-veth0 netns ns1; ip link set ns2-veth0 netns ns2
for n in 1 2; do
  ip netns exec ns$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  ip netns exec ns$n ip address add 192.0.2.$n/24 dev ns$n-veth0
  ip netns exec ns$n ip link set ns$n-veth0 up
done
sleep 0.5
ip netns exec ns1 tcpdump -U -w /tmp/tdp/http80.pcap -i ns1-veth0 2>/dev/null & TD=$!
sleep 1
(printf 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi' | ip netns exec ns2 nc -l -N 80 >/dev/null) & S=$!
sleep 0.3
printf 'GET / HTTP/1.0\r\nHost: x\r\n\r\n' | ip netns exec ns1 nc -N -p 40001 192.0.2.2 80 >/dev/null
sleep 1
sleep 0.3
kill -INT $TD; wait $TD || true
