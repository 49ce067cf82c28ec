# Ageing: a bridge whose learnt entries live 3 s (ageing_time 300, in
# hundredths of a second). With the neighbours set by hand and IPv6 off
# nothing but the pings crosses, so 4 s after the ping the bridge has
# forgotten both hosts, and the next request floods to ns3 again (tcpdump
# starts well after the bridge's own IGMP reports). The ports' own
# addresses are permanent and never age.
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
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ip neigh add 192.0.2.2 lladdr 00:00:5e:00:53:02 dev ns1-veth0
sudo ip netns exec ns2 ip neigh add 192.0.2.1 lladdr 00:00:5e:00:53:01 dev ns2-veth0
sudo ip netns exec bridge ip link add br0 type bridge ageing_time 300
sudo ip netns exec bridge ip -d link show br0 | grep -o 'ageing_time [0-9]*'
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
sudo ip netns exec ns1 ping -c 1 192.0.2.2
sudo ip netns exec bridge bridge fdb show br br0 | grep -v self
sleep 4
sudo ip netns exec bridge bridge fdb show br br0 | grep -v self
sudo ip netns exec ns3 tcpdump -tnel -i ns3-veth0
sleep 1
sudo ip netns exec ns1 ping -c 1 192.0.2.2
sudo ip netns exec bridge bridge fdb show br br0 | grep -c 00:00:5e
