# Two LANs, each a bridge, joined by the router that holds both: br0 with
# ns1 and ns2 (192.0.2.0/24), br1 with ns3 and ns4 (198.51.100.0/24), the
# gateway addresses on the bridges themselves. Each bridge learns the hosts
# of its own LAN and the other bridge's address never: routed frames leave
# with the outgoing bridge's address. `ip link show type bridge` and
# `bridge link show` list both.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip netns add ns3
sudo ip netns add ns4
sudo ip netns add router
sudo ip link add ns1-veth0 type veth peer name ns1-br0
sudo ip link add ns2-veth0 type veth peer name ns2-br0
sudo ip link add ns3-veth0 type veth peer name ns3-br1
sudo ip link add ns4-veth0 type veth peer name ns4-br1
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip link set ns3-veth0 netns ns3
sudo ip link set ns4-veth0 netns ns4
sudo ip link set ns1-br0 netns router
sudo ip link set ns2-br0 netns router
sudo ip link set ns3-br1 netns router
sudo ip link set ns4-br1 netns router
sudo ip netns exec ns1 ip link set dev ns1-veth0 address 00:00:5e:00:53:01
sudo ip netns exec ns2 ip link set dev ns2-veth0 address 00:00:5e:00:53:02
sudo ip netns exec ns3 ip link set dev ns3-veth0 address 00:00:5e:00:53:03
sudo ip netns exec ns4 ip link set dev ns4-veth0 address 00:00:5e:00:53:04
sudo ip netns exec router ip link add br0 type bridge
sudo ip netns exec router ip link add br1 type bridge
sudo ip netns exec router ip link set ns1-br0 master br0
sudo ip netns exec router ip link set ns2-br0 master br0
sudo ip netns exec router ip link set ns3-br1 master br1
sudo ip netns exec router ip link set ns4-br1 master br1
sudo ip netns exec router ip link set br0 up
sudo ip netns exec router ip link set br1 up
sudo ip netns exec router ip link set ns1-br0 up
sudo ip netns exec router ip link set ns2-br0 up
sudo ip netns exec router ip link set ns3-br1 up
sudo ip netns exec router ip link set ns4-br1 up
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns3 ip link set ns3-veth0 up
sudo ip netns exec ns4 ip link set ns4-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns3 ip address add 198.51.100.3/24 dev ns3-veth0
sudo ip netns exec ns4 ip address add 198.51.100.4/24 dev ns4-veth0
sudo ip netns exec router ip address add 192.0.2.254/24 dev br0
sudo ip netns exec router ip address add 198.51.100.254/24 dev br1
sudo ip netns exec ns1 ip route add default via 192.0.2.254
sudo ip netns exec ns2 ip route add default via 192.0.2.254
sudo ip netns exec ns3 ip route add default via 198.51.100.254
sudo ip netns exec ns4 ip route add default via 198.51.100.254
sudo ip netns exec router sysctl -w net.ipv4.ip_forward=1
sudo ip netns exec ns1 ping -c 2 198.51.100.3
sudo ip netns exec ns4 ping -c 2 192.0.2.2
sudo ip netns exec router ip link show type bridge
sudo ip netns exec router bridge link show
sudo ip netns exec router bridge fdb show br br0 | grep 00:00:5e
sudo ip netns exec router bridge fdb show br br1 | grep 00:00:5e
sudo ip netns exec router ip route
