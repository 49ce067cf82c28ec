# Connected routes follow the link: none while down, "linkdown" while the peer is down, plain when both ends are up, gone on down; a peer that is down loses pings silently.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ip link show ns1-veth0
sudo ip netns exec ns1 ip address show ns1-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns1 ip link show ns1-veth0
sudo ip netns exec ns1 ip address show ns1-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ping -c 1 -W 4 192.0.2.2
sudo ip netns exec ns1 ip neigh show
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip link show ns1-veth0
sudo ip netns exec ns2 ip link show ns2-veth0
sudo ip netns exec ns1 ip address show ns1-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ping -c 4 192.0.2.2
sudo ip netns exec ns1 ip address show ns1-veth0
sudo ip netns exec ns2 ip link set ns2-veth0 down
sudo ip netns exec ns1 ip link show ns1-veth0
sudo ip netns exec ns1 ip address show ns1-veth0
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ping -c 2 -W 1 192.0.2.2
sudo ip netns exec ns1 ip link set ns1-veth0 down
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ip address show ns1-veth0
sudo ip netns exec ns1 ping -c 1 192.0.2.2
