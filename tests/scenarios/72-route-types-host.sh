# Route types on a host: blackhole, unreachable, prohibit and throw routes are listed with their type; ping and ip route get fail with the error each type gives (EINVAL, EHOSTUNREACH, EACCES, and ENETUNREACH for a throw that finds nothing after it); a throw passes the lookup on to the next rule and its table. Local and broadcast routes go to the local table.
ip netns add h
ip netns add peer
ip link add h-eth0 type veth peer name peer-eth0
ip link set h-eth0 netns h
ip link set peer-eth0 netns peer
ip -n h link set lo up
ip -n h link set h-eth0 up
ip -n peer link set peer-eth0 up
ip -n h address add 192.0.2.1/24 dev h-eth0
ip -n peer address add 192.0.2.2/24 dev peer-eth0
ip -n h route add default via 192.0.2.2
ip -n h route add blackhole 10.1.0.0/16
ip -n h route add unreachable 10.2.0.0/16
ip -n h route add prohibit 10.3.0.0/16
ip -n h route add throw 10.4.0.0/16
ip -n h route add 10.2.5.0/24 via 192.0.2.2
ip -n h route add local 10.5.0.0/24 dev h-eth0
ip -n h route add broadcast 10.6.255.255 dev h-eth0
ip -n h route
ip -n h route show table local
ip netns exec h ping -c 1 10.1.0.1
ip netns exec h ping -c 1 10.2.0.1
ip netns exec h ping -c 1 10.3.0.1
ip netns exec h ping -c 1 10.4.0.1
ip netns exec h ping -c 1 -W 1 10.2.5.1
ip netns exec h ping -c 1 10.5.0.7
ip -n h route get 10.1.0.1
ip -n h route get 10.2.0.1
ip -n h route get 10.3.0.1
ip -n h route get 10.4.0.1
ip -n h route get 10.5.0.7
ip -n h route get 10.6.255.255
ip -n h route add 10.4.0.0/16 via 192.0.2.2 table 40
ip -n h rule add to 10.4.0.0/16 lookup main pref 100
ip -n h rule add to 10.4.0.0/16 lookup 40 pref 200
ip -n h route get 10.4.0.1
ip -n h route get 10.5.0.7
ip -n h route add blackhole 10.1.0.0/16 via 192.0.2.2
ip -n h route add unreachable 10.7.0.0/16 dev h-eth0
ip -n h route del prohibit 10.3.0.0/16
ip -n h route del prohibit 10.3.0.0/16
ip -n h route get 10.3.0.1
