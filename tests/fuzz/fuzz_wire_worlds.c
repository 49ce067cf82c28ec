/* The worlds tests/fuzz/fuzz_wire.c delivers frames into: scenario text
 * the simulation runs before the first frame (the input's first byte picks
 * one, modulo their number; seeds in tests/fuzz/make_seeds.py).  Worlds
 * are only ever added at the end, so that the committed corpus keeps its
 * meaning. */
#include <glib.h>

#include "tests/fuzz/fuzz_wire.h"

#define WIRE_ADDS                                                                         \
  "ip netns exec ns1 ip link set lo up\nip netns exec ns2 ip link set lo up\n"

/* the textbook's router, forwarding on */
#define WIRE_ROUTER                                                                       \
  "ip netns add ns1\nip netns add router\nip netns add ns2\n"                               \
  "ip link add ns1-veth0 type veth peer name gw-veth0\n"                                    \
  "ip link add ns2-veth0 type veth peer name gw-veth1\n"                                    \
  "ip link set ns1-veth0 netns ns1\nip link set gw-veth0 netns router\n"                    \
  "ip link set gw-veth1 netns router\nip link set ns2-veth0 netns ns2\n"                    \
  "ip netns exec ns1 ip link set ns1-veth0 up\nip netns exec router ip link set gw-veth0 up\n" \
  "ip netns exec router ip link set gw-veth1 up\nip netns exec ns2 ip link set ns2-veth0 up\n" \
  "ip netns exec router ip link set lo up\n" WIRE_ADDS                                       \
  "ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0\n"                           \
  "ip netns exec router ip address add 192.0.2.254/24 dev gw-veth0\n"                       \
  "ip netns exec router ip address add 198.51.100.254/24 dev gw-veth1\n"                    \
  "ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0\n"                        \
  "ip netns exec ns1 ip route add default via 192.0.2.254\n"                                \
  "ip netns exec ns2 ip route add default via 198.51.100.254\n"                             \
  "ip netns exec router sysctl -w net.ipv4.ip_forward=1\n"
#define WIRE_PING "ip netns exec ns1 ping -c 1 198.51.100.1\n"

