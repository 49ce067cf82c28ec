# A route with a device and no gateway makes a foreign subnet on-link: the host ARPs for the destination itself, from its primary address.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 10.9.9.9/24 dev ns2-veth0
sudo ip netns exec ns1 ip route add 10.9.9.0/24 dev ns1-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ip route get 10.9.9.9
sudo ip netns exec ns1 ping -c 2 -W 1 10.9.9.9
sudo ip netns exec ns2 ip neigh show
sudo ip netns exec ns2 ip route add 192.0.2.0/24 dev ns2-veth0
sudo ip netns exec ns2 ip route show
sudo ip netns exec ns1 ping -c 2 10.9.9.9
sudo ip netns exec ns1 ip neigh show
sudo ip netns exec ns2 ip neigh show
