# Address errors: adding an address twice, deleting one that is not there, bad addresses and unknown devices.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.1/25 dev ns1-veth0
sudo ip netns exec ns1 ip address del 192.0.2.99/24 dev ns1-veth0
sudo ip netns exec ns1 ip address del 192.0.2.1/25 dev ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.300/24 dev ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.5/33 dev ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.5/24 dev x
sudo ip netns exec ns1 ip address add 192.0.2.5/24
sudo ip netns exec ns1 ip address del 192.0.2.5/24 dev x
sudo ip netns exec ns1 ip link set x up
sudo ip netns exec ns1 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address show dev x
sudo ip netns exec ns2 ip address add 192.0.2.1/24 dev ns2-veth0
sudo ip netns exec ns1 ip address show
sudo ip netns exec ns1 ip address del 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip address del 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip address show
