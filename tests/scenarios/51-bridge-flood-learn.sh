# Learning and flooding seen from the third host. The neighbours are set by
# hand, so no ARP runs: the first echo request to ns2 is unknown unicast to
# the bridge and goes out of every port, ns3's too; ns2's reply teaches the
# bridge where ns2 is, and the next requests reach ns2 alone. IPv6 is off
# and tcpdump starts after the bridge's own IGMP reports: ns3 sees exactly
# the one flooded request.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip netns add ns3
sudo ip netns add bridge
sudo ip netns exec ns1 sysctl -w net.ipv6.conf.all.disable_ipv6=1
sudo ip netns exec ns2 sysctl -w net.ipv6.conf.all.disable_ipv6=1
sudo ip netns exec ns3 sysctl -w net.ipv6.conf.all.disable_ipv6=1
sudo ip netns exec bridge sysctl -w net.ipv6.conf.all.disable_ipv6=1
sudo ip link add ns1-veth0 type veth peer name ns1-br0
sudo ip link add ns2-veth0 type veth peer name ns2-br0
sudo ip link add ns3-veth0 type veth peer name ns3-br0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip link set ns3-veth0 netns ns3
sudo ip link set ns1-br0 netns bridge
sudo ip link set ns2-br0 netns bridge
sudo ip link set ns3-br0 netns bridge
sudo ip netns exec ns1 ip link set dev ns1-veth0 address 00:00:5e:00:53:01
sudo ip netns exec ns2 ip link set dev ns2-veth0 address 00:00:5e:00:53:02
sudo ip netns exec ns3 ip link set dev ns3-veth0 address 00:00:5e:00:53:03
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns3 ip address add 192.0.2.3/24 dev ns3-veth0
sudo ip netns exec ns1 ip neigh add 192.0.2.2 lladdr 00:00:5e:00:53:02 dev ns1-veth0
sudo ip netns exec ns2 ip neigh add 192.0.2.1 lladdr 00:00:5e:00:53:01 dev ns2-veth0
sudo ip netns exec bridge ip link add br0 type bridge
sudo ip netns exec bridge ip link set ns1-br0 master br0
sudo ip netns exec bridge ip link set ns2-br0 master br0
sudo ip netns exec bridge ip link set ns3-br0 master br0
sudo ip netns exec bridge ip link set br0 up
sudo ip netns exec bridge ip link set ns1-br0 up
sudo ip netns exec bridge ip link set ns2-br0 up
sudo ip netns exec bridge ip link set ns3-br0 up
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns3 ip link set ns3-veth0 up
sleep 3
sudo ip netns exec bridge bridge fdb show br br0 | grep -v self
sudo ip netns exec ns3 tcpdump -tnel -i ns3-veth0
sleep 1
sudo ip netns exec ns1 ping -c 3 -i 0.5 192.0.2.2
sudo ip netns exec bridge bridge fdb show br br0 | grep 00:00:5e
