# A router whose inside interface is a bridge: br0 joins ns1 and ns2 in the
# router's namespace and holds their gateway address, 192.0.2.254; ns3 is
# outside. ARP for the gateway is answered by br0 with its own address
# (that of its lowest port), pings to ns3 are routed through it. tcpdump on
# br0 puts it in promiscuous mode: it sees the echoes it routes, both
# ways, and also those between ns1 and ns2, which it only bridges.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip netns add ns3
sudo ip netns add router
sudo ip link add ns1-veth0 type veth peer name ns1-br0
sudo ip link add ns2-veth0 type veth peer name ns2-br0
sudo ip link add ns3-veth0 type veth peer name router-ns3
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip link set ns3-veth0 netns ns3
sudo ip link set ns1-br0 netns router
sudo ip link set ns2-br0 netns router
sudo ip link set router-ns3 netns router
sudo ip netns exec ns1 ip link set dev ns1-veth0 address 00:00:5e:00:53:01
sudo ip netns exec ns2 ip link set dev ns2-veth0 address 00:00:5e:00:53:02
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns3 ip link set ns3-veth0 up
sudo ip netns exec router ip link add br0 type bridge
sudo ip netns exec router ip link set ns1-br0 master br0
sudo ip netns exec router ip link set ns2-br0 master br0
sudo ip netns exec router ip link set br0 up
sudo ip netns exec router ip link set ns1-br0 up
sudo ip netns exec router ip link set ns2-br0 up
sudo ip netns exec router ip link set router-ns3 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns3 ip address add 198.51.100.1/24 dev ns3-veth0
sudo ip netns exec router ip address add 192.0.2.254/24 dev br0
sudo ip netns exec router ip address add 198.51.100.254/24 dev router-ns3
sudo ip netns exec ns1 ip route add default via 192.0.2.254
sudo ip netns exec ns2 ip route add default via 192.0.2.254
sudo ip netns exec ns3 ip route add default via 198.51.100.254
sudo ip netns exec router sysctl -w net.ipv4.ip_forward=1
sudo ip netns exec router ip route
sudo ip netns exec ns1 ping -c 2 198.51.100.1
sudo ip netns exec router ip neigh show dev br0 192.0.2.1
sudo ip netns exec router bridge fdb show br br0 | grep 00:00:5e
sudo ip netns exec router ip route get 192.0.2.2
sudo ip netns exec router tcpdump -tn -i br0 icmp
sudo ip netns exec ns2 ping -c 1 198.51.100.1
sudo ip netns exec ns1 ping -c 1 192.0.2.2
