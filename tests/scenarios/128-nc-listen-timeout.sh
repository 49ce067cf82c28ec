# nc -l -w: the time-out does not apply to the wait for a connection (the
# server still listens after 2 s; without -k it exits after that one, and
# the next connect is refused) but to the connection once it talks: 1 s
# with nothing from the peer and the server is over (status 0, no word).
# Shown with UDP: 1 s after the first datagram the server is gone, and a
# second datagram 2 s later gets Port Unreachable. (An idle TCP client
# would show it too, but whether it ACKs the server's FIN before sending
# its own is a race on the kernel.)
ip netns add ns1
ip netns add ns2
ip link add ns1-veth0 type veth peer name ns2-veth0
ip link set ns1-veth0 netns ns1
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns2 nc -l -n -v -w 1 12345
sleep 2
echo hi | ip netns exec ns1 nc -N -v -n -p 40000 192.0.2.2 12345
ip netns exec ns1 nc -v -n -w 1 192.0.2.2 12345
ip netns exec ns2 nc -u -l -n -v -w 1 5000
echo first | ip netns exec ns1 nc -u -n -w 2 -p 4000 192.0.2.2 5000
echo second | ip netns exec ns1 nc -u -n -w 1 -p 4000 192.0.2.2 5000
