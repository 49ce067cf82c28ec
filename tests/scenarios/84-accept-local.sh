# A packet whose source is one of the receiver's own addresses is a martian: h sends from 10.5.5.5, an address r also has, and r does not even answer its ARP (the request is routed like a packet from 10.5.5.5); ip route get on r says Invalid argument. With accept_local on r's device the same packet is taken (and answered). An anycast-style local route (ip route add local 10.7.0.0/24 dev lo) makes a whole prefix answer pings.
ip netns add h
ip netns add r
ip link add h-eth0 type veth peer name r-eth0
ip link set h-eth0 netns h
ip link set r-eth0 netns r
ip -n h link set h-eth0 up
ip -n r link set r-eth0 up
ip -n r link set lo up
ip -n h address add 192.0.2.1/24 dev h-eth0
ip -n h address add 10.5.5.5/32 dev h-eth0
ip -n r address add 192.0.2.254/24 dev r-eth0
ip -n r address add 10.5.5.5/32 dev lo
ip -n r route add 10.5.5.0/24 via 192.0.2.1
ip -n r route get 192.0.2.254 from 10.5.5.5 iif r-eth0
ip netns exec h ping -c 1 -W 4 -I 10.5.5.5 192.0.2.254
ip netns exec r sysctl -w net.ipv4.conf.r-eth0.accept_local=1
ip -n r route get 192.0.2.254 from 10.5.5.5 iif r-eth0
ip netns exec h ping -c 1 -W 1 -I 10.5.5.5 192.0.2.254
ip -n r route add local 10.7.0.0/24 dev lo
ip -n h route add 10.7.0.0/24 via 192.0.2.254
ip -n r route get 10.7.0.42
ip -n r route show table local
ip netns exec h ping -c 1 10.7.0.42
ip netns exec h ping -c 1 10.7.0.200
