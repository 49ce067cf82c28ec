# Marks choose the uplink: ping -m sets SO_MARK on its socket (and on the probe that picks its source), a rule "fwmark 5 lookup 105" sends those packets to table 105 whose default goes by g2; unmarked pings keep the main default by g1. Both gateways own 203.0.113.1; the frames tell them apart. ip route get with mark agrees; a mark that fails the rule's mask stays in main. ping's words for a bad mark.
ip netns add h
ip netns add g1
ip netns add g2
ip link add h-eth1 type veth peer name g1-eth0
ip link add h-eth2 type veth peer name g2-eth0
ip link set h-eth1 netns h
ip link set h-eth2 netns h
ip link set g1-eth0 netns g1
ip link set g2-eth0 netns g2
ip -n h link set h-eth1 up
ip -n h link set h-eth2 up
ip -n g1 link set g1-eth0 up
ip -n g2 link set g2-eth0 up
ip -n g1 link set lo up
ip -n g2 link set lo up
ip -n h address add 192.0.2.1/24 dev h-eth1
ip -n h address add 198.51.100.1/24 dev h-eth2
ip -n g1 address add 192.0.2.254/24 dev g1-eth0
ip -n g2 address add 198.51.100.254/24 dev g2-eth0
ip -n g1 address add 203.0.113.1/32 dev lo
ip -n g2 address add 203.0.113.1/32 dev lo
ip -n h route add default via 192.0.2.254
ip -n h route add default via 198.51.100.254 table 105
ip -n h rule add fwmark 5/0x7 lookup 105 pref 500
ip -n h rule
ip -n h route get 203.0.113.1
ip -n h route get 203.0.113.1 mark 5
ip -n h route get 203.0.113.1 mark 13
ip -n h route get 203.0.113.1 mark 6
ip netns exec h ping -c 1 203.0.113.1
ip netns exec h ping -c 1 -m 5 203.0.113.1
ip netns exec h ping -c 1 -m 6 203.0.113.1
ip netns exec h ping -c 1 -m abc 203.0.113.1
ip netns exec h ping -c 1 -m -1 203.0.113.1
