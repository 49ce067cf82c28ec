# A host cut off from the bridge: `ip link set ns3-br0 nomaster` takes its
# port out, and with it what the bridge had learnt there. ns1 still has ns3
# in its ARP cache, so its next echo requests are unknown unicast to the
# bridge: flooded to the one port left (ns2's, whose frames show them) and
# answered by nobody.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip netns add ns3
sudo ip netns add bridge
sudo ip link add ns1-veth0 type veth peer name ns1-br0
sudo ip link add ns2-veth0 type veth peer name ns2-br0
sudo ip link add ns3-veth0 type veth peer name ns3-br0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip link set ns3-veth0 netns ns3
sudo ip link set ns1-br0 netns bridge
sudo ip link set ns2-br0 netns bridge
sudo ip link set ns3-br0 netns bridge
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns3 ip address add 192.0.2.3/24 dev ns3-veth0
sudo ip netns exec ns1 ip link set dev ns1-veth0 address 00:00:5e:00:53:01
sudo ip netns exec ns2 ip link set dev ns2-veth0 address 00:00:5e:00:53:02
sudo ip netns exec ns3 ip link set dev ns3-veth0 address 00:00:5e:00:53:03
sudo ip netns exec bridge ip link add br0 type bridge
sudo ip netns exec bridge ip link set br0 up
sudo ip netns exec bridge ip link set ns1-br0 master br0
sudo ip netns exec bridge ip link set ns2-br0 master br0
sudo ip netns exec bridge ip link set ns3-br0 master br0
sudo ip netns exec bridge ip link set ns1-br0 up
sudo ip netns exec bridge ip link set ns2-br0 up
sudo ip netns exec bridge ip link set ns3-br0 up
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns3 ip link set ns3-veth0 up
sudo ip netns exec ns1 ping -c 1 192.0.2.3
sudo ip netns exec bridge bridge fdb show dev ns3-br0 | grep 00:00:5e
sudo ip netns exec bridge ip link set ns3-br0 nomaster
sudo ip netns exec bridge bridge link show
sudo ip netns exec bridge ip link show ns3-br0
sudo ip netns exec bridge bridge fdb show dev ns3-br0
sudo ip netns exec ns1 ip neigh show 192.0.2.3
sudo ip netns exec ns1 ping -c 2 -W 1 192.0.2.3
sudo ip netns exec bridge bridge fdb show br br0 | grep 00:00:5e
