/* UDP in the simulation (net/ipv4/udp.c): datagrams in and out of
 * sockets, Port Unreachable from a port nobody has, ICMP errors handed to
 * the socket that sent what they quote. */
#ifndef SIM_UDP_H
#define SIM_UDP_H

#include "sim/inet_sock.h"

/* __udp4_lib_rcv(): pkt is a whole IPv4 packet for this namespace;
 * bcast: to a broadcast address (delivered to every match, no error). */
void sim_udp_input(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len, bool bcast);
/* __udp4_lib_err(): icmp is the ICMP error's whole IPv4 packet. */
void sim_udp_err(sim_netns *ns, int in_ifindex, const uint8_t *icmp_pkt, size_t len);

bool sim_udp_connect(sim_isock *s, uint32_t addr, uint16_t port, nsp_status *st);
long sim_udp_sendmsg(sim_isock *s, const void *data, size_t len, const nsp_sockaddr *to,
                     nsp_status *st);
long sim_udp_recvmsg(sim_isock *s, void *buf, size_t cap, nsp_sockaddr *from, bool peek,
                     nsp_status *st);
/* udp_poll() -> datagram_poll(): NSP_POLL* bits */
unsigned sim_udp_poll(const sim_isock *s);

#endif
