# A rule by incoming interface on a router: traffic from lan2 (iif r-lan2) is looked up in table 20, whose default goes by the second uplink; lan1 keeps the main table's default by the first. Both uplinks answer for 203.0.113.1; the frames show which one each ping took. ip route get with iif shows the choice the forwarding path makes.
ip netns add a
ip netns add b
ip netns add r
ip netns add up1
ip netns add up2
ip link add a-eth0 type veth peer name r-lan1
ip link add b-eth0 type veth peer name r-lan2
ip link add r-up1 type veth peer name up1-eth0
ip link add r-up2 type veth peer name up2-eth0
ip link set a-eth0 netns a
ip link set b-eth0 netns b
ip link set r-lan1 netns r
ip link set r-lan2 netns r
ip link set r-up1 netns r
ip link set r-up2 netns r
ip link set up1-eth0 netns up1
ip link set up2-eth0 netns up2
ip -n a link set a-eth0 up
ip -n b link set b-eth0 up
ip -n r link set r-lan1 up
ip -n r link set r-lan2 up
ip -n r link set r-up1 up
ip -n r link set r-up2 up
ip -n up1 link set up1-eth0 up
ip -n up2 link set up2-eth0 up
ip -n up1 link set lo up
ip -n up2 link set lo up
ip -n a address add 192.168.1.10/24 dev a-eth0
ip -n b address add 192.168.2.10/24 dev b-eth0
ip -n r address add 192.168.1.1/24 dev r-lan1
ip -n r address add 192.168.2.1/24 dev r-lan2
ip -n r address add 10.0.1.1/30 dev r-up1
ip -n r address add 10.0.2.1/30 dev r-up2
ip -n up1 address add 10.0.1.2/30 dev up1-eth0
ip -n up2 address add 10.0.2.2/30 dev up2-eth0
ip -n up1 address add 203.0.113.1/32 dev lo
ip -n up2 address add 203.0.113.1/32 dev lo
ip -n a route add default via 192.168.1.1
ip -n b route add default via 192.168.2.1
ip -n up1 route add 192.168.0.0/16 via 10.0.1.1
ip -n up2 route add 192.168.0.0/16 via 10.0.2.1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n r route add default via 10.0.1.2
ip -n r route add default via 10.0.2.2 table 20
ip -n r rule add iif r-lan2 lookup 20
ip -n r rule
ip -4 -n r route show table all
ip -n r route get 203.0.113.1
ip -n r route get 203.0.113.1 from 192.168.1.10 iif r-lan1
ip -n r route get 203.0.113.1 from 192.168.2.10 iif r-lan2
ip -n r route get 192.168.2.10 from 192.168.1.10 iif r-lan1
ip netns exec a ping -c 2 -i 0.2 203.0.113.1
ip netns exec b ping -c 2 -i 0.2 203.0.113.1
ip netns exec a ping -c 1 192.168.2.10
