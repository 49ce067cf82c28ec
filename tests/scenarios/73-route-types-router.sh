# Route types on a router, seen from the host behind it: an unreachable route answers Destination Host Unreachable, a prohibit route Packet filtered, a throw that finds nothing Destination Net Unreachable, a blackhole route nothing at all. The same rejects as rules: unreachable gives Net Unreachable, prohibit Packet filtered, blackhole silence. Each error waits 2 s behind a blackholed ping, far from the router's ICMP rate limit; the route gets and rules come first, so no ping goes out near the router's unicast ARP probe at 5 s.
ip netns add h
ip netns add r
ip link add h-eth0 type veth peer name r-eth0
ip link set h-eth0 netns h
ip link set r-eth0 netns r
ip -n h link set h-eth0 up
ip -n r link set r-eth0 up
ip -n h link set lo up
ip -n h address add 192.0.2.1/24 dev h-eth0
ip -n r address add 192.0.2.254/24 dev r-eth0
ip -n h route add default via 192.0.2.254
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r route add blackhole 10.1.0.0/16
ip -n r route add unreachable 10.2.0.0/16
ip -n r route add prohibit 10.3.0.0/16
ip -n r route add throw 10.4.0.0/16
ip -n r route get 10.2.0.1 from 192.0.2.1 iif r-eth0
ip -n r route get 10.3.0.1 from 192.0.2.1 iif r-eth0
ip -n r route get 10.4.0.1 from 192.0.2.1 iif r-eth0
ip -n r route get 10.1.0.1 from 192.0.2.1 iif r-eth0
ip -n r rule add to 10.5.0.0/16 unreachable pref 10
ip -n r rule add to 10.6.0.0/16 prohibit pref 11
ip -n r rule add to 10.7.0.0/16 blackhole pref 12
ip -n r rule
ip netns exec h ping -c 1 -W 1 10.2.0.1
ip netns exec h ping -c 1 -W 2 10.1.0.1
ip netns exec h ping -c 1 -W 1 10.3.0.1
ip netns exec h ping -c 1 -W 2 10.1.0.2
ip netns exec h ping -c 1 -W 1 10.4.0.1
ip netns exec h ping -c 1 -W 2 10.7.0.1
ip netns exec h ping -c 1 -W 1 10.5.0.1
ip netns exec h ping -c 1 -W 2 10.7.0.2
ip netns exec h ping -c 1 -W 1 10.6.0.1
ip netns exec r ping -c 1 10.5.0.1
ip netns exec r ping -c 1 10.6.0.1
ip netns exec r ping -c 1 10.7.0.1
