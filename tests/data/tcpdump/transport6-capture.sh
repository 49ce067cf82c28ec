set -e; trap "kill \$(jobs -p) 2>/dev/null" EXIT
mkdir -p /run/netns; mount -t tmpfs tmpfs /run/netns
ip netns add ns1; ip netns add ns2
ip link add ns1-veth0 type veth peer name ns2-veth0
ip link set ns1-veth0 netns ns1; ip link set ns2-veth0 netns ns2
for n in 1 2; do
  ip netns exec ns$n sysctl -qw net.ipv6.conf.ns$n-veth0.accept_ra=0
  ip netns exec ns$n sysctl -qw net.ipv6.conf.ns$n-veth0.router_solicitations=0
  ip netns exec ns$n sysctl -qw net.ipv6.conf.ns$n-veth0.addr_gen_mode=1
  ip netns exec ns$n ip address add 2001:db8::$n/64 dev ns$n-veth0 nodad
  ip netns exec ns$n ip link set ns$n-veth0 up
done
sleep 1
ip netns exec ns1 tcpdump -U -w /tmp/tdp/transport6.pcap -i ns1-veth0 2>/dev/null & TD=$!
sleep 1
(ip netns exec ns2 nc -6 -l -N 12345 </dev/null >/dev/null) & S=$!
sleep 0.3
echo hello | ip netns exec ns1 nc -N -p 40000 2001:db8::2 12345 >/dev/null
wait $S || true
ip netns exec ns1 nc -w 1 -p 40005 2001:db8::2 80 </dev/null || true
echo hi | ip netns exec ns1 timeout 1 nc -u -p 40001 2001:db8::2 9999 || true
sleep 0.5
kill -INT $TD; wait $TD || true
