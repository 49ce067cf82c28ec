# `ip -d link show` of a bridge and of its ports: the settings given at
# creation (times in hundredths of a second), the bridge id, the port's
# state, id and timers (masked in transcripts), and what any device shows
# under -d. Options the kernel refuses: hello_time and max_age out of
# range, and vlan_filtering, even 0, which this kernel is built without --
# each refused bridge spends an interface index.
sudo ip netns add ns1
sudo ip netns add sw
sudo ip link add ns1-veth0 type veth peer name ns1-br0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns1-br0 netns sw
sudo ip netns exec sw ip link add br0 type bridge forward_delay 400 hello_time 300 max_age 1000 priority 100 ageing_time 6000 stp_state 0
sudo ip netns exec sw ip -d link show br0
sudo ip netns exec sw ip link set ns1-br0 master br0
sudo ip netns exec sw ip -d link show ns1-br0
sudo ip netns exec sw ip link set br0 up
sudo ip netns exec sw ip link set ns1-br0 up
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec sw ip -details link show ns1-br0
sudo ip netns exec sw ip -d link show type bridge
sudo ip netns exec sw ip -d link show lo
sudo ip netns exec ns1 ip -d link show ns1-veth0
sudo ip netns exec sw ip -d address show br0
sudo ip netns exec sw ip link add br1 type bridge vlan_filtering 0
sudo ip netns exec sw ip link add br1 type bridge hello_time 0
sudo ip netns exec sw ip link add br1 type bridge max_age 100
sudo ip netns exec sw ip link add br1 type bridge priority 70000
sudo ip netns exec sw ip link add br1 type bridge forward_delay 1 ageing_time 5
sudo ip netns exec sw ip link show br1
sudo ip netns exec sw ip link show br1 | grep -o '^[0-9]*'
