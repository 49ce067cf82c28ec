# Addresses written short: iptables completes a network address with zeros
# (1.2.3 is 1.2.3.0, 7 is 7.0.0.0) and hands what it cannot read to
# getaddrinfo(); each part may be in C notation (0x10.1.0377 is 16.1.255.0);
# nc and ping read them as inet_aton() does (127.1 is 127.0.0.1, 10.9.9 is
# 10.9.0.9). Found by the differential fuzzer (tests/difffuzz).
ip netns add ns1
ip netns exec ns1 ip link set lo up
ip netns exec ns1 iptables -A INPUT -s 1.2.3 -j ACCEPT
ip netns exec ns1 iptables -A INPUT -d 10.9 -j ACCEPT
ip netns exec ns1 iptables -A INPUT -s 0x10.1.0377 -j ACCEPT
ip netns exec ns1 iptables -A INPUT -s 7 -j ACCEPT
ip netns exec ns1 iptables -A INPUT -s 300.1.1 -j ACCEPT
ip netns exec ns1 iptables -S INPUT
ip netns exec ns1 nc -v -n -w 1 10.9.9 80
ip netns exec ns1 nc -v -n -w 1 127.1 81
ip netns exec ns1 nc -v -w 1 0x7f.1 82
ip netns exec ns1 ping -c 1 127.1
