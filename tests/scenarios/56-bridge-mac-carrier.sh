# A bridge's address and carrier. Without ports it is up with carrier
# (state UNKNOWN); a port that is down takes the carrier away (the bridge's
# operational state follows a second later, through linkwatch); a
# forwarding port brings it back at once. Its address is its lowest port's
# until one is set by hand, which then stays whatever ports come; `address`
# at creation sets it too. Deleting a bridge frees its ports.
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
sudo ip netns exec bridge ip link set dev ns1-br0 address 00:00:5e:00:53:11
sudo ip netns exec bridge ip link set dev ns2-br0 address 00:00:5e:00:53:12
sudo ip netns exec bridge ip link add br0 type bridge
sudo ip netns exec bridge ip link set br0 up
sudo ip netns exec bridge ip link show br0
sudo ip netns exec bridge ip link set ns2-br0 master br0
sleep 1.5
sudo ip netns exec bridge ip link show br0
sudo ip netns exec bridge bridge link show
sudo ip netns exec bridge ip link set ns2-br0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec bridge ip link show br0
sudo ip netns exec bridge bridge link show dev ns2-br0
sudo ip netns exec bridge ip link set ns1-br0 master br0
sudo ip netns exec bridge ip link show br0 | grep -o 'link/ether [0-9a-f:]*'
sudo ip netns exec bridge ip link set dev br0 address 00:00:5e:00:53:ff
sudo ip netns exec bridge ip link set ns1-br0 nomaster
sudo ip netns exec bridge ip link set ns1-br0 master br0
sudo ip netns exec bridge ip link show br0 | grep -o 'link/ether [0-9a-f:]*'
sudo ip netns exec bridge bridge fdb show br br0 | grep permanent | grep -v self
sudo ip netns exec bridge ip link add br1 address 00:00:5e:00:53:fe type bridge
sudo ip netns exec bridge ip link show br1 | grep -o 'link/ether [0-9a-f:]*'
sudo ip netns exec bridge ip link del br0
sudo ip netns exec bridge bridge link show
sudo ip netns exec bridge ip link show ns1-br0
