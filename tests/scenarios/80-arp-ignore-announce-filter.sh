# The ARP sysctls that change who answers: by default the router answers on its near link for its far address (weak host); arp_ignore=1 answers only for addresses of the receiving device, 2 only when the sender is on one of its subnets too; arp_announce=2 on the host makes it ask with its link's own address instead of the packet's source 10.9.9.9; arp_filter=1 answers only when the route back to the sender leaves by the receiving device. Unanswered ARP is 3 requests and silence (lo is down on h). A 6 s wait up front lets the router's unicast ARP probe (5 s after its first reply) pass before anything else.
ip netns add h
ip netns add r
ip link add h-eth0 type veth peer name r-a
ip link add r-b type veth peer name far0
ip link set h-eth0 netns h
ip link set r-a netns r
ip link set r-b netns r
ip -n h link set h-eth0 up
ip -n r link set r-a up
ip -n r link set r-b up
ip -n h address add 192.0.2.1/24 dev h-eth0
ip -n h address add 10.9.9.9/32 dev h-eth0
ip -n h route add 198.51.100.0/24 dev h-eth0
ip -n r address add 192.0.2.254/24 dev r-a
ip -n r address add 192.0.2.253/24 dev r-a
ip -n r address add 192.0.2.252/24 dev r-a
ip -n r address add 192.0.2.251/24 dev r-a
ip -n r address add 198.51.100.254/24 dev r-b
ip -n r address add 198.51.100.253/24 dev r-b
ip -n r route add 10.9.9.9 via 192.0.2.1
ip netns exec h ping -c 1 -W 1 198.51.100.254
ip netns exec h ping -c 1 -W 6 192.0.2.77
ip netns exec r sysctl -w net.ipv4.conf.r-a.arp_ignore=1
ip netns exec h ping -c 1 -W 1 192.0.2.253
ip netns exec h ping -c 1 -W 4 198.51.100.253
ip netns exec r sysctl -w net.ipv4.conf.all.arp_ignore=2
ip netns exec h ping -c 1 -W 4 -I 10.9.9.9 192.0.2.252
ip netns exec h sysctl -w net.ipv4.conf.h-eth0.arp_announce=2
ip netns exec h ping -c 1 -W 1 -I 10.9.9.9 192.0.2.252
ip -n h neigh show 192.0.2.252
ip netns exec r sysctl -w net.ipv4.conf.all.arp_ignore=0
ip netns exec r sysctl -w net.ipv4.conf.r-a.arp_ignore=0
ip netns exec r sysctl -w net.ipv4.conf.r-a.arp_filter=1
ip netns exec h sysctl -w net.ipv4.conf.h-eth0.arp_announce=0
ip -n r route replace 10.9.9.9 dev r-b
ip netns exec h ping -c 1 -W 4 -I 10.9.9.9 192.0.2.251
ip -n r route replace 10.9.9.9 via 192.0.2.1
ip netns exec h ping -c 1 -W 1 -I 10.9.9.9 192.0.2.251
ip -n r neigh show 10.9.9.9 dev r-a
