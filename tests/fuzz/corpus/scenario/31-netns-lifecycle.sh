# Namespace lifecycle: list, add twice, exec into a missing namespace, delete a namespace (its veths die and take their peers with them), delete one veth end, delete twice, --all delete.
ip netns list
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip netns add ns3
sudo ip netns add ns1
ip netns list
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link add ns3-veth0 type veth peer name ns2-veth1
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip link set ns3-veth0 netns ns3
sudo ip link set ns2-veth1 netns ns2
ip netns list
sudo ip netns exec ns2 ip link show
sudo ip netns exec ghost ip link show
ip -n ghost link show
sudo ip netns delete ns1
sudo ip netns exec ns2 ip link show
sudo ip netns delete ns1
sudo ip netns exec ns1 ip link show
sudo ip netns exec ns2 ip link delete ns2-veth1
sudo ip netns exec ns3 ip link show
sudo ip netns exec ns2 ip link delete ns2-veth1
ip netns list
sudo ip --all netns delete
ip netns list