const char *const wire_worlds[] = {
    /* 0: the textbook's router, forwarding on, neighbours resolved */
    WIRE_ROUTER WIRE_PING,
    /* 1: the same router with forwarding off (ip_error()) */
    "ip netns add ns1\nip netns add router\nip netns add ns2\n"
    "ip link add ns1-veth0 type veth peer name gw-veth0\n"
    "ip link add ns2-veth0 type veth peer name gw-veth1\n"
    "ip link set ns1-veth0 netns ns1\nip link set gw-veth0 netns router\n"
    "ip link set gw-veth1 netns router\nip link set ns2-veth0 netns ns2\n"
    "ip netns exec ns1 ip link set ns1-veth0 up\nip netns exec router ip link set gw-veth0 up\n"
    "ip netns exec router ip link set gw-veth1 up\nip netns exec ns2 ip link set ns2-veth0 up\n"
    "ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0\n"
    "ip netns exec router ip address add 192.0.2.254/24 dev gw-veth0\n"
    "ip netns exec router ip address add 198.51.100.254/24 dev gw-veth1\n"
    "ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0\n"
    "ip netns exec ns1 ip route add default via 192.0.2.254\n",
    /* 2: two routers in a row (textbook 04) */
    "ip netns add ns1\nip netns add router1\nip netns add router2\nip netns add ns2\n"
    "ip link add ns1-veth0 type veth peer name gw1-veth0\n"
    "ip link add gw1-veth1 type veth peer name gw2-veth0\n"
    "ip link add gw2-veth1 type veth peer name ns2-veth0\n"
    "ip link set ns1-veth0 netns ns1\nip link set gw1-veth0 netns router1\n"
    "ip link set gw1-veth1 netns router1\nip link set gw2-veth0 netns router2\n"
    "ip link set gw2-veth1 netns router2\nip link set ns2-veth0 netns ns2\n"
    "ip netns exec ns1 ip link set ns1-veth0 up\nip netns exec router1 ip link set gw1-veth0 up\n"
    "ip netns exec router1 ip link set gw1-veth1 up\nip netns exec router2 ip link set gw2-veth0 up\n"
    "ip netns exec router2 ip link set gw2-veth1 up\nip netns exec ns2 ip link set ns2-veth0 up\n"
    WIRE_ADDS
    "ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0\n"
    "ip netns exec router1 ip address add 192.0.2.254/24 dev gw1-veth0\n"
    "ip netns exec router1 ip address add 203.0.113.1/24 dev gw1-veth1\n"
    "ip netns exec router2 ip address add 203.0.113.2/24 dev gw2-veth0\n"
    "ip netns exec router2 ip address add 198.51.100.254/24 dev gw2-veth1\n"
    "ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0\n"
    "ip netns exec ns1 ip route add default via 192.0.2.254\n"
    "ip netns exec ns2 ip route add default via 198.51.100.254\n"
    "ip netns exec router1 ip route add 198.51.100.0/24 via 203.0.113.2\n"
    "ip netns exec router2 ip route add 192.0.2.0/24 via 203.0.113.1\n"
    "ip netns exec router1 sysctl -w net.ipv4.ip_forward=1\n"
    "ip netns exec router2 sysctl -w net.ipv4.ip_forward=1\n"
    "ip netns exec ns1 ping -c 1 198.51.100.1\n",
    /* 3: policy routing: rules of every action, route types, tables, a
     * local route, rp_filter strict and loose, proxy ARP, accept_local and
     * the ARP sysctls (tests/scenarios/70-86) */
    WIRE_ROUTER
    "ip -n router route add blackhole 10.1.0.0/16\n"
    "ip -n router route add unreachable 10.2.0.0/16\n"
    "ip -n router route add prohibit 10.3.0.0/16\n"
    "ip -n router route add throw 10.4.0.0/16\n"
    "ip -n router route add local 10.8.0.0/16 dev lo\n"
    "ip -n router route add default via 198.51.100.1 table 100\n"
    "ip -n router route add throw 10.10.0.0/16 table 100\n"
    "ip -n router route add 192.0.2.0/24 dev gw-veth0 table 101\n"
    "ip -n router route add prohibit default table 102\n"
    "ip -n router rule add to 10.5.0.0/16 unreachable pref 10\n"
    "ip -n router rule add to 10.6.0.0/16 prohibit pref 11\n"
    "ip -n router rule add to 10.7.0.0/16 blackhole pref 12\n"
    "ip -n router rule add from 192.0.2.64/26 table 100 pref 100\n"
    "ip -n router rule add iif gw-veth1 to 192.0.2.0/24 table 101 pref 200\n"
    "ip -n router rule add fwmark 1 table 102 pref 300\n"
    "ip -n router rule add to 203.0.113.0/24 table 100 suppress_prefixlength 0 pref 400\n"
    "ip netns exec router sysctl -w net.ipv4.conf.gw-veth0.rp_filter=1\n"
    "ip netns exec router sysctl -w net.ipv4.conf.gw-veth1.rp_filter=2\n"
    "ip netns exec router sysctl -w net.ipv4.conf.gw-veth1.proxy_arp=1\n"
    "ip netns exec router sysctl -w net.ipv4.conf.all.accept_local=1\n"
    "ip netns exec ns1 sysctl -w net.ipv4.conf.all.arp_ignore=1\n"
    "ip netns exec ns1 sysctl -w net.ipv4.conf.all.arp_announce=2\n"
    "ip netns exec ns2 sysctl -w net.ipv4.conf.all.arp_filter=1\n" WIRE_PING,
    /* 4 (WIRE_WORLD_SOCKETS): the router, and sockets the harness opens
     * (wire_socks_open()) */
    WIRE_ROUTER WIRE_PING,
    /* 5 (WIRE_WORLD_BRIDGE): three hosts on a bridge (textbook 50), the
     * bridge device with an address of its own; frames arrive on the hosts'
     * ends and on the bridge's ports */
    "ip netns add ns1\nip netns add ns2\nip netns add ns3\nip netns add bridge\n"
    "ip link add ns1-veth0 type veth peer name ns1-br0\n"
    "ip link add ns2-veth0 type veth peer name ns2-br0\n"
    "ip link add ns3-veth0 type veth peer name ns3-br0\n"
    "ip link set ns1-veth0 netns ns1\nip link set ns2-veth0 netns ns2\n"
    "ip link set ns3-veth0 netns ns3\nip link set ns1-br0 netns bridge\n"
    "ip link set ns2-br0 netns bridge\nip link set ns3-br0 netns bridge\n"
    "ip netns exec ns1 ip link set ns1-veth0 up\nip netns exec ns2 ip link set ns2-veth0 up\n"
    "ip netns exec ns3 ip link set ns3-veth0 up\nip netns exec bridge ip link set ns1-br0 up\n"
    "ip netns exec bridge ip link set ns2-br0 up\nip netns exec bridge ip link set ns3-br0 up\n"
    "ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0\n"
    "ip netns exec ns2 ip address add 192.0.2.2/24 dev ns2-veth0\n"
    "ip netns exec ns3 ip address add 192.0.2.3/24 dev ns3-veth0\n"
    "ip netns exec bridge ip link add dev br0 type bridge\n"
    "ip netns exec bridge ip link set br0 up\n"
    "ip netns exec bridge ip link set ns1-br0 master br0\n"
    "ip netns exec bridge ip link set ns2-br0 master br0\n"
    "ip netns exec bridge ip link set ns3-br0 master br0\n"
    "ip netns exec bridge ip link set lo up\n"
    "ip netns exec bridge ip address add 192.0.2.254/24 dev br0\n"
    "ip netns exec ns1 ping -c 1 192.0.2.2\n"
    "ip netns exec ns3 ping -c 1 192.0.2.254\n",
    /* 6 (WIRE_WORLD_NAT): a private network behind a router that
     * masquerades what leaves toward 203.0.113.0/24 and forwards TCP 8080
     * and UDP 5000 of its public address to 10.0.0.1 (textbooks 109, 115);
     * the harness opens servers on both sides and clients toward them
     * through the NAT (wire_socks_open()) */
    "ip netns add ns1\nip netns add router\nip netns add ns2\n"
    "ip link add ns1-veth0 type veth peer name gw-veth0\n"
    "ip link add ns2-veth0 type veth peer name gw-veth1\n"
    "ip link set ns1-veth0 netns ns1\nip link set gw-veth0 netns router\n"
    "ip link set gw-veth1 netns router\nip link set ns2-veth0 netns ns2\n"
    "ip netns exec ns1 ip address add 10.0.0.1/24 dev ns1-veth0\n"
    "ip netns exec router ip address add 10.0.0.254/24 dev gw-veth0\n"
    "ip netns exec router ip address add 203.0.113.254/24 dev gw-veth1\n"
    "ip netns exec ns2 ip address add 203.0.113.1/24 dev ns2-veth0\n"
    "ip netns exec ns1 ip link set ns1-veth0 up\nip netns exec router ip link set gw-veth0 up\n"
    "ip netns exec router ip link set gw-veth1 up\nip netns exec ns2 ip link set ns2-veth0 up\n"
    "ip netns exec router ip link set lo up\n" WIRE_ADDS
    "ip netns exec ns1 ip route add default via 10.0.0.254\n"
    "ip netns exec router sysctl -w net.ipv4.ip_forward=1\n"
    "ip netns exec router iptables -t nat -A POSTROUTING -s 10.0.0.0/24 -o gw-veth1 -j MASQUERADE\n"
    "ip netns exec router iptables -t nat -A PREROUTING -i gw-veth1 -p tcp --dport 8080 "
    "-j DNAT --to-destination 10.0.0.1:80\n"
    "ip netns exec router iptables -t nat -A PREROUTING -i gw-veth1 -p udp --dport 5000 "
    "-j DNAT --to-destination 10.0.0.1:5000\n"
    "ip netns exec ns1 ping -c 1 203.0.113.1\n"
    "ip netns exec ns2 ping -c 1 203.0.113.254\n",
};
const size_t wire_nworlds = G_N_ELEMENTS(wire_worlds);

