# iproute2 abbreviations and the -n form: ip a, ip addr, ip a s, ip l, ip r, ip r sh, ip n, ip neigh, ip addr del, ip -n NS ...
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
ip -n ns1 link set ns1-veth0 up
ip -n ns2 l set ns2-veth0 up
ip -n ns1 addr add 192.0.2.1/24 dev ns1-veth0
ip -n ns2 a add 192.0.2.2/24 dev ns2-veth0
ip -n ns1 r add 10.20.0.0/16 via 192.0.2.2
sudo ip netns exec ns1 ping -c 4 192.0.2.2
sudo ip netns exec ns1 ip a
ip -n ns2 addr
ip -n ns1 a s ns1-veth0
ip -n ns1 addr show dev ns1-veth0
ip -n ns1 l
ip -n ns2 link show ns2-veth0
sudo ip netns exec ns1 ip r
ip -n ns1 r sh
ip -n ns1 route list
ip -n ns1 n
ip -n ns1 neigh
ip -n ns1 neighbor show
sudo ip netns exec ns1 ip addr del 192.0.2.1/24 dev ns1-veth0
ip -n ns1 r
ip -n ns1 a s ns1-veth0
