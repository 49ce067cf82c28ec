# nc's -M sets the TTL: with 1 the router's Time Exceeded ends the TCP
# connect ("No route to host"), while UDP ignores it (a soft error on a
# socket without IP_RECVERR) and waits out -w. -s and -p choose the
# source; an address the namespace lacks cannot be bound.
ip netns add ns1
ip netns add router
ip netns add ns2
ip link add ns1-veth0 type veth peer name gw-veth0
ip link add ns2-veth0 type veth peer name gw-veth1
ip link set ns1-veth0 netns ns1
ip link set gw-veth0 netns router
ip link set gw-veth1 netns router
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec router ip address add 192.0.2.254/24 dev gw-veth0
ip netns exec router ip address add 198.51.100.254/24 dev gw-veth1
ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec router ip link set gw-veth0 up
ip netns exec router ip link set gw-veth1 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns1 ip route add default via 192.0.2.254
ip netns exec ns2 ip route add default via 198.51.100.254
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec ns1 nc -v -n -M 1 198.51.100.1 80
ip netns exec ns1 nc -v -n -M 2 198.51.100.1 80
ip netns exec ns1 nc -u -n -M 1 -w 1 198.51.100.1 9999 <<< x
ip netns exec ns1 nc -v -n -s 192.0.2.1 -p 40000 198.51.100.1 80
ip netns exec ns1 nc -v -n -s 10.0.0.1 198.51.100.1 80
ip netns exec ns1 nc -v -n -M 300 198.51.100.1 80
