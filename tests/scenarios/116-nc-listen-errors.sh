# nc -l's own words: a port another server holds (Address already in
# use), an address the namespace lacks, -p for the port, an address to
# listen on (Listening on it), and -v without -n, where getnameinfo()
# finds no name server from inside the namespace and nc says so instead
# of its Listening/Connection lines. kill ends a server.
ip netns add ns1
ip netns add ns2
ip link add ns1-veth0 type veth peer name ns2-veth0
ip link set ns1-veth0 netns ns1
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns2 nc -l 12345 &
sleep 0.2
ip netns exec ns2 nc -l 12345
ip netns exec ns2 nc -l -n -v 192.0.2.99 12346
ip netns exec ns2 nc -l -n -v -p 12347
echo by-port | ip netns exec ns1 nc -N -p 40000 192.0.2.2 12347
ip netns exec ns2 nc -l -n -v 192.0.2.2 12348
echo to-the-address | ip netns exec ns1 nc -N -p 40001 192.0.2.2 12348
ip netns exec ns2 nc -l -v 12349
echo named | ip netns exec ns1 nc -N -p 40002 192.0.2.2 12349
jobs
kill %1
jobs
