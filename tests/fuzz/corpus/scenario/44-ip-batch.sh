# ip -batch: 397 lines of nested routes (/8 to /32, two metrics for some prefixes) loaded at once; `ip route show` order and `ip route get` over them; a failing line stops a batch, -force goes on; deletes uncover shorter prefixes; pings follow the longest match.
sudo ip netns add nlpm-host
sudo ip netns add nlpm-gwa
sudo ip netns add nlpm-gwb
sudo ip link add nlpm-h0 type veth peer name nlpm-a0
sudo ip link add nlpm-h1 type veth peer name nlpm-b0
sudo ip link set nlpm-h0 netns nlpm-host
sudo ip link set nlpm-h1 netns nlpm-host
sudo ip link set nlpm-a0 netns nlpm-gwa
sudo ip link set nlpm-b0 netns nlpm-gwb
sudo ip -n nlpm-host link set nlpm-h0 up
sudo ip -n nlpm-host link set nlpm-h1 up
sudo ip -n nlpm-gwa link set nlpm-a0 up
sudo ip -n nlpm-gwb link set nlpm-b0 up
sudo ip -n nlpm-host address add 192.0.2.1/24 dev nlpm-h0
sudo ip -n nlpm-host address add 203.0.113.1/24 dev nlpm-h1
sudo ip -n nlpm-gwa address add 192.0.2.254/24 dev nlpm-a0
sudo ip -n nlpm-gwa address add 10.0.0.9/32 dev nlpm-a0
sudo ip -n nlpm-gwb address add 203.0.113.254/24 dev nlpm-b0
sudo ip -n nlpm-gwb address add 10.1.8.3/32 dev nlpm-b0
sudo ip -n nlpm-host -batch batch/44-routes.txt
sudo ip -n nlpm-host route show
sudo ip -n nlpm-host route get 10.0.0.9
sudo ip -n nlpm-host route get 10.1.8.3
sudo ip -n nlpm-host route get 10.1.17.7
sudo ip -n nlpm-host route get 10.2.200.1
sudo ip -n nlpm-host route get 10.77.0.1
sudo ip -n nlpm-host route get 172.16.9.9
sudo ip -n nlpm-host -batch batch/44-errors.txt
sudo ip -n nlpm-host -force -batch batch/44-errors.txt
sudo ip -n nlpm-host -force -batch batch/44-quote.txt
sudo ip -n nlpm-host -batch batch/44-eof.txt
sudo ip -n nlpm-host -batch batch/44-missing.txt
sudo ip -n nlpm-host -batch batch/44-deletes.txt
sudo ip -n nlpm-host route get 10.1.16.5
sudo ip -n nlpm-host route get 10.2.0.1
sudo ip -n nlpm-host route get 10.3.0.1
sudo ip -n nlpm-host route get 10.205.0.1
sudo ip netns exec nlpm-host ping -c 1 10.0.0.9
sudo ip netns exec nlpm-host ping -c 1 10.1.8.3
