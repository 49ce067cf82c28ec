# tcpdump on the bridge's ports, each with a filter compiled by libpcap:
# `arp` on ns1's port, `icmp` on ns2's, `host 192.0.2.1 and not icmp` (the
# ARP frames that name ns1) with -e on ns3's. A port's capture sees what
# enters from its host and what the bridge sends out to it: ns3's port
# sees the broadcasts and nothing of the echoes between ns1 and ns2.
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
sudo ip netns exec bridge tcpdump -tn -i ns1-br0 arp
sudo ip netns exec bridge tcpdump -tn -i ns2-br0 icmp
sudo ip netns exec bridge tcpdump -tne -i ns3-br0 host 192.0.2.1 and not icmp
sleep 1
sudo ip netns exec ns1 ping -c 2 192.0.2.2
sudo ip netns exec ns3 ping -c 1 192.0.2.1
