# Table default is looked up after main: what main does not cover (or throws) is routed by table default, while a rejecting route in main (unreachable) is the answer, with or without rules of our own. Local and main are one table until the first rule change: ip route get to a local address names table local only afterwards.
ip netns add d
ip netns add up
ip link add d-eth0 type veth peer name up-eth0
ip link set d-eth0 netns d
ip link set up-eth0 netns up
ip -n d link set d-eth0 up
ip -n up link set up-eth0 up
ip -n d link set lo up
ip -n d address add 192.0.2.1/24 dev d-eth0
ip -n up address add 192.0.2.2/24 dev up-eth0
ip -n up address add 198.51.100.1/32 dev lo
ip -n up address add 203.0.113.1/32 dev lo
ip -n up link set lo up
ip -n d route add unreachable 198.51.100.0/24
ip -n d route add throw 203.0.113.0/24
ip -n d route add default via 192.0.2.2 table default
ip -n d route show table default
ip -n d route get 198.51.100.1
ip -n d route get 203.0.113.1
ip -n d route get 8.8.8.8
ip -n d route get 192.0.2.1
ip netns exec d ping -c 1 198.51.100.1
ip netns exec d ping -c 1 203.0.113.1
ip -n d rule add from 203.0.113.0/24 lookup 7 pref 100
ip -n d rule del from 203.0.113.0/24 lookup 7 pref 100
ip -n d rule
ip -n d route get 198.51.100.1
ip -n d route get 203.0.113.1
ip -n d route get 192.0.2.1
ip -n d rule del pref 32767
ip -n d route get 203.0.113.1
ip netns exec d ping -c 1 203.0.113.1
