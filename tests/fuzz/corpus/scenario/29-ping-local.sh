# Pinging the namespace's own addresses never touches the wire: it needs lo up (with lo down the packets vanish), and the replies come back with ttl=64.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ip route show table local
sudo ip netns exec ns1 ip route get 192.0.2.1
sudo ip netns exec ns1 ping -c 2 -W 1 192.0.2.1
sudo ip netns exec ns1 ping -c 1 127.0.0.1
sudo ip netns exec ns1 ip link set lo up
sudo ip netns exec ns1 ip address show lo
sudo ip netns exec ns1 ip route show table local
sudo ip netns exec ns1 ip route get 192.0.2.1
sudo ip netns exec ns1 ping -c 2 192.0.2.1
sudo ip netns exec ns1 ping -c 1 127.0.0.1
sudo ip netns exec ns1 ping -c 1 127.0.0.2
sudo ip netns exec ns1 ping -c 1 -I 127.0.0.1 192.0.2.1
sudo ip netns exec ns1 ping -c 1 192.0.2.2
