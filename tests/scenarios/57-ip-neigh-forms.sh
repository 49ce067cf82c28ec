# Every form of `ip neigh`: add (PERMANENT unless nud says otherwise),
# replace, change, del, get, flush and show with its filters, the router
# and proxy flags, the errors. One entry per `show` line: the kernel dumps
# its neighbour table in hash order, which changes from run to run. IPv6 is
# off: its multicast neighbours (NOARP) would be listed by `nud all`.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip netns exec ns1 sysctl -w net.ipv6.conf.all.disable_ipv6=1
sudo ip netns exec ns2 sysctl -w net.ipv6.conf.all.disable_ipv6=1
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns2 ip link set dev ns2-veth0 address 00:00:5e:00:53:02
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ip neigh add 192.0.2.2 lladdr 00:00:5e:00:53:02 dev ns1-veth0
sudo ip netns exec ns1 ip neigh show
sudo ip netns exec ns1 ip neigh add 192.0.2.2 lladdr 00:00:5e:00:53:02 dev ns1-veth0
sudo ip netns exec ns1 ping -c 1 192.0.2.2
sudo ip netns exec ns1 ip neigh replace 192.0.2.2 lladdr 00:00:5e:00:53:22 dev ns1-veth0 nud reachable
sudo ip netns exec ns1 ip neigh show dev ns1-veth0
sudo ip netns exec ns1 ip neigh change 192.0.2.2 lladdr 00:00:5e:00:53:02 dev ns1-veth0 nud stale
sudo ip netns exec ns1 ip neigh get 192.0.2.2 dev ns1-veth0
sudo ip netns exec ns1 ip neigh change 192.0.2.9 lladdr 00:00:5e:00:53:09 dev ns1-veth0
sudo ip netns exec ns1 ip neigh add 192.0.2.3 lladdr 00:00:5e:00:53:03 dev ns1-veth0 nud noarp
sudo ip netns exec ns1 ip neigh show 192.0.2.3
sudo ip netns exec ns1 ip neigh show nud noarp
sudo ip netns exec ns1 ip neigh add 192.0.2.4 lladdr 00:00:5e:00:53:04 dev ns1-veth0 nud permanent router
sudo ip netns exec ns1 ip neigh show nud permanent
sudo ip netns exec ns1 ip neigh add 192.0.2.5 dev ns1-veth0 nud stale
sudo ip netns exec ns1 ip neigh show nud none
sudo ip netns exec ns1 ip neigh add 192.0.2.6 dev ns1-veth0 nud incomplete
sudo ip netns exec ns1 ip neigh add 192.0.2.7 dev ns1-veth0 nud failed
sudo ip netns exec ns1 ip neigh show nud incomplete
sudo ip netns exec ns1 ip neigh show nud failed
sudo ip netns exec ns1 ip neigh add proxy 192.0.2.10 dev ns1-veth0
sudo ip netns exec ns1 ip neigh add proxy 192.0.2.11 dev ns1-veth0 router
sudo ip netns exec ns1 ip neigh show proxy
sudo ip netns exec ns1 ip neigh get proxy 192.0.2.11 dev ns1-veth0
sudo ip netns exec ns1 ip neigh del proxy 192.0.2.10 dev ns1-veth0
sudo ip netns exec ns1 ip neigh show proxy
sudo ip netns exec ns1 ip neigh del 192.0.2.3 dev ns1-veth0
sudo ip netns exec ns1 ip neigh del 192.0.2.3 dev ns1-veth0
sudo ip netns exec ns1 ip neigh get 192.0.2.3 dev ns1-veth0
sudo ip netns exec ns1 ip neigh del 192.0.2.4
sudo ip netns exec ns1 ip neigh add 192.0.2.8 lladdr zz dev ns1-veth0
sudo ip netns exec ns1 ip neigh add 192.0.2.8 lladdr 00:00:5e dev ns1-veth0
sudo ip netns exec ns1 ip neigh add 192.0.2.8 lladdr 00:00:5e:00:53:08 dev nope
sudo ip netns exec ns1 ip neigh add 192.0.2.8 lladdr 00:00:5e:00:53:08 dev ns1-veth0 nud bogus
sudo ip netns exec ns1 ip neigh flush
sudo ip netns exec ns1 ip neigh flush dev ns1-veth0
sudo ip netns exec ns1 ip neigh show nud all
sudo ip netns exec ns1 ip neigh flush all nud all
sudo ip netns exec ns1 ip neigh show nud all
sudo ip netns exec ns1 ip neigh add 192.0.2.2 lladdr 00:00:5e:00:53:02 dev ns1-veth0
sudo ip netns exec ns2 ip link set ns2-veth0 down
sudo ip netns exec ns1 ip neigh show nud all
sudo ip netns exec ns1 ip neigh show proxy
sudo ip netns exec ns1 ip link set ns1-veth0 down
sudo ip netns exec ns1 ip neigh show nud all
