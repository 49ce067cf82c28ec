# The textbook's way to watch a bridge: ping without -c runs in a second
# terminal (its lines stay under its own line, and Ctrl-C ends it with its
# statistics when the scenario ends), while tcpdump -c 4 on ns2's port
# catches the next two echoes and quits by itself. A second terminal is no
# job of this shell: `jobs` lists nothing.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip netns add bridge
sudo ip link add ns1-veth0 type veth peer name ns1-br0
sudo ip link add ns2-veth0 type veth peer name ns2-br0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip link set ns1-br0 netns bridge
sudo ip link set ns2-br0 netns bridge
sudo ip netns exec ns1 ip link set dev ns1-veth0 address 00:00:5e:00:53:01
sudo ip netns exec ns2 ip link set dev ns2-veth0 address 00:00:5e:00:53:02
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec bridge ip link add br0 type bridge
sudo ip netns exec bridge ip link set ns1-br0 master br0
sudo ip netns exec bridge ip link set ns2-br0 master br0
sudo ip netns exec bridge ip link set br0 up
sudo ip netns exec bridge ip link set ns1-br0 up
sudo ip netns exec bridge ip link set ns2-br0 up
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ping 192.0.2.2
sudo ip netns exec bridge tcpdump -tnel -c 4 -i ns2-br0 icmp
jobs
sleep 2.5
