# A route by nexthop object that cannot serve the flow hides the shorter prefixes of its own network address: `ip route get … oif DEV` when no member of the nexthop is on DEV jumps to fib_table_lookup()'s `miss` and backtracks past its trie leaf, so 10.0.0.0/8 via a gateway on DEV is never tried and the kernel answers "on link" through DEV; a prefix of another address (10.1.0.0/16) still answers, and once the /9 is gone the /8 does. Found by the differential test tests/routediff.
ip netns add h
ip netns add p
ip link add h-eth1 type veth peer name p-eth1
ip link add h-eth2 type veth peer name p-eth2
ip link set h-eth1 netns h
ip link set h-eth2 netns h
ip link set p-eth1 netns p
ip link set p-eth2 netns p
ip -n h link set h-eth1 up
ip -n h link set h-eth2 up
ip -n p link set p-eth1 up
ip -n p link set p-eth2 up
ip -n h address add 10.255.1.1/24 dev h-eth1
ip -n h address add 10.255.2.1/24 dev h-eth2
ip -n p address add 10.255.1.2/24 dev p-eth1
ip -n p address add 10.255.2.2/24 dev p-eth2
ip -n h nexthop add id 1 via 10.255.1.2 dev h-eth1
ip -n h route add 10.0.0.0/9 nhid 1
ip -n h route add 10.0.0.0/8 via 10.255.2.2 dev h-eth2
ip -n h route get 10.1.2.3
ip -n h route get 10.1.2.3 oif h-eth2
ip -n h route get 10.200.2.3 oif h-eth2
ip -n h route get 10.1.2.3 oif h-eth1
ip -n h route add 10.1.0.0/16 via 10.255.2.2 dev h-eth2
ip -n h route get 10.1.2.3 oif h-eth2
ip -n h route get 10.2.2.3 oif h-eth2
ip -n h route del 10.0.0.0/9
ip -n h route get 10.2.2.3 oif h-eth2
ip -n h route
