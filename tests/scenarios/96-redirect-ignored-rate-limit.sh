# ICMP redirects ignored: with accept_redirects 0 on h's device and on all (the kernel takes a redirect while either is 1 on a host: IN_DEV_RX_REDIRECTS()), every redirect is printed by ping but changes nothing; traffic keeps going by r1. r1's redirects to h back off (ip_rt_send_redirect(): 20 ms << n between two): with a ping every 0.2 s, seq 1, 2, 3, 4, 6 and 10 get one. No exception: `ip route get` and `ip route show cache` say so.
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
ip netns exec h sysctl -w net.ipv4.conf.all.accept_redirects=0
ip netns exec h sysctl -w net.ipv4.conf.h-eth0.accept_redirects=0
ip netns exec h ping -c 12 -i 0.2 10.9.0.1
ip -n h route get 10.9.0.1
ip -n h route show cache
