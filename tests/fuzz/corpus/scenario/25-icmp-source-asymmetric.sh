# ICMP error source address: when router1's way back to the sender leaves by another interface, its errors come from that interface's primary address (unless icmp_errors_use_inbound_ifaddr=1), while echo replies keep the pinged address.
sudo ip netns add ns1
sudo ip netns add router1
sudo ip netns add router2
sudo ip link add ns1-veth0 type veth peer name gw1-veth0
sudo ip link add gw1-veth1 type veth peer name gw2-veth0
sudo ip link add gw2-veth1 type veth peer name ns1-veth1
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns1-veth1 netns ns1
sudo ip link set gw1-veth0 netns router1
sudo ip link set gw1-veth1 netns router1
sudo ip link set gw2-veth0 netns router2
sudo ip link set gw2-veth1 netns router2
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns1 ip link set ns1-veth1 up
sudo ip netns exec router1 ip link set gw1-veth0 up
sudo ip netns exec router1 ip link set gw1-veth1 up
sudo ip netns exec router2 ip link set gw2-veth0 up
sudo ip netns exec router2 ip link set gw2-veth1 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip address add 172.16.0.1/24 dev ns1-veth1
sudo ip netns exec router1 ip address add 192.0.2.254/24 dev gw1-veth0
sudo ip netns exec router1 ip address add 203.0.113.1/24 dev gw1-veth1
sudo ip netns exec router2 ip address add 203.0.113.2/24 dev gw2-veth0
sudo ip netns exec router2 ip address add 172.16.0.2/24 dev gw2-veth1
sudo ip netns exec ns1 ip route add 10.60.0.0/16 via 192.0.2.254
sudo ip netns exec ns1 ip route add 10.61.0.0/16 via 192.0.2.254
sudo ip netns exec router1 ip route add 10.60.0.0/16 via 203.0.113.2
sudo ip netns exec router1 ip route add 192.0.2.1/32 via 203.0.113.2
sudo ip netns exec router2 ip route add 192.0.2.1/32 via 172.16.0.1
sudo ip netns exec router1 sysctl -w net.ipv4.ip_forward=1
sudo ip netns exec router2 sysctl -w net.ipv4.ip_forward=1
sudo ip netns exec router1 ip route get 192.0.2.1
sudo ip netns exec ns1 ping -c 2 -t 1 10.60.0.1
sudo ip netns exec ns1 ping -c 1 10.61.0.1
sudo ip netns exec ns1 ping -c 1 192.0.2.254
sudo ip netns exec router1 sysctl net.ipv4.icmp_errors_use_inbound_ifaddr
sudo ip netns exec router1 sysctl -w net.ipv4.icmp_errors_use_inbound_ifaddr=1
sudo ip netns exec ns1 ping -c 2 -t 1 10.60.0.1
sudo ip netns exec ns1 ping -c 1 10.61.0.1
