# ECMP: a host reaches 198.51.100.0/24 over two routers with one multipath route (weights 1 and 1), listed with a line per path. With net.ipv4.fib_multipath_hash_seed fixed the kernel's choice is reproducible: each destination's pings take one path, the same every time (hash policy 0: the addresses); the source follows the path, and a ping bound to an address takes the path that owns it. ip route get agrees with the frames. Policy 1 adds the ports: UDP flows to one address spread over both paths. One path's link down: the path is dead and linkdown, all flows take the other; up again, it returns.
ip netns add h
ip netns add r1
ip netns add r2
ip netns add far
ip link add h-eth1 type veth peer name r1-eth0
ip link add h-eth2 type veth peer name r2-eth0
ip link add r1-eth1 type veth peer name far-eth1
ip link add r2-eth1 type veth peer name far-eth2
ip link set h-eth1 netns h
ip link set h-eth2 netns h
ip link set r1-eth0 netns r1
ip link set r1-eth1 netns r1
ip link set r2-eth0 netns r2
ip link set r2-eth1 netns r2
ip link set far-eth1 netns far
ip link set far-eth2 netns far
ip -n h link set lo up
ip -n h link set h-eth1 up
ip -n h link set h-eth2 up
ip -n r1 link set r1-eth0 up
ip -n r1 link set r1-eth1 up
ip -n r2 link set r2-eth0 up
ip -n r2 link set r2-eth1 up
ip -n far link set lo up
ip -n far link set far-eth1 up
ip -n far link set far-eth2 up
ip -n h address add 10.0.1.1/24 dev h-eth1
ip -n h address add 10.0.2.1/24 dev h-eth2
ip -n r1 address add 10.0.1.2/24 dev r1-eth0
ip -n r1 address add 10.0.13.1/24 dev r1-eth1
ip -n r2 address add 10.0.2.2/24 dev r2-eth0
ip -n r2 address add 10.0.23.2/24 dev r2-eth1
ip -n far address add 10.0.13.3/24 dev far-eth1
ip -n far address add 10.0.23.3/24 dev far-eth2
ip -n far route add local 198.51.100.0/24 dev lo
ip -n far route add default via 10.0.13.1
ip -n far route add 10.0.2.0/24 via 10.0.23.2
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip -n r1 route add 198.51.100.0/24 via 10.0.13.3
ip -n r2 route add 198.51.100.0/24 via 10.0.23.3
ip -n h route add 198.51.100.0/24 nexthop via 10.0.1.2 dev h-eth1 nexthop via 10.0.2.2 dev h-eth2
ip -n h route
ip netns exec h sysctl net.ipv4.fib_multipath_hash_policy
ip netns exec h sysctl -w net.ipv4.fib_multipath_hash_seed=5
ip netns exec h ping -c 2 -i 0.2 198.51.100.1
ip netns exec h ping -c 2 -i 0.2 198.51.100.2
ip netns exec h ping -c 2 -i 0.2 198.51.100.3
ip netns exec h ping -c 2 -i 0.2 198.51.100.4
ip netns exec h ping -c 1 -I 10.0.1.1 198.51.100.5
ip netns exec h ping -c 1 -I 10.0.2.1 198.51.100.5
ip -n h route get 198.51.100.1
ip -n h route get 198.51.100.3
ip -n h route get 198.51.100.3
ip -n h route get 198.51.100.4
ip -n h route get 198.51.100.5 from 10.0.2.1
ip -n h route get 198.51.100.9 ipproto udp sport 1000 dport 53
ip -n h route get 198.51.100.9 ipproto udp sport 1001 dport 53
ip -n h route get 198.51.100.9 ipproto udp sport 1002 dport 53
ip -n h route get 198.51.100.9 ipproto udp sport 1003 dport 53
ip netns exec h sysctl -w net.ipv4.fib_multipath_hash_policy=1
ip -n h route get 198.51.100.9 ipproto udp sport 1000 dport 53
ip -n h route get 198.51.100.9 ipproto udp sport 1001 dport 53
ip -n h route get 198.51.100.9 ipproto udp sport 1002 dport 53
ip -n h route get 198.51.100.9 ipproto udp sport 1003 dport 53
ip -n h route get 198.51.100.9 ipproto tcp sport 1003 dport 53
ip netns exec h sysctl -w net.ipv4.fib_multipath_hash_policy=4
ip -n h link set h-eth2 down
ip -n h route
ip -n h route get 198.51.100.3
ip netns exec h ping -c 1 198.51.100.3
ip -n h link set h-eth2 up
ip -n h route
ip -n h route get 198.51.100.3
ip netns exec h ping -c 1 198.51.100.3
