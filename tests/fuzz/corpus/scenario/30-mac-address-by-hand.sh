# MAC addresses set by hand before the links come up: `ip link show` prints them, the neighbour tables learn them and every frame carries them.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set dev ns1-veth0 address 02:00:00:00:00:0a
sudo ip netns exec ns2 ip link set dev ns2-veth0 address 02:00:00:00:00:0b
sudo ip netns exec ns1 ip link show ns1-veth0
sudo ip netns exec ns2 ip link show ns2-veth0
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address show ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ping -c 2 192.0.2.2
sudo ip netns exec ns1 ip neigh show
sudo ip netns exec ns2 ip neigh show
sudo ip netns exec ns1 ip link set dev ns1-veth0 address 02:00:00:00:00:0c
sudo ip netns exec ns1 ip link show ns1-veth0
sudo ip netns exec ns1 ping -c 1 192.0.2.2
sudo ip netns exec ns2 ip neigh show
