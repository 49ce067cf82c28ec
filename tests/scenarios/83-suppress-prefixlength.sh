# The rule pair of a VPN that takes over the default route (wg-quick): "lookup main suppress_prefixlength 0" uses every main route but its default, and marked or unmarked traffic that finds nothing specific falls through to the tunnel's table. The more specific main routes (the link, a /16 by the LAN router) keep working; only the default is passed over.
ip netns add c
ip netns add lan
ip netns add vpn
ip link add c-eth0 type veth peer name lan-eth0
ip link add c-tun type veth peer name vpn-eth0
ip link set c-eth0 netns c
ip link set c-tun netns c
ip link set lan-eth0 netns lan
ip link set vpn-eth0 netns vpn
ip -n c link set c-eth0 up
ip -n c link set c-tun up
ip -n lan link set lan-eth0 up
ip -n vpn link set vpn-eth0 up
ip -n lan link set lo up
ip -n vpn link set lo up
ip -n c address add 192.168.1.10/24 dev c-eth0
ip -n c address add 10.66.0.2/24 dev c-tun
ip -n lan address add 192.168.1.1/24 dev lan-eth0
ip -n vpn address add 10.66.0.1/24 dev vpn-eth0
ip -n lan address add 203.0.113.1/32 dev lo
ip -n vpn address add 203.0.113.1/32 dev lo
ip -n lan address add 172.16.5.5/32 dev lo
ip -n c route add default via 192.168.1.1
ip -n c route add 172.16.0.0/16 via 192.168.1.1
ip -n c route add default via 10.66.0.1 table 51820
ip -n c rule add table main suppress_prefixlength 0 pref 100
ip -n c rule add not fwmark 0xca6c table 51820 pref 101
ip -n c rule
ip -n c route get 203.0.113.1
ip -n c route get 203.0.113.1 mark 0xca6c
ip -n c route get 172.16.5.5
ip -n c route get 192.168.1.1
ip netns exec c ping -c 1 203.0.113.1
ip netns exec c ping -c 1 -m 51820 203.0.113.1
ip netns exec c ping -c 1 172.16.5.5
