# iptables reads -s and -d only after every other option (ipv4_post_parse() in iptables/xshared.c): a stray word is a "Bad argument" before a bad mask is seen; the mask is what follows the last '/' (10.0.0.0/8/8: host `10.0.0.0/8' not found); a null mask ignores the name (any/0 is 0.0.0.0/0); a mask in dotted form; multiple -s flags. Found by tests/difffuzz.
ip netns add ns1
ip netns exec ns1 iptables -A INPUT -s 192.0.2.0/33 addr ACCEPT
ip netns exec ns1 iptables -A INPUT -s 10.0.0.0/8/8 -j ACCEPT
ip netns exec ns1 iptables -A INPUT -s 10.0.0.0/-1 -o -o eth0 -j ACCEPT
ip netns exec ns1 iptables -A INPUT -s any/0 -j ACCEPT
ip netns exec ns1 iptables -A INPUT -s 10.1.2.3/255.255.0.0 -j ACCEPT
ip netns exec ns1 iptables -A INPUT -s 10.0.0.0/33 -j ACCEPT
ip netns exec ns1 iptables -A INPUT -s 10.0.0.0/8 -s 10.0.0.1 -j ACCEPT
ip netns exec ns1 iptables -S INPUT
