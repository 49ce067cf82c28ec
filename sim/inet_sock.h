/* Sockets of the simulation (UDP now, TCP in sim/tcp*.c): what the
 * kernel's struct inet_sock holds for a program in a namespace — the local
 * and remote address and port, the options, the pending error (sk_err), the
 * error queue of IP_RECVERR and the receive queue — and the port table that
 * bind(), connect() and the input path share (net/ipv4/inet_hashtables.c,
 * udp.c udp_lib_get_port()).
 *
 * A socket belongs to one namespace for life, as on the kernel; when the
 * namespace goes first the socket stays, orphaned (ns NULL), and every call
 * on it fails with ENOTCONN or does nothing. */
#ifndef SIM_INET_SOCK_H
#define SIM_INET_SOCK_H

#include "proto/ipv4.h"
#include "sim/sim.h"

/* The kernel's net.ipv4.ip_local_port_range default. */
#define SIM_PORT_EPHEMERAL_LOW 32768
#define SIM_PORT_EPHEMERAL_HIGH 60999

/* A receive queue holds at most this many datagrams; more are dropped
 * (UdpRcvbufErrors).  The kernel counts bytes against net.core.rmem_default
 * (212992) by each skb's truesize; a cap in packets is what the model can
 * say without the kernel's allocator, and no scenario comes near it. */
#define SIM_SOCK_RXQ_MAX 256

typedef struct sim_isock sim_isock;

struct sim_isock {
  nsp_sock base;          /* base.be: the world's backend */
  sim_netns *ns;          /* NULL once the namespace is gone */
  nsp_sock_opts opts;
  int bound_ifindex;      /* SO_BINDTODEVICE, 0 when none */
  uint32_t laddr, raddr;  /* 0: any / not connected */
  uint16_t lport, rport;  /* 0: not bound / not connected */
  bool connected;
  bool listening;         /* TCP: listen() was called */
  bool bind_addr_set;     /* bind() chose the local address (connect keeps it) */
  bool shut_rd, shut_wr;
  uint16_t inet_id;       /* IP ID of the next DF datagram of a connected socket */
  int sk_err;             /* the pending error, as sock_error() takes it */
  GArray *errq;           /* nsp_sock_errq, oldest first */
  guint errq_next;
  sim_pktq rxq;           /* UDP: whole IPv4 packets, from the world's pool */
  unsigned rxq_len;
  void *proto;            /* the protocol's state (TCP) */
};

/* A new socket of ns, not in the port table until it is bound. */
sim_isock *sim_isock_new(sim_world *w, sim_netns *ns, const nsp_sock_opts *o, nsp_status *st);
void sim_isock_free(sim_isock *s);
/* The namespace goes: its sockets stay, orphaned. */
void sim_isock_orphan_all(sim_netns *ns);

/* bind(): EADDRNOTAVAIL for an address that is not ours, EADDRINUSE for
 * a port taken (unless both have SO_REUSEADDR, UDP); port 0 picks an
 * ephemeral port. */
bool sim_isock_bind(sim_isock *s, uint32_t addr, uint16_t port, nsp_status *st);
/* inet_autobind(): an ephemeral port when none is bound yet. */
bool sim_isock_autobind(sim_isock *s, nsp_status *st);
/* The route a datagram or segment of s to dst takes (the bound device
 * and source address respected); false with ENETUNREACH when none. */
/* The route of the socket's flow to dst:dport (its protocol, bound
 * address, port and device); connect: ip_route_connect(), which looks up
 * once more with the source the first lookup chose, and hashes a random
 * source port when none is bound yet. */
bool sim_isock_route(sim_isock *s, uint32_t dst, uint16_t dport, bool connect,
                     sim_rt_result *res, nsp_status *st);

/* The best socket of ns for a packet (the kernel's compute_score():
 * connected sockets before wildcards, a bound address before any). */
sim_isock *sim_isock_lookup(sim_netns *ns, nsp_sock_type type, uint32_t saddr, uint16_t sport,
                            uint32_t daddr, uint16_t dport, int ifindex);

/* The MTU a packet along res must fit (65535 through lo). */
unsigned sim_isock_mtu(const sim_rt_result *res);
/* Sends the transport packet at pkt + 20 (len bytes with the 20 of the
 * IPv4 header, whose source and destination the caller has written at
 * pkt + 12 and pkt + 16) along res with the socket's TTL, TOS, DF and ID;
 * id0: ID 0 whatever the socket's (a SYN-ACK leaves through its listener,
 * whose address is not connected: ip_select_ident_segs()). */
void sim_isock_ip_output(sim_isock *s, const sim_rt_result *res, uint8_t *pkt, size_t len,
                         uint8_t proto, bool id0);

/* Queues an ICMP error (ip_icmp_error()) and sets sk_err. */
void sim_isock_queue_error(sim_isock *s, const nsp_sock_errq *e);
bool sim_isock_pop_error(sim_isock *s, nsp_sock_errq *e);
/* sock_error(): the pending error, cleared. */
int sim_isock_take_error(sim_isock *s);

#endif
