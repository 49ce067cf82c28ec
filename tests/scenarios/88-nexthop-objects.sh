# Nexthop objects: `ip nexthop add` of single nexthops (scope link with a gateway, host without), blackholes (refused while lo is down: their device is the loopback) and groups with weights; every error the kernel and iproute2 give (members that do not exist or repeat, a blackhole in a group of two, a group in a group, weights 0 and 257, a gateway off the link, no device, onlink without a gateway, add over an existing id, del without an id); replace, ids chosen by the kernel, `show id|dev|groups|protocol`, `get`. Routes name them with `nhid` (not together with via/dev); a group of one prints like a single nexthop, a blackhole nexthop makes a blackhole route. Pings through a group; deleting a member shrinks the group and moves the flows; a group that loses its last member dies with its routes; the link going down removes the nexthops on it; `flush`.
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
ip -n p link set lo up
ip -n p link set p-eth1 up
ip -n p link set p-eth2 up
ip -n h address add 10.0.1.1/24 dev h-eth1
ip -n h address add 10.0.2.1/24 dev h-eth2
ip -n p address add 10.0.1.2/24 dev p-eth1
ip -n p address add 10.0.2.2/24 dev p-eth2
ip -n p route add local 198.51.100.0/24 dev lo
ip -n h nexthop add id 3 blackhole
ip -n h link set lo up
ip -n h nexthop add id 3 blackhole
ip -n h nexthop add id 4 blackhole
ip -n h nexthop add id 1 via 10.0.1.2 dev h-eth1
ip -n h nexthop add id 2 via 10.0.2.2 dev h-eth2
ip -n h nexthop add id 5 group 3
ip -n h nexthop add id 6 group 3/1
ip -n h nexthop add id 6 group 1/1
ip -n h nexthop add id 6 group 1/99
ip -n h nexthop add id 6 group 1,0
ip -n h nexthop add id 6 group 1,257
ip -n h nexthop add id 6 group 1,3/2
ip -n h nexthop add id 7 group 6
ip -n h nexthop add id 8 via 10.0.9.2 dev h-eth1
ip -n h nexthop add id 8 via 10.0.1.2
ip -n h nexthop add id 8 dev h-eth9
ip -n h nexthop add id 1 via 10.0.1.3 dev h-eth1
ip -n h nexthop replace id 1 via 10.0.1.3 dev h-eth1
ip -n h nexthop add via 10.0.1.4 dev h-eth1
ip -n h nexthop add id 0 via 10.0.1.5 dev h-eth1
ip -n h nexthop add id x via 10.0.1.4 dev h-eth1
ip -n h nexthop add id 9 dev h-eth2
ip -n h nexthop add id 12 via 10.0.1.2 dev h-eth1 onlink
ip -n h nexthop add id 13 dev h-eth2 onlink
ip -n h nexthop add id 14 group 1 type foo
ip -n h nexthop add id 14 group 1 bogus
ip -n h nexthop add id 20 via 10.0.2.2 dev h-eth2 proto static
ip -n h nexthop
ip -n h nexthop replace id 1 via 10.0.1.2 dev h-eth1
ip -n h nexthop del id 77
ip -n h nexthop del
ip -n h nexthop get id 77
ip -n h nexthop get id 6
ip -n h nexthop show id 5
ip -n h nexthop show dev h-eth9
ip -n h nexthop show dev h-eth2
ip -n h nexthop show groups
ip -n h nexthop show protocol static
ip -n h nexthop show protocol 4
ip -n h nexthop foo
ip -n h route add 10.7.0.0/16 nhid 3
ip -n h route add 10.6.0.0/16 nhid 77
ip -n h route add 10.6.0.0/16 nhid 1 via 10.0.1.2
ip -n h route add 10.6.0.0/16 nhid 1 dev h-eth1
ip -n h route add 10.6.0.0/16 nhid x
ip -n h route add 198.51.100.0/24 nhid 6
ip -n h route add 203.0.113.0/24 nhid 5
ip -n h route add 192.0.2.0/24 nhid 9
ip -n h route
ip -n h route get 10.7.1.1
ip -n h route get 203.0.113.1
ip -n h route get 192.0.2.1
ip netns exec h ping -c 1 10.7.1.1
ip netns exec h sysctl -w net.ipv4.fib_multipath_hash_seed=5
ip netns exec h ping -c 1 198.51.100.1
ip netns exec h ping -c 1 198.51.100.2
ip netns exec h ping -c 1 198.51.100.3
ip netns exec h ping -c 1 198.51.100.4
ip -n h nexthop del id 2
ip -n h nexthop show id 6
ip -n h route
ip netns exec h ping -c 1 198.51.100.1
ip netns exec h ping -c 1 198.51.100.2
ip netns exec h ping -c 1 198.51.100.3
ip netns exec h ping -c 1 198.51.100.4
ip -n h nexthop del id 3
ip -n h nexthop
ip -n h route
ip -n h link set h-eth1 down
ip -n h nexthop
ip -n h route
ip -n h nexthop flush
ip -n h nexthop
ip -n h nexthop flush
