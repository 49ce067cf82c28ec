/* Connection tracking in the simulation (net/netfilter/nf_conntrack_core.c,
 * nf_conntrack_proto_{icmp,udp,tcp}.c), for one namespace: a connection
 * is the pair of tuples of its two directions; the first packet makes it
 * (NEW, unconfirmed) and it enters the table once that packet has passed
 * the last hook (confirm, at INPUT or POSTROUTING).  Packets of either
 * direction find it again; an ICMP error finds the connection of the
 * packet it quotes (RELATED).  NAT (sim/nf_nat.c) keeps its bindings in
 * the connection: the tuples themselves, as the kernel does.
 *
 * Conntrack runs in a namespace only while something there needs it: a
 * nat chain, or a rule with -m state/-m conntrack (nf_ct_netns_get()).
 *
 * Not modelled: TCP window tracking (nothing here is out of window),
 * helpers and expectations, fragments (the kernel reassembles them before
 * conntrack, nf_defrag_ipv4; here a fragment after the first is left
 * untracked), zones. */
#ifndef SIM_CONNTRACK_H
#define SIM_CONNTRACK_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct sim_netns sim_netns;

/* struct nf_conntrack_tuple, for TCP, UDP and ICMP (host order): ICMP's
 * identifier is the source "port", its type and code the destination's. */
typedef struct {
  uint32_t src, dst;
  uint16_t sport, dport;
  uint8_t proto;
} sim_ct_tuple;

enum { SIM_CT_DIR_ORIGINAL = 0, SIM_CT_DIR_REPLY = 1 };

/* enum ip_conntrack_info */
typedef enum {
  SIM_CTINFO_ESTABLISHED = 0,
  SIM_CTINFO_RELATED = 1,
  SIM_CTINFO_NEW = 2,
  SIM_CTINFO_ESTABLISHED_REPLY = 3,
  SIM_CTINFO_RELATED_REPLY = 4,
} sim_ctinfo;
#define SIM_CTINFO_DIR(ci) ((ci) >= SIM_CTINFO_ESTABLISHED_REPLY ? SIM_CT_DIR_REPLY : SIM_CT_DIR_ORIGINAL)

/* ct->status bits (enum ip_conntrack_status) */
enum {
  SIM_CT_SEEN_REPLY = 1u << 1,
  SIM_CT_ASSURED = 1u << 2,
  SIM_CT_CONFIRMED = 1u << 3,
  SIM_CT_SRC_NAT = 1u << 4,
  SIM_CT_DST_NAT = 1u << 5,
  SIM_CT_SRC_NAT_DONE = 1u << 7,
  SIM_CT_DST_NAT_DONE = 1u << 8,
  SIM_CT_DYING = 1u << 9,
};

/* the conntrack TCP states (enum tcp_conntrack) that set timeouts */
typedef enum {
  SIM_CT_TCP_NONE,
  SIM_CT_TCP_SYN_SENT,
  SIM_CT_TCP_SYN_RECV,
  SIM_CT_TCP_ESTABLISHED,
  SIM_CT_TCP_FIN_WAIT,
  SIM_CT_TCP_CLOSE_WAIT,
  SIM_CT_TCP_LAST_ACK,
  SIM_CT_TCP_TIME_WAIT,
  SIM_CT_TCP_CLOSE,
} sim_ct_tcp_state;

typedef struct sim_ct {
  sim_ct_tuple t[2];          /* ORIGINAL, REPLY */
  unsigned status;
  uint64_t expires;           /* the clock's ns */
  sim_ct_tcp_state tcp;
  bool fin[2];                /* each direction's FIN seen */
  uint64_t stream_ts;         /* UDP: a reply after this makes it a stream */
} sim_ct;

/* A packet's conntrack (skb->_nfct): NULL ct is untracked or invalid. */
typedef struct {
  sim_ct *ct;
  sim_ctinfo ctinfo;
  bool invalid;               /* conntrack looked and refused it */
  bool borrowed;              /* attached from another packet (nf_ct_attach()): not ours to free */
} sim_nf_skb;

typedef struct sim_ct_table sim_ct_table;

sim_ct_table *sim_ct_table_new(void);
void sim_ct_table_free(sim_ct_table *t);

/* nf_conntrack_in(): the connection of pkt (a whole IPv4 packet), found
 * or made unconfirmed, into skb. */
void sim_ct_in(sim_netns *ns, sim_ct_table *t, const uint8_t *pkt, size_t len, sim_nf_skb *skb);
/* __nf_conntrack_confirm(): a new connection enters the table. */
void sim_ct_confirm(sim_ct_table *t, sim_nf_skb *skb);
/* The packet is done with: an unconfirmed connection it made is freed. */
void sim_ct_release(sim_nf_skb *skb);
/* The reply tuple changed (a NAT binding): the table follows. */
void sim_ct_rehash(sim_ct_table *t, sim_ct *ct, const sim_ct_tuple *new_reply);
/* nf_nat_used_tuple(): some other connection already replies to this tuple. */
bool sim_ct_tuple_taken(sim_ct_table *t, const sim_ct_tuple *reply, const sim_ct *ignore);
/* nf_ct_set_closing(): a TCP connection reset (REJECT --reject-with tcp-reset). */
void sim_ct_set_closing(sim_ct *ct, uint64_t now);
/* conntrack -L: the live connections into out (nsp_ct_entry), in an order
 * of their own (the kernel's is its hash's, random); conntrack -F. */
void sim_ct_table_list(sim_ct_table *t, uint64_t now, GArray *out);
void sim_ct_table_flush(sim_ct_table *t);
/* the same five fields */
bool sim_ct_tuple_equal(const sim_ct_tuple *a, const sim_ct_tuple *b);
/* nf_ct_invert_tuple() */
void sim_ct_tuple_invert(const sim_ct_tuple *t, sim_ct_tuple *inv);
/* The tuple of a packet (nf_ct_get_tuple()); false for what conntrack
 * does not track here (other protocols, truncated headers). */
bool sim_ct_tuple_of(const uint8_t *pkt, size_t len, sim_ct_tuple *t);

#endif
