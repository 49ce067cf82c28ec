# Multipath routes as typed: `nexthop via A [dev D] [weight W] [onlink]` repeated, listed with a line per path (weight 1 shown); the words iproute2 refuses (weight 0 or 257, a device that does not exist, a bare `nexthop`, a word it does not know after a path, a missing value, metric or table after the paths) and those the kernel refuses (a gateway off every link, `via` before the paths that none of them has); a route with one path is an ordinary route; the same path twice; metric and table before the paths; replace and append; delete by prefix and by path; multipath in another table in `show table all`; ip route get's ipproto, sport and dport words.
ip netns add h
ip netns add p
ip link add h-eth1 type veth peer name p-eth1
ip link add h-eth2 type veth peer name p-eth2
ip link set h-eth1 netns h
ip link set h-eth2 netns h
ip link set p-eth1 netns p
ip link set p-eth2 netns p
ip -n h link set lo up
ip -n h link set h-eth1 up
ip -n h link set h-eth2 up
ip -n p link set p-eth1 up
ip -n p link set p-eth2 up
ip -n h address add 10.0.1.1/24 dev h-eth1
ip -n h address add 10.0.2.1/24 dev h-eth2
ip -n h route add 192.0.2.0/24 nexthop via 10.0.1.2 dev h-eth1 weight 2 nexthop via 10.0.2.2 dev h-eth2
ip -n h route add 198.51.100.0/24 nexthop via 10.0.1.2 nexthop dev h-eth2
ip -n h route add 203.0.113.0/24 nexthop via 10.0.1.2 dev h-eth1
ip -n h route add 10.5.0.0/16 nexthop via 10.0.1.2 dev h-eth1 weight 0
ip -n h route add 10.5.0.0/16 nexthop via 10.0.1.2 dev h-eth1 weight 257
ip -n h route add 10.5.0.0/16 nexthop via 10.0.1.2 dev h-eth1 weight 256
ip -n h route add 10.5.0.0/16 nexthop via 10.0.1.2 dev h-eth9
ip -n h route add 10.5.0.0/16 nexthop via 10.0.9.2 dev h-eth1
ip -n h route add 10.5.0.0/16 nexthop
ip -n h route add 10.5.0.0/16 nexthop via 10.0.1.2 foo
ip -n h route add 10.5.0.0/16 nexthop via 10.0.1.2 weight
ip -n h route add 10.5.0.0/16 nexthop via
ip -n h route add 10.5.0.0/16 via 10.0.2.2 nexthop via 10.0.1.2
ip -n h route add 10.4.0.0/16 nexthop via 10.0.1.2 dev h-eth1 nexthop via 10.0.1.2 dev h-eth1
ip -n h route add 10.3.0.0/16 nexthop via 10.0.2.2 nexthop via 10.0.1.2 metric 5
ip -n h route add 10.3.0.0/16 metric 5 nexthop via 10.0.2.2 nexthop via 10.0.1.2 table 7
ip -n h route add 10.3.0.0/16 metric 5 table 7 nexthop via 10.0.2.2 nexthop via 10.0.1.2 onlink
ip -n h route add 10.3.0.0/16 metric 5 table 7 nexthop via 10.0.2.2 nexthop via 10.0.1.2
ip -n h route add 10.2.0.0/16 nexthop via 10.0.2.2 dev h-eth1 onlink nexthop via 10.0.1.2
ip -n h route
ip -4 -n h route show table all
ip -n h route replace 10.4.0.0/16 nexthop via 10.0.2.2 weight 3 nexthop via 10.0.1.2
ip -n h route append 10.4.0.0/16 nexthop via 10.0.2.2 nexthop via 10.0.1.2
ip -n h route append 10.4.0.0/16 via 10.0.2.2
ip -n h route
ip -n h route del 10.4.0.0/16 nexthop via 10.0.1.2 dev h-eth1
ip -n h route del 10.4.0.0/16 nexthop via 10.0.2.2 weight 3 nexthop via 10.0.1.2
ip -n h route del 10.4.0.0/16
ip -n h route del 10.4.0.0/16
ip -n h route del 10.2.0.0/16 via 10.0.2.2
ip -n h route show
ip -n h route get 192.0.2.1 ipproto udp sport 1 dport 2
ip -n h route get 192.0.2.1 ipproto 6 sport 0x10 dport 2
ip -n h route get 192.0.2.1 ipproto icmp
ip -n h route get 192.0.2.1 ipproto gre
ip -n h route get 192.0.2.1 ipproto foo
ip -n h route get 192.0.2.1 sport 65536
ip -n h route get 192.0.2.1 dport x
ip -n h route get 192.0.2.1 ipproto 256
