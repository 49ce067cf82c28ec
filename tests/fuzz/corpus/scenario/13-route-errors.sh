# Route validation: the exact messages for an unreachable gateway, duplicates, missing routes, unknown devices and bad prefixes; a local address is accepted as gateway (and then ARPed for on the wire).
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ip route add 10.5.0.0/16 via 192.0.2.254
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip route add 10.5.0.0/16 via 192.0.2.254
sudo ip netns exec ns1 ip route add 10.5.0.0/16 via 192.0.2.254
sudo ip netns exec ns1 ip route add 10.5.0.0/16 via 192.0.2.253
sudo ip netns exec ns1 ip route add 10.6.0.0/16 via 198.51.100.1
sudo ip netns exec ns1 ip route add 10.6.0.0/16 via 192.0.2.1
sudo ip netns exec ns1 ip route add 10.6.0.0/16 via 192.0.2.254 dev lo
sudo ip netns exec ns1 ip route add 10.6.0.0/16 dev x
sudo ip netns exec ns1 ip route add 10.6.0.0/16 via 192.0.2.254 dev x
sudo ip netns exec ns1 ip route add 10.6.0.1/16 via 192.0.2.254
sudo ip netns exec ns1 ip route add 10.6.0.0/33 via 192.0.2.254
sudo ip netns exec ns1 ip route add 10.6.0.256/24 via 192.0.2.254
sudo ip netns exec ns1 ip route add 10.6.0.0/24 via 192.0.2.300
sudo ip netns exec ns1 ip route add 10.6.0.0/24
sudo ip netns exec ns1 ip route add 10.6.0.0/24 via 192.0.2.254 src 198.51.100.1
sudo ip netns exec ns1 ip route add default via 192.0.2.254
sudo ip netns exec ns1 ip route add default via 192.0.2.253
sudo ip netns exec ns1 ip route del 10.7.0.0/16
sudo ip netns exec ns1 ip route del 10.5.0.0/16 via 192.0.2.253
sudo ip netns exec ns1 ip route del default
sudo ip netns exec ns1 ip route del default
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ip route get 10.7.0.1
sudo ip netns exec ns1 ip route get 10.6.0.1
sudo ip netns exec ns1 ping -c 1 10.6.0.1
sudo ip netns exec ns1 ip route show dev x
