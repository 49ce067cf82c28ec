# tcpdump on a host's interface, in a second terminal: -e prints the
# Ethernet header, -n no names, -c ends the capture by itself after that
# many frames (no ^C, no blank line), -v the IPv4 header, -t leaves out the
# time or writes it another way (-tt, -ttt, -tttt). Without -i it takes the
# first interface that is up with carrier. The capture sees both
# directions. IPv6 is off: no neighbour discovery in the captures.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip netns exec ns1 sysctl -w net.ipv6.conf.all.disable_ipv6=1
sudo ip netns exec ns2 sysctl -w net.ipv6.conf.all.disable_ipv6=1
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip link set dev ns1-veth0 address 00:00:5e:00:53:01
sudo ip netns exec ns2 ip link set dev ns2-veth0 address 00:00:5e:00:53:02
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 tcpdump -e -n -c 4 -i ns1-veth0
sudo ip netns exec ns2 tcpdump -n -c 3
sudo ip netns exec ns2 tcpdump -v -n -c 2 -i ns2-veth0 icmp
sudo ip netns exec ns1 tcpdump -tt -n -c 2 -i ns1-veth0 icmp
sudo ip netns exec ns1 tcpdump -ttt -n -c 2 -i ns1-veth0 icmp
sudo ip netns exec ns1 tcpdump -tttt -n -c 2 -i ns1-veth0 icmp
sudo ip netns exec ns1 tcpdump -t -q -n -c 2 -i ns1-veth0 icmp
sleep 1
sudo ip netns exec ns1 ping -c 2 192.0.2.2
