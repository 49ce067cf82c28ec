# Proxy ARP: h1 and h2 both believe 192.0.2.0/24 is on their link, but h2 sits behind the router on another link with only a /32 route to it. Without proxy_arp h1's ARP for h2 goes unanswered (3 requests, then silence: lo is down); with proxy_arp on both router ends, the router answers for the address it routes elsewhere (after a random part of 0.8 s, proxy_delay) with its own MAC, and the pings cross (one request at a time, so the random delays cannot reorder the frames). h1's neighbour entry for h2 carries the router's MAC.
ip netns add h1
ip netns add h2
ip netns add r
ip link add h1-eth0 type veth peer name r-a
ip link add h2-eth0 type veth peer name r-b
ip link set h1-eth0 netns h1
ip link set h2-eth0 netns h2
ip link set r-a netns r
ip link set r-b netns r
ip -n h1 link set h1-eth0 up
ip -n h2 link set h2-eth0 up
ip -n r link set r-a up
ip -n r link set r-b up
ip -n h1 address add 192.0.2.1/24 dev h1-eth0
ip -n h2 address add 192.0.2.100/24 dev h2-eth0
ip -n r address add 192.0.2.254/24 dev r-a
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r route add 192.0.2.100 dev r-b
ip netns exec r sysctl net.ipv4.conf.r-a.proxy_arp
ip netns exec h1 ping -c 1 -W 4 192.0.2.100
ip -n h1 neigh show 192.0.2.100
ip netns exec r sysctl -w net.ipv4.conf.r-a.proxy_arp=1
ip netns exec r sysctl -w net.ipv4.conf.r-b.proxy_arp=1
ip netns exec h1 ping -c 1 192.0.2.100
ip netns exec h1 ping -c 1 192.0.2.100
ip -n h1 neigh show 192.0.2.100
ip -n h2 neigh show 192.0.2.1
ip -n r route get 192.0.2.100 from 192.0.2.1 iif r-a
