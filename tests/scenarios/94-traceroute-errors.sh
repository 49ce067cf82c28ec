# traceroute's errors in its own words: bad options and arguments (libsupp/clif.c), main()'s checks, and the system calls that fail (SO_BINDTODEVICE on a missing device, bind to an address not ours, connect with no route).
sudo ip netns add ns1
sudo ip link add ns1-veth0 type veth peer name ns1-veth1
sudo ip link set ns1-veth0 netns ns1
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
traceroute -x 192.0.2.2
traceroute -q 0 192.0.2.2
traceroute -q 11 192.0.2.2
traceroute -m 256 192.0.2.2
traceroute -f 0 192.0.2.2
traceroute -f 5 -m 3 192.0.2.2
traceroute -w -1 192.0.2.2
traceroute -w abc 192.0.2.2
traceroute -w 1,2,x 192.0.2.2
traceroute -q abc 192.0.2.2
traceroute -q
traceroute -nq 2 192.0.2.2
traceroute -nq2 192.0.2.2
traceroute --max-hops 2 192.0.2.2
traceroute --max-hops=x 192.0.2.2
traceroute --bogus=1 192.0.2.2
traceroute -n
traceroute 192.0.2.2 70000
traceroute 192.0.2.2 40 x
traceroute 192.0.2.2 abc
sudo ip netns exec ns1 traceroute -n -i nodev 192.0.2.2
sudo ip netns exec ns1 traceroute -n -I -i nodev 192.0.2.2
sudo ip netns exec ns1 traceroute -n -s 10.9.9.9 192.0.2.2
sudo ip netns exec ns1 traceroute -n 10.9.9.9
sudo ip netns exec ns1 traceroute -n -I 10.9.9.9
sudo ip netns exec ns1 traceroute -n -m 2 --max-hops=1 -w 1 -q 1 192.0.2.2 100
