# Neighbour states: the answering side learns the requester as STALE, its first transmission makes it DELAY, and 5 s later it sends unicast ARP probes and becomes REACHABLE.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns2 sysctl -w net.ipv4.icmp_echo_ignore_all=1
sudo ip netns exec ns1 ping -c 1 -W 1 192.0.2.2
sudo ip netns exec ns1 ip neigh show
sudo ip netns exec ns2 ip neigh show
sudo ip netns exec ns2 sysctl -w net.ipv4.icmp_echo_ignore_all=0
sudo ip netns exec ns1 ping -c 1 192.0.2.2
sudo ip netns exec ns1 ip neigh show
sudo ip netns exec ns2 ip neigh show
sudo ip netns exec ns1 ping -c 12 -i 0.6 -q 192.0.2.2
sudo ip netns exec ns1 ip neigh show
sudo ip netns exec ns2 ip neigh show
