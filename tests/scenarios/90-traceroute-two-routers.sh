# traceroute through two routers: UDP probes to 33434 upward (each hop's Time Exceeded, the destination's Port Unreachable), -I (echo requests), -n, -q, -f, -p, -i and -s.  icmp_ratelimit 0 everywhere, so that every probe that reaches a node is answered whatever the time between the runs (91 shows the limit). Every run has -n: without it the program asks the resolver of /etc/resolv.conf for each hop's name, and with a default route those DNS queries go out into the topology. -m 3 keeps every probe to the destination's hop: how many probes past it the kernel sends before the answers are in is a race.
sudo ip netns add ns1
sudo ip netns add router1
sudo ip netns add router2
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name gw1-veth0
sudo ip link add gw1-veth1 type veth peer name gw2-veth0
sudo ip link add gw2-veth1 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set gw1-veth0 netns router1
sudo ip link set gw1-veth1 netns router1
sudo ip link set gw2-veth0 netns router2
sudo ip link set gw2-veth1 netns router2
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec router1 ip link set gw1-veth0 up
sudo ip netns exec router1 ip link set gw1-veth1 up
sudo ip netns exec router2 ip link set gw2-veth0 up
sudo ip netns exec router2 ip link set gw2-veth1 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec router1 ip address add 192.0.2.254/24 dev gw1-veth0
sudo ip netns exec router1 ip address add 203.0.113.1/24 dev gw1-veth1
sudo ip netns exec router2 ip address add 203.0.113.2/24 dev gw2-veth0
sudo ip netns exec router2 ip address add 198.51.100.254/24 dev gw2-veth1
sudo ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0
sudo ip netns exec ns1 ip route add default via 192.0.2.254
sudo ip netns exec ns2 ip route add default via 198.51.100.254
sudo ip netns exec router1 ip route add 198.51.100.0/24 via 203.0.113.2
sudo ip netns exec router2 ip route add 192.0.2.0/24 via 203.0.113.1
sudo ip netns exec router1 sysctl -w net.ipv4.ip_forward=1
sudo ip netns exec router2 sysctl -w net.ipv4.ip_forward=1
sudo ip netns exec ns1 sysctl -w net.ipv4.icmp_ratelimit=0
sudo ip netns exec router1 sysctl -w net.ipv4.icmp_ratelimit=0
sudo ip netns exec router2 sysctl -w net.ipv4.icmp_ratelimit=0
sudo ip netns exec ns2 sysctl -w net.ipv4.icmp_ratelimit=0
sudo ip netns exec ns1 traceroute -n -m 3 198.51.100.1
sudo ip netns exec ns2 traceroute -n -I -m 3 192.0.2.1
sudo ip netns exec ns1 traceroute -n -f 2 -q 2 -m 3 -p 40000 198.51.100.1
sudo ip netns exec ns2 traceroute -n -q 1 -m 2 -i ns2-veth0 -s 198.51.100.1 203.0.113.1
