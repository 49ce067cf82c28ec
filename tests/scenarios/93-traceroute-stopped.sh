# traceroute stopped on the way: router2 with forwarding off drops transit packets without a word (* * *); router1 without a route to the far net answers Net Unreachable (!N), with -I too; with an unreachable route Host Unreachable (!H); with a prohibit route Communication Administratively Prohibited, code 13 (!X).  router1 has icmp_ratelimit 0, yet its routing errors come one a second from ip_error()'s bucket (5 in a burst), which its Time Exceededs emptied: one ! and * * for each run.
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
sudo ip netns exec router1 sysctl -w net.ipv4.icmp_ratelimit=0
sudo ip netns exec ns1 traceroute -n -w 1 -m 4 198.51.100.1
sudo ip netns exec router1 ip route del 198.51.100.0/24
sudo ip netns exec ns1 traceroute -n -w 1 -m 4 198.51.100.1
sudo ip netns exec ns1 traceroute -n -w 1 -m 4 -I 198.51.100.1
sudo ip netns exec router1 ip route add unreachable 198.51.100.0/24
sudo ip netns exec ns1 traceroute -n -w 1 -m 4 198.51.100.1
sudo ip netns exec router1 ip route replace prohibit 198.51.100.0/24
sudo ip netns exec ns1 traceroute -n -w 1 -m 4 198.51.100.1
