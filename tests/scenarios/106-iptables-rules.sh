# iptables (1.8.9, nf_tables) in a namespace: listing an empty table, rules
# with the matches and targets nspath models, -L in its forms (-n, -v,
# --line-numbers, -x), -S, insert/replace/delete by number and by rule,
# user chains, policies, and iptables' own messages for mistakes.
ip netns add fw
ip netns exec fw iptables -L
ip netns exec fw iptables -t nat -L -n
ip netns exec fw iptables -S
ip netns exec fw iptables -A FORWARD -s 192.0.2.0/24 -d 198.51.100.7 -p udp --sport 1000:2000 --dport 53 -i veth0 -o veth+ -j ACCEPT
ip netns exec fw iptables -A FORWARD ! -s 192.0.2.1 ! -p tcp ! -i lo -j DROP
ip netns exec fw iptables -I FORWARD 2 -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec fw iptables -A INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset
ip netns exec fw iptables -A INPUT -p tcp ! --dport 22 -m conntrack --ctstate NEW,INVALID -j DROP
ip netns exec fw iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
ip netns exec fw iptables -A INPUT -m conntrack ! --ctstate ESTABLISHED -j RETURN
ip netns exec fw iptables -N mychain
ip netns exec fw iptables -N Alpha
ip netns exec fw iptables -A mychain -p udp -j REJECT
ip netns exec fw iptables -A INPUT -j mychain
ip netns exec fw iptables -A INPUT -g Alpha
ip netns exec fw iptables -A INPUT -s 192.0.2.5/255.255.255.0 -d 10.1.2.3/16
ip netns exec fw iptables -L
ip netns exec fw iptables -L -n
ip netns exec fw iptables -L -v
ip netns exec fw iptables -L -n -v --line-numbers
ip netns exec fw iptables -L FORWARD -v -n -x
ip netns exec fw iptables -S
ip netns exec fw iptables -S -v
ip netns exec fw iptables -S FORWARD 2
ip netns exec fw iptables -L FORWARD 2
ip netns exec fw iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o eth1 -j MASQUERADE
ip netns exec fw iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j SNAT --to-source 203.0.113.1
ip netns exec fw iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 203.0.113.1-203.0.113.5:1024-2000
ip netns exec fw iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 5000-6000
ip netns exec fw iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80
ip netns exec fw iptables -t nat -A PREROUTING -d 203.0.113.1 -j DNAT --to-destination 10.0.0.2
ip netns exec fw iptables -t nat -A OUTPUT -p udp -j DNAT --to-destination 10.0.0.4
ip netns exec fw iptables -t nat -L
ip netns exec fw iptables -t nat -L -n -v
ip netns exec fw iptables -t nat -S
ip netns exec fw iptables -X mychain
ip netns exec fw iptables -D INPUT -j mychain
ip netns exec fw iptables -X mychain
ip netns exec fw iptables -F mychain
ip netns exec fw iptables -X mychain
ip netns exec fw iptables -X mychain
ip netns exec fw iptables -D INPUT 9
ip netns exec fw iptables -D INPUT -p udp -j ACCEPT
ip netns exec fw iptables -D INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset
ip netns exec fw iptables -R INPUT 1 -p tcp --dport 23 -j REJECT --reject-with tcp-reset
ip netns exec fw iptables -R INPUT 1 -p udp -j REJECT --reject-with tcp-reset
ip netns exec fw iptables -R INPUT 9 -j ACCEPT
ip netns exec fw iptables -I INPUT 9 -j ACCEPT
ip netns exec fw iptables -C INPUT -g Alpha
ip netns exec fw iptables -C INPUT -j Alpha
ip netns exec fw iptables -E Alpha Beta
ip netns exec fw iptables -S INPUT
ip netns exec fw iptables -P FORWARD DROP
ip netns exec fw iptables -P FORWARD REJECT
ip netns exec fw iptables -P Beta DROP
ip netns exec fw iptables -t nat -P POSTROUTING DROP
ip netns exec fw iptables -t nat -A FORWARD -j ACCEPT
ip netns exec fw iptables -A INPUT -j MASQUERADE
ip netns exec fw iptables -t nat -A PREROUTING -j SNAT --to-source 10.0.0.5
ip netns exec fw iptables -A INPUT -j FOO
ip netns exec fw iptables -A INPUT --foo
ip netns exec fw iptables -A INPUT -p tcp --dprot 22 -j ACCEPT
ip netns exec fw iptables -A INPUT --dport 22 -j ACCEPT
ip netns exec fw iptables -A FOO -j ACCEPT
ip netns exec fw iptables -t bogus -L
ip netns exec fw iptables -A INPUT -s 192.0.2.300 -j ACCEPT
ip netns exec fw iptables -A INPUT -s 192.0.2.0/33 -j ACCEPT
ip netns exec fw iptables -A INPUT -p foo -j ACCEPT
ip netns exec fw iptables -A INPUT -p tcp --dport 70000 -j ACCEPT
ip netns exec fw iptables -A INPUT -j REJECT --reject-with foo
ip netns exec fw iptables -t nat -A POSTROUTING -j SNAT
ip netns exec fw iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3
ip netns exec fw iptables -A INPUT -m state --state FOO -j ACCEPT
ip netns exec fw iptables -A INPUT -m foo -j ACCEPT
ip netns exec fw iptables -A INPUT -i eth0 -i eth1 -j ACCEPT
ip netns exec fw iptables -A INPUT -o eth0 -j ACCEPT
ip netns exec fw iptables -L NOPE
ip netns exec fw iptables -N Beta
ip netns exec fw iptables -N ACCEPT
ip netns exec fw iptables -L -A INPUT
ip netns exec fw iptables -n -A INPUT
ip netns exec fw iptables -A INPUT x
ip netns exec fw iptables
ip netns exec fw iptables -F
ip netns exec fw iptables -X -v
ip netns exec fw iptables -Z -v
ip netns exec fw iptables -L -v
ip netns exec fw iptables -S
