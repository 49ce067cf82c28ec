# What the rules see of locally made packets: their iif is lo, so a rule "iif lo" catches everything the namespace itself sends while forwarded traffic passes it by; a rule "oif" matches only lookups that name the device (ping -I DEV, ip route get oif). ip route get shows both sides.
ip netns add r
ip netns add a
ip netns add b
ip link add r-a type veth peer name a-eth0
ip link add r-b type veth peer name b-eth0
ip link set r-a netns r
ip link set r-b netns r
ip link set a-eth0 netns a
ip link set b-eth0 netns b
ip -n r link set r-a up
ip -n r link set r-b up
ip -n a link set a-eth0 up
ip -n b link set b-eth0 up
ip -n r address add 192.0.2.254/24 dev r-a
ip -n r address add 198.51.100.254/24 dev r-b
ip -n a address add 192.0.2.1/24 dev a-eth0
ip -n b address add 198.51.100.1/24 dev b-eth0
ip -n a route add default via 192.0.2.254
ip -n b route add default via 198.51.100.254
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r route add blackhole 198.51.100.0/24 table 9
ip -n r rule add iif lo lookup 9 pref 50
ip -n r rule add oif r-b lookup main pref 40
ip -n r rule
ip -n r route get 198.51.100.1
ip -n r route get 198.51.100.1 oif r-b
ip -n r route get 198.51.100.1 from 192.0.2.1 iif r-a
ip netns exec r ping -c 1 198.51.100.1
ip netns exec r ping -c 1 -I r-b 198.51.100.1
ip netns exec a ping -c 1 198.51.100.1
