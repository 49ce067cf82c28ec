# TCP between nc's across a router, as the textbook runs it: the server
# in a second terminal (nc -l), the client's input from echo/printf, -N to
# send a FIN after it. The server ends with its first client; -k keeps it
# for the next (Listening on once). With
# -v -n the server names each client by address and port (fixed with -p).
ip netns add ns1
ip netns add router
ip netns add ns2
ip link add ns1-veth0 type veth peer name gw-veth0
ip link add ns2-veth0 type veth peer name gw-veth1
ip link set ns1-veth0 netns ns1
ip link set gw-veth0 netns router
ip link set gw-veth1 netns router
ip link set ns2-veth0 netns ns2
ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
ip netns exec router ip address add 192.0.2.254/24 dev gw-veth0
ip netns exec router ip address add 198.51.100.254/24 dev gw-veth1
ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0
ip netns exec ns1 ip link set ns1-veth0 up
ip netns exec router ip link set gw-veth0 up
ip netns exec router ip link set gw-veth1 up
ip netns exec ns2 ip link set ns2-veth0 up
ip netns exec ns1 ip route add default via 192.0.2.254
ip netns exec ns2 ip route add default via 198.51.100.254
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec ns2 nc -l -n -v 12345
echo hello | ip netns exec ns1 nc -N -p 40000 198.51.100.1 12345
ip netns exec ns2 nc -l -n -v -k 8080
echo one | ip netns exec ns1 nc -N -v -n -p 40001 198.51.100.1 8080
printf 'two\nthree\n' | ip netns exec ns1 nc -N -p 40002 198.51.100.1 8080
ip netns exec ns1 nc -v -n -w 1 198.51.100.1 12345
