# Several addresses on one interface: the first in a subnet is primary, later ones are "secondary"; sources follow the primary or the route's src; deleting a primary deletes its secondaries (unless promote_secondaries=1), deleting an address drops the routes that use it.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip address add 198.51.100.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.11/24 dev ns1-veth0
sudo ip netns exec ns1 ip address add 192.0.2.12/24 dev ns1-veth0
sudo ip netns exec ns1 ip address add 198.51.100.11/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns2 ip address add 198.51.100.2/24 dev ns2-veth0
sudo ip netns exec ns2 ip address add 10.30.0.1/32 dev ns2-veth0
sudo ip netns exec ns2 ip address add 10.40.0.1/32 dev ns2-veth0
sudo ip netns exec ns1 ip -4 address show ns1-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ip route add 10.30.0.0/16 via 192.0.2.2 src 192.0.2.11
sudo ip netns exec ns1 ip route add 10.40.0.0/16 via 192.0.2.2
sudo ip netns exec ns1 ip route add 10.31.0.0/16 via 192.0.2.2 src 198.51.100.11
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ip route get 192.0.2.2
sudo ip netns exec ns1 ip route get 198.51.100.2
sudo ip netns exec ns1 ip route get 10.30.0.1
sudo ip netns exec ns1 ip route get 10.40.0.1
sudo ip netns exec ns1 ip route get 10.31.0.1
sudo ip netns exec ns1 ping -c 1 192.0.2.2
sudo ip netns exec ns1 ping -c 1 198.51.100.2
sudo ip netns exec ns1 ping -c 1 10.30.0.1
sudo ip netns exec ns1 ping -c 1 10.40.0.1
sudo ip netns exec ns1 ping -c 1 -I 192.0.2.12 192.0.2.2
sudo ip netns exec ns1 ip address del 192.0.2.11/24 dev ns1-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 sysctl net.ipv4.conf.ns1-veth0.promote_secondaries
sudo ip netns exec ns1 ip address del 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip -4 address show ns1-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ip route get 10.40.0.1
sudo ip netns exec ns1 sysctl -w net.ipv4.conf.ns1-veth0.promote_secondaries=1
sudo ip netns exec ns1 ip address add 198.51.100.12/24 dev ns1-veth0
sudo ip netns exec ns1 ip address del 198.51.100.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip -4 address show ns1-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ping -c 1 198.51.100.2
