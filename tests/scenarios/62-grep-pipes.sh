# Output filtered through grep, head and tail, as the textbook reads
# `ip link show` and `bridge fdb show`: -i, -v, -E, -w, -c, -o, basic
# patterns (a `|` there is a plain character), two greps in a row, and
# head -n / tail -n. grep -c that finds nothing prints 0.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip netns add bridge
sudo ip link add ns1-veth0 type veth peer name ns1-br0
sudo ip link add ns2-veth0 type veth peer name ns2-br0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip link set ns1-br0 netns bridge
sudo ip link set ns2-br0 netns bridge
sudo ip netns exec ns1 ip link set dev ns1-veth0 address 00:00:5E:00:53:01
sudo ip netns exec ns2 ip link set dev ns2-veth0 address 00:00:5E:00:53:02
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
sudo ip netns exec ns1 ping -c 1 192.0.2.2
sudo ip netns exec bridge ip link show | grep -c UP
sudo ip netns exec bridge ip link show | grep -E '^[0-9]+: ns[0-9]-br0'
sudo ip netns exec bridge ip link show | grep 'master br0' | grep -o 'ns[0-9]-br0'
sudo ip netns exec bridge ip link show master br0 | grep -v link/ether
sudo ip netns exec bridge ip link show | grep -w br0
sudo ip netns exec bridge ip link show | grep 'lo|br0'
sudo ip netns exec bridge ip link show | grep 'lo\|br0:'
sudo ip netns exec bridge bridge fdb show | grep -i 00:00:5E
sudo ip netns exec bridge bridge fdb show | grep -i -c 00:00:5E
sudo ip netns exec bridge bridge fdb show | grep -c 00:00:5E
sudo ip netns exec ns1 ip address show ns1-veth0 | grep -w inet
sudo ip netns exec ns1 ip route | head -n 1
sudo ip netns exec bridge ip link show | tail -n 2
sudo ip netns exec bridge ip link show | head -n 2 | tail -n 1
