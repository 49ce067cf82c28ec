# ping options: -c, -i 0.2, -q, -I DEV and -I ADDR (header line), -W 1, and options written before or after the destination.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ping -c 3 -i 0.2 192.0.2.2
sudo ip netns exec ns1 ping 192.0.2.2 -c 2 -q
sudo ip netns exec ns1 ping -q -c 2 -i 0.2 192.0.2.2
sudo ip netns exec ns1 ping -c 1 -I ns1-veth0 192.0.2.2
sudo ip netns exec ns1 ping -I 192.0.2.1 192.0.2.2 -c 1
sudo ip netns exec ns1 ping -W 1 -c 1 192.0.2.2
sudo ip netns exec ns1 ping -c 4 -i 0.5 -W 1 192.0.2.9
sudo ip netns exec ns1 ip neigh show 192.0.2.9
