# A router that does not send redirects: send_redirects 0 on conf.all alone does not stop r1 (the device's 1 still counts: IN_DEV_TX_REDIRECTS() ors them), and its redirect makes h resolve r2 (the first one only does that); with r1-eth0's 0 too, r1 forwards back out of r1-eth0 silently, `ip route get ... iif` loses `<redirect>`, and h's traffic keeps going by r1 (frames on r1's link).
ip netns add h
ip netns add r1
ip netns add r2
ip netns add t
ip netns add sw
ip link add h-eth0 type veth peer name sw-h
ip link add r1-eth0 type veth peer name sw-r1
ip link add r2-eth0 type veth peer name sw-r2
ip link add r2-eth1 type veth peer name t-eth0
ip link set h-eth0 netns h
ip link set r1-eth0 netns r1
ip link set r2-eth0 netns r2
ip link set r2-eth1 netns r2
ip link set t-eth0 netns t
ip link set sw-h netns sw
ip link set sw-r1 netns sw
ip link set sw-r2 netns sw
ip -n sw link add br0 type bridge
ip -n sw link set sw-h master br0
ip -n sw link set sw-r1 master br0
ip -n sw link set sw-r2 master br0
ip -n sw link set sw-h up
ip -n sw link set sw-r1 up
ip -n sw link set sw-r2 up
ip -n sw link set br0 up
ip -n h address add 10.0.0.1/24 dev h-eth0
ip -n r1 address add 10.0.0.254/24 dev r1-eth0
ip -n r2 address add 10.0.0.253/24 dev r2-eth0
ip -n r2 address add 10.9.0.254/24 dev r2-eth1
ip -n t address add 10.9.0.1/24 dev t-eth0
ip -n h link set h-eth0 up
ip -n r1 link set r1-eth0 up
ip -n r2 link set r2-eth0 up
ip -n r2 link set r2-eth1 up
ip -n t link set t-eth0 up
ip -n h link set lo up
ip -n h route add default via 10.0.0.254
ip -n t route add default via 10.9.0.254
ip -n r2 route add default via 10.0.0.254
ip -n r1 route add 10.9.0.0/24 via 10.0.0.253
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec h sysctl net.ipv4.conf.h-eth0.accept_redirects net.ipv4.conf.all.accept_redirects net.ipv4.conf.h-eth0.secure_redirects net.ipv4.conf.h-eth0.shared_media
ip netns exec r1 sysctl net.ipv4.conf.r1-eth0.send_redirects net.ipv4.conf.all.send_redirects
ip netns exec r1 sysctl -w net.ipv4.conf.all.send_redirects=0
ip netns exec h ping -c 1 10.9.0.1
ip netns exec r1 sysctl -w net.ipv4.conf.r1-eth0.send_redirects=0
ip -n r1 route get 10.9.0.1 from 10.0.0.1 iif r1-eth0
ip netns exec h ping -c 3 10.9.0.1
ip -n h route get 10.9.0.1
ip -n h route show cache
