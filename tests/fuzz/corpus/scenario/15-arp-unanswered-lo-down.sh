# ARP for an on-link address nobody has, with lo down (a new namespace's default): 3 broadcast requests 1 s apart, then FAILED, but no "Destination Host Unreachable" lines and ping waits 10 s for replies.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ip neigh show
sudo ip netns exec ns1 ping -c 3 192.0.2.77
sudo ip netns exec ns1 ip neigh show
