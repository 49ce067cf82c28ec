# Longest-prefix match: a /24 via one router beats a /16 via another, which beats the default route; `ip route get` and the link the pings take agree.
sudo ip netns add ns1
sudo ip netns add gwa
sudo ip netns add gwb
sudo ip link add ns1-veth0 type veth peer name gwa-veth0
sudo ip link add ns1-veth1 type veth peer name gwb-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns1-veth1 netns ns1
sudo ip link set gwa-veth0 netns gwa
sudo ip link set gwb-veth0 netns gwb
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns1 ip link set ns1-veth1 up
sudo ip netns exec gwa ip link set gwa-veth0 up
sudo ip netns exec gwb ip link set gwb-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns1 ip address add 203.0.113.1/24 dev ns1-veth1
sudo ip netns exec gwa ip address add 192.0.2.254/24 dev gwa-veth0
sudo ip netns exec gwa ip address add 10.1.2.3/32 dev gwa-veth0
sudo ip netns exec gwa ip address add 10.1.9.9/32 dev gwa-veth0
sudo ip netns exec gwa ip address add 10.200.0.1/32 dev gwa-veth0
sudo ip netns exec gwb ip address add 203.0.113.254/24 dev gwb-veth0
sudo ip netns exec gwb ip address add 10.1.2.3/32 dev gwb-veth0
sudo ip netns exec ns1 ip route add default via 192.0.2.254
sudo ip netns exec ns1 ip route add 10.1.0.0/16 via 192.0.2.254
sudo ip netns exec ns1 ip route add 10.1.2.0/24 via 203.0.113.254
sudo ip netns exec ns1 ip route show
sudo ip netns exec ns1 ip route get 10.1.2.3
sudo ip netns exec ns1 ip route get 10.1.9.9
sudo ip netns exec ns1 ip route get 10.200.0.1
sudo ip netns exec ns1 ip route get 203.0.113.254
sudo ip netns exec ns1 ping -c 2 10.1.2.3
sudo ip netns exec ns1 ping -c 2 10.1.9.9
sudo ip netns exec ns1 ping -c 1 10.200.0.1
sudo ip netns exec ns1 ip route del 10.1.2.0/24
sudo ip netns exec ns1 ip route get 10.1.2.3
sudo ip netns exec ns1 ping -c 1 10.1.2.3
sudo ip netns exec ns1 ip route show
