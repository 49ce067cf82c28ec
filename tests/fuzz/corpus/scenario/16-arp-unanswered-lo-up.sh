# ARP for an on-link address nobody has, with lo up: each packet queued on the failed resolution comes back as "From <own addr> icmp_seq=N Destination Host Unreachable"; FAILED restarts on the next packet; INCOMPLETE while resolving.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set lo up
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ping -c 3 192.0.2.77
sudo ip netns exec ns1 ip neigh show
sudo ip netns exec ns1 ping -c 6 -i 0.7 192.0.2.77
sudo ip netns exec ns1 ping -c 2 -i 0.5 -W 1 192.0.2.78
sudo ip netns exec ns1 ip neigh show 192.0.2.78
sudo ip netns exec ns1 ip neigh show 192.0.2.77
sudo ip netns exec ns1 ping -c 4 192.0.2.2
sudo ip netns exec ns1 ip neigh show 192.0.2.78
sudo ip netns exec ns1 ip neigh show 192.0.2.2
