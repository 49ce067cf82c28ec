# Address mistakes on one link: a /32 leaves no connected route, so pings out are Network is unreachable; the peer still gets ARP answered (and is learned STALE) but never an echo reply. A prefix that does not cover the peer, then the fix.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/32 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ping -c 1 192.0.2.2
sudo ip netns exec ns2 ping -c 1 -W 1 192.0.2.1
sudo ip netns exec ns1 ip neigh show 192.0.2.2
sudo ip netns exec ns1 ip address del 192.0.2.1/32 dev ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.1/25 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.200/24 dev ns2-veth0
sudo ip netns exec ns1 ping -c 1 192.0.2.2
sudo ip netns exec ns1 ping -c 1 192.0.2.200
sudo ip netns exec ns2 ping -c 1 -W 1 -I 192.0.2.200 192.0.2.1
sudo ip netns exec ns1 ip address del 192.0.2.1/25 dev ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns1 ping -c 1 192.0.2.200
