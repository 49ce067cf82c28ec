# Two uplinks chosen by source address: the host's default route goes by isp1; a rule sends what leaves from its second address (198.51.100.1) to table 102, whose default goes by isp2. ip rule show, ip route show table 102, ip route get with and without from, and the pings take the links the rules say.
ip netns add host
ip netns add isp1
ip netns add isp2
ip netns add srv
ip link add host-eth1 type veth peer name isp1-in
ip link add host-eth2 type veth peer name isp2-in
ip link add isp1-out type veth peer name srv-eth1
ip link add isp2-out type veth peer name srv-eth2
ip link set host-eth1 netns host
ip link set host-eth2 netns host
ip link set isp1-in netns isp1
ip link set isp1-out netns isp1
ip link set isp2-in netns isp2
ip link set isp2-out netns isp2
ip link set srv-eth1 netns srv
ip link set srv-eth2 netns srv
ip -n host link set host-eth1 up
ip -n host link set host-eth2 up
ip -n isp1 link set isp1-in up
ip -n isp1 link set isp1-out up
ip -n isp2 link set isp2-in up
ip -n isp2 link set isp2-out up
ip -n srv link set srv-eth1 up
ip -n srv link set srv-eth2 up
ip -n srv link set lo up
ip -n host address add 192.0.2.1/24 dev host-eth1
ip -n host address add 198.51.100.1/24 dev host-eth2
ip -n isp1 address add 192.0.2.254/24 dev isp1-in
ip -n isp1 address add 10.1.0.1/24 dev isp1-out
ip -n isp2 address add 198.51.100.254/24 dev isp2-in
ip -n isp2 address add 10.2.0.1/24 dev isp2-out
ip -n srv address add 10.1.0.2/24 dev srv-eth1
ip -n srv address add 10.2.0.2/24 dev srv-eth2
ip -n srv address add 203.0.113.1/32 dev lo
ip netns exec isp1 sysctl -w net.ipv4.ip_forward=1
ip netns exec isp2 sysctl -w net.ipv4.ip_forward=1
ip -n isp1 route add 203.0.113.1 via 10.1.0.2
ip -n isp2 route add 203.0.113.1 via 10.2.0.2
ip -n srv route add 192.0.2.0/24 via 10.1.0.1
ip -n srv route add 198.51.100.0/24 via 10.2.0.1
ip -n host route add default via 192.0.2.254
ip -n host route add default via 198.51.100.254 table 102
ip -n host rule add from 198.51.100.1 table 102 pref 1000
ip -n host rule show
ip -n host route show table 102
ip -n host route get 203.0.113.1
ip -n host route get 203.0.113.1 from 198.51.100.1
ip netns exec host ping -c 2 -i 0.2 203.0.113.1
ip netns exec host ping -c 2 -i 0.2 -I 198.51.100.1 203.0.113.1
ip -n host rule del from 198.51.100.1 table 102
ip -n host rule show
ip -n host route get 203.0.113.1 from 198.51.100.1
