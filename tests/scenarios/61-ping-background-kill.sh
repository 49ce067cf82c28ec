# A ping in the background, as a shell job: bash prints its job number and
# process id, the ping's lines appear under whatever line runs when it
# prints them, and `kill -INT %1` makes it print its statistics and exit
# (status 0: bash reports Done at the end of that line). `kill %1` sends
# SIGTERM, which ping does not catch: Terminated, no statistics. `wait`
# waits for a job that ends by itself; `jobs` lists what runs.
sudo ip netns add ns1
sudo ip netns add ns2
sudo ip link add ns1-veth0 type veth peer name ns2-veth0
sudo ip link set ns1-veth0 netns ns1
sudo ip link set ns2-veth0 netns ns2
sudo ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0
sudo ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0
sudo ip netns exec ns1 ip link set ns1-veth0 up
sudo ip netns exec ns2 ip link set ns2-veth0 up
sudo ip netns exec ns1 ping 192.0.2.2 &
sleep 2.5
jobs
kill -INT %1
sudo ip netns exec ns2 ping -i 0.5 192.0.2.1 &
sleep 1.2
kill %1
sudo ip netns exec ns1 ping -c 2 -i 0.5 192.0.2.2 &
wait
kill %1
jobs
