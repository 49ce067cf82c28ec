# tcpdump's refusals: an interface that is down or missing, a count or
# snapshot length out of range, and filters libpcap will not compile, each
# with the message tcpdump prints for it. Nothing is captured.
sudo ip netns add ns1
sudo ip link add ns1-veth0 type veth peer name ns1-peer
sudo ip link set ns1-veth0 netns ns1
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip link set ns1-peer up
sudo ip netns exec ns1 tcpdump -i nope -c 1
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 icmp and
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 host
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 icmp or
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 'icmp[0] == '
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 port 99999
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 host 300.1.1.1
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 net 192.0.2.1/24
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 ether host zz
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 ip proto bogus
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 1 arp and tcp
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c 0 arp
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -c x
sudo ip netns exec ns1 tcpdump -i ns1-veth0 -s -1 -c 1 arp
