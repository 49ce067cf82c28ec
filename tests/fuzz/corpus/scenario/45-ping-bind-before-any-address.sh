# ping -I ADDR binds its socket to ADDR first. A namespace that never had an IPv4 address (lo never up, nothing added) has no local table yet, and there every address binds (__inet_dev_addr_type() without a table): the ping runs and loses everything. Once the table exists -- lo was up once, or an address was added even on a down lo -- the same bind fails.
sudo ip netns add ns1
sudo ip netns exec ns1 ping -c 1 -I 198.51.100.1 198.51.100.254
sudo ip netns exec ns1 ip link set lo up
sudo ip netns exec ns1 ping -c 1 -I 198.51.100.1 198.51.100.254
sudo ip netns exec ns1 ip link set lo down
sudo ip netns exec ns1 ping -c 1 -I 198.51.100.1 198.51.100.254
sudo ip netns add ns2
sudo ip -n ns2 address add 192.0.2.1/24 dev lo
sudo ip netns exec ns2 ping -c 1 -I 198.51.100.1 198.51.100.254
sudo ip netns exec ns2 ping -c 1 -I 192.0.2.1 198.51.100.254
