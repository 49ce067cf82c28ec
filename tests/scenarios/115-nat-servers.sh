# The NAT chapter with servers: MASQUERADE out, DNAT in. A server on the
# far side (which has no route to 10.0.0.0/24) sees ns1's connection and
# datagram come from the router's public address (the port kept); a
# server on ns1 port 80 behind the router is reached from outside as
# 203.0.113.254:8080 and sees the real client. The nat table counts each
# connection once.
ip netns add ns1
ip netns add router
ip netns add ns2
ip link add ns1-veth0 type veth peer name gw-veth0
ip link add ns2-veth0 type veth peer name gw-veth1
ip link set ns1-veth0 netns ns1
ip link set gw-veth0 netns router
ip link set gw-veth1 netns router
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 10.0.0.1/24 dev ns1-veth0
ip netns exec router ip address add 10.0.0.254/24 dev gw-veth0
ip netns exec router ip address add 203.0.113.254/24 dev gw-veth1
ip netns exec ns2 ip address add 203.0.113.1/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec router ip link set gw-veth0 up
ip netns exec router ip link set gw-veth1 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns1 ip route add default via 10.0.0.254
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec router iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o gw-veth1 -j MASQUERADE
ip netns exec router iptables -t nat -A PREROUTING -i gw-veth1 -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.1:80
ip netns exec ns2 nc -l -n -v 12345
echo out | ip netns exec ns1 nc -N -p 40000 203.0.113.1 12345
ip netns exec ns2 nc -l -u -n -v 5000
echo datagram | ip netns exec ns1 nc -u -w 1 -p 4000 203.0.113.1 5000
ip netns exec ns1 nc -l -n -v 80
echo in | ip netns exec ns2 nc -N -v -n -p 40001 203.0.113.254 8080
ip netns exec router iptables -t nat -L -v -n
