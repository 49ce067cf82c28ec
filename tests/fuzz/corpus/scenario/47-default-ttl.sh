# net.ipv4.ip_default_ttl is the TTL of what a namespace sends without asking for one: its echo replies, its ICMP errors and a ping without -t; 0 and 256 are refused.
sudo ip netns add dttl-a
sudo ip netns add dttl-r
sudo ip netns add dttl-b
sudo ip link add dttl-a0 type veth peer name dttl-r0
sudo ip link add dttl-b0 type veth peer name dttl-r1
sudo ip link set dttl-a0 netns dttl-a
sudo ip link set dttl-r0 netns dttl-r
sudo ip link set dttl-r1 netns dttl-r
sudo ip link set dttl-b0 netns dttl-b
sudo ip netns exec dttl-a ip address add 192.0.2.1/24 dev dttl-a0
sudo ip netns exec dttl-r ip address add 192.0.2.254/24 dev dttl-r0
sudo ip netns exec dttl-r ip address add 198.51.100.254/24 dev dttl-r1
sudo ip netns exec dttl-b ip address add 198.51.100.1/24 dev dttl-b0
sudo ip netns exec dttl-a ip link set dttl-a0 up
sudo ip netns exec dttl-r ip link set dttl-r0 up
sudo ip netns exec dttl-r ip link set dttl-r1 up
sudo ip netns exec dttl-b ip link set dttl-b0 up
sudo ip netns exec dttl-a ip route add default via 192.0.2.254
sudo ip netns exec dttl-b ip route add default via 198.51.100.254
sudo ip netns exec dttl-r sysctl -w net.ipv4.ip_forward=1
sudo ip netns exec dttl-b sysctl net.ipv4.ip_default_ttl
sudo ip netns exec dttl-a ping -c 1 198.51.100.1
sudo ip netns exec dttl-b sysctl -w net.ipv4.ip_default_ttl=200
sudo ip netns exec dttl-a ping -c 1 198.51.100.1
sudo ip netns exec dttl-r sysctl -w net.ipv4.ip_default_ttl=100
sudo ip netns exec dttl-a ping -c 1 -t 1 198.51.100.1
sudo ip netns exec dttl-a sysctl -w net.ipv4.ip_default_ttl=30
sudo ip netns exec dttl-a ping -c 1 198.51.100.1
sudo ip netns exec dttl-a ping -c 1 -t 2 198.51.100.1
sudo ip netns exec dttl-b sysctl -w net.ipv4.ip_default_ttl=0
sudo ip netns exec dttl-b sysctl -w net.ipv4.ip_default_ttl=256
sudo ip netns exec dttl-b sysctl net.ipv4.ip_default_ttl
sudo ip netns del dttl-a
sudo ip netns del dttl-r
sudo ip netns del dttl-b
