# Reverse-path filtering on a router: the host sends from its second address (198.51.100.1) out by its first link, so the router sees it on r-a while the route back leaves by r-b. rp_filter 0 accepts it (the reply comes back by the other link), 1 (strict, on the device or conf.all: the larger counts) drops it silently, 2 (loose) accepts it as long as some route leads back; a source with no route back at all is dropped by loose too. ip route get with iif shows "Invalid cross-device link" where the filter drops.
ip netns add h
ip netns add r
ip link add h-a type veth peer name r-a
ip link add h-b type veth peer name r-b
ip link set h-a netns h
ip link set h-b netns h
ip link set r-a netns r
ip link set r-b netns r
ip -n h link set h-a up
ip -n h link set h-b up
ip -n r link set r-a up
ip -n r link set r-b up
ip -n r link set lo up
ip -n h address add 192.0.2.1/24 dev h-a
ip -n h address add 198.51.100.1/24 dev h-b
ip -n h address add 10.99.0.1/32 dev h-a
ip -n r address add 192.0.2.254/24 dev r-a
ip -n r address add 198.51.100.254/24 dev r-b
ip -n r address add 203.0.113.1/32 dev lo
ip -n h route add 203.0.113.1 via 192.0.2.254 src 198.51.100.1
ip netns exec r sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.r-a.rp_filter
ip -n r route get 203.0.113.1 from 198.51.100.1 iif r-a
ip netns exec h ping -c 1 -W 1 203.0.113.1
ip netns exec r sysctl -w net.ipv4.conf.r-a.rp_filter=1
ip -n r route get 203.0.113.1 from 198.51.100.1 iif r-a
ip -n r route get 203.0.113.1 from 192.0.2.1 iif r-a
ip netns exec h ping -c 1 -W 1 203.0.113.1
ip netns exec r sysctl -w net.ipv4.conf.r-a.rp_filter=2
ip -n r route get 203.0.113.1 from 198.51.100.1 iif r-a
ip netns exec h ping -c 1 -W 1 203.0.113.1
ip netns exec r sysctl -w net.ipv4.conf.r-a.rp_filter=0
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1
ip -n r route get 203.0.113.1 from 198.51.100.1 iif r-a
ip netns exec h ping -c 1 -W 1 203.0.113.1
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=2
ip -n r route get 203.0.113.1 from 198.51.100.1 iif r-a
ip -n r route get 203.0.113.1 from 10.99.0.1 iif r-a
ip netns exec h ping -c 1 -W 1 203.0.113.1
ip netns exec h ping -c 1 -W 1 -I 10.99.0.1 203.0.113.1
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=0
ip -n r route get 203.0.113.1 from 10.99.0.1 iif r-a
