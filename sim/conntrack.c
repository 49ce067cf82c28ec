/* Connection tracking (sim/conntrack.h). */
#include "sim/conntrack.h"

#include <string.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "core/backend.h"
#include "sim/sim.h"

#define CT_S 1000000000ULL

/* Timeouts (net/netfilter/nf_conntrack_proto_*.c defaults). */
#define CT_ICMP_TIMEOUT (30 * CT_S)
#define CT_UDP_TIMEOUT (30 * CT_S)          /* nf_conntrack_udp_timeout */
#define CT_UDP_STREAM_TIMEOUT (120 * CT_S)  /* nf_conntrack_udp_timeout_stream */
#define CT_GENERIC_TIMEOUT (600 * CT_S)
static const uint64_t ct_tcp_timeouts[] = {
    [SIM_CT_TCP_NONE] = 0,
    [SIM_CT_TCP_SYN_SENT] = 120 * CT_S,
    [SIM_CT_TCP_SYN_RECV] = 60 * CT_S,
    [SIM_CT_TCP_ESTABLISHED] = 5ULL * 24 * 3600 * CT_S,
    [SIM_CT_TCP_FIN_WAIT] = 120 * CT_S,
    [SIM_CT_TCP_CLOSE_WAIT] = 60 * CT_S,
    [SIM_CT_TCP_LAST_ACK] = 30 * CT_S,
    [SIM_CT_TCP_TIME_WAIT] = 120 * CT_S,
    [SIM_CT_TCP_CLOSE] = 10 * CT_S,
};

#define TCPF_FIN 0x01
#define TCPF_SYN 0x02
#define TCPF_RST 0x04
#define TCPF_ACK 0x10

struct sim_ct_table {
  GHashTable *h; /* sim_ct_tuple* (inside its connection) -> sim_ct* */
};

static guint ct_tuple_hash(gconstpointer k) {
  const sim_ct_tuple *t = k;
  return (t->src * 2654435761u) ^ (t->dst * 40503u) ^ ((guint)t->sport << 16 | t->dport) ^ t->proto;
}

static gboolean ct_tuple_equal(gconstpointer a, gconstpointer b) {
  const sim_ct_tuple *x = a, *y = b;
  return x->src == y->src && x->dst == y->dst && x->sport == y->sport && x->dport == y->dport &&
         x->proto == y->proto;
}

bool sim_ct_tuple_equal(const sim_ct_tuple *a, const sim_ct_tuple *b) {
  return ct_tuple_equal(a, b);
}

sim_ct_table *sim_ct_table_new(void) {
  sim_ct_table *t = g_new0(sim_ct_table, 1);
  t->h = g_hash_table_new(ct_tuple_hash, ct_tuple_equal);
  return t;
}

void sim_ct_table_free(sim_ct_table *t) {
  if (!t) return;
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, t->h);
  while (g_hash_table_iter_next(&it, &k, &v))
    if (k == &((sim_ct *)v)->t[SIM_CT_DIR_ORIGINAL]) g_free(v);
  g_hash_table_destroy(t->h);
  g_free(t);
}

/* icmp_pkt_to_tuple()'s request -> reply types (invmap[]) */
static int ct_icmp_reply_type(uint8_t type) {
  switch (type) {
  case 8: return 0;   /* echo */
  case 0: return 8;
  case 13: return 14; /* timestamp */
  case 14: return 13;
  case 15: return 16; /* info */
  case 16: return 15;
  case 17: return 18; /* address mask */
  case 18: return 17;
  default: return -1;
  }
}

void sim_ct_tuple_invert(const sim_ct_tuple *t, sim_ct_tuple *inv) {
  *inv = (sim_ct_tuple){.src = t->dst, .dst = t->src, .proto = t->proto};
  if (t->proto == IPV4_PROTO_ICMP) {
    inv->sport = t->sport; /* the identifier */
    int rt = ct_icmp_reply_type((uint8_t)(t->dport >> 8));
    inv->dport = (uint16_t)(((rt < 0 ? 0 : rt) << 8) | (t->dport & 0xff));
  } else {
    inv->sport = t->dport;
    inv->dport = t->sport;
  }
}

bool sim_ct_tuple_of(const uint8_t *pkt, size_t len, sim_ct_tuple *t) {
  if (len < IPV4_HDR_LEN) return false;
  size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
  uint16_t frag = inet_get16(pkt + 6);
  if (ihl < IPV4_HDR_LEN || len < ihl || (frag & IPV4_OFFSET_MASK)) return false;
  *t = (sim_ct_tuple){.src = inet_get32(pkt + 12), .dst = inet_get32(pkt + 16), .proto = pkt[9]};
  const uint8_t *l4 = pkt + ihl;
  switch (t->proto) {
  case IPV4_PROTO_TCP:
  case IPV4_PROTO_UDP:
    if (len < ihl + 4) return false;
    t->sport = inet_get16(l4);
    t->dport = inet_get16(l4 + 2);
    return true;
  case IPV4_PROTO_ICMP:
    if (len < ihl + 8) return false;
    t->sport = inet_get16(l4 + 4);
    t->dport = (uint16_t)(l4[0] << 8 | l4[1]);
    return true;
  default: return true; /* the generic tracker: addresses and protocol */
  }
}

static void ct_unhash(sim_ct_table *t, sim_ct *ct) {
  g_hash_table_remove(t->h, &ct->t[SIM_CT_DIR_ORIGINAL]);
  g_hash_table_remove(t->h, &ct->t[SIM_CT_DIR_REPLY]);
}

/* A confirmed connection for tuple, and its direction; an expired one is
 * removed on the way (the kernel's gc does it a little later). */
static sim_ct *ct_find(sim_ct_table *t, const sim_ct_tuple *tp, uint64_t now, int *dir) {
  sim_ct *ct = g_hash_table_lookup(t->h, tp);
  if (!ct) return NULL;
  if (ct->expires <= now) {
    ct_unhash(t, ct);
    g_free(ct);
    return NULL;
  }
  *dir = ct_tuple_equal(tp, &ct->t[SIM_CT_DIR_ORIGINAL]) ? SIM_CT_DIR_ORIGINAL : SIM_CT_DIR_REPLY;
  return ct;
}

/* nf_conntrack_udp_packet(): a connection that has seen a reply and is
 * still active two seconds after its first packet is a stream: the long
 * timeout, and ASSURED (it is no probe) */
static bool ct_udp_stream(const sim_ct *ct, uint64_t now) {
  return (ct->status & SIM_CT_SEEN_REPLY) && now > ct->stream_ts;
}

static uint64_t ct_timeout(const sim_ct *ct, uint64_t now) {
  switch (ct->t[0].proto) {
  case IPV4_PROTO_ICMP: return CT_ICMP_TIMEOUT;
  case IPV4_PROTO_UDP: return ct_udp_stream(ct, now) ? CT_UDP_STREAM_TIMEOUT : CT_UDP_TIMEOUT;
  case IPV4_PROTO_TCP: return ct_tcp_timeouts[ct->tcp];
  default: return CT_GENERIC_TIMEOUT;
  }
}

/* tcp_new(): a SYN opens (SYN_SENT), a lone ACK is picked up mid-stream
 * (nf_conntrack_tcp_loose = 1: ESTABLISHED); anything else is invalid. */
static bool ct_tcp_new(sim_ct *ct, uint8_t flags) {
  if ((flags & (TCPF_SYN | TCPF_ACK | TCPF_RST | TCPF_FIN)) == TCPF_SYN) ct->tcp = SIM_CT_TCP_SYN_SENT;
  else if ((flags & (TCPF_SYN | TCPF_RST | TCPF_FIN)) == 0 && (flags & TCPF_ACK))
    ct->tcp = SIM_CT_TCP_ESTABLISHED;
  else return false;
  return true;
}

/* tcp_packet()'s state table, the transitions a connection between two
 * namespaces goes through. */
static void ct_tcp_packet(sim_ct *ct, int dir, uint8_t flags) {
  if (flags & TCPF_RST) {
    ct->tcp = SIM_CT_TCP_CLOSE;
    return;
  }
  if ((flags & TCPF_SYN) && (flags & TCPF_ACK) && dir == SIM_CT_DIR_REPLY &&
      ct->tcp == SIM_CT_TCP_SYN_SENT) {
    ct->tcp = SIM_CT_TCP_SYN_RECV;
    return;
  }
  if (flags & TCPF_FIN) {
    ct->fin[dir] = true;
    ct->tcp = ct->fin[!dir] ? SIM_CT_TCP_LAST_ACK
              : dir == SIM_CT_DIR_ORIGINAL ? SIM_CT_TCP_FIN_WAIT : SIM_CT_TCP_CLOSE_WAIT;
    return;
  }
  if (!(flags & TCPF_ACK)) return;
  if (ct->tcp == SIM_CT_TCP_SYN_RECV && dir == SIM_CT_DIR_ORIGINAL) ct->tcp = SIM_CT_TCP_ESTABLISHED;
  else if (ct->tcp == SIM_CT_TCP_LAST_ACK) ct->tcp = SIM_CT_TCP_TIME_WAIT;
}

/* icmp_error_message(): the connection of the quoted packet, RELATED */
static void ct_icmp_error(sim_ct_table *t, uint64_t now, const uint8_t *pkt, size_t len,
                          size_t ihl, sim_nf_skb *skb) {
  sim_ct_tuple inner, inv;
  if (len < ihl + 8 + IPV4_HDR_LEN || !sim_ct_tuple_of(pkt + ihl + 8, len - ihl - 8, &inner)) {
    skb->invalid = true;
    return;
  }
  sim_ct_tuple_invert(&inner, &inv);
  int dir;
  sim_ct *ct = ct_find(t, &inv, now, &dir);
  if (!ct) {
    skb->invalid = true;
    return;
  }
  skb->ct = ct;
  skb->ctinfo = dir == SIM_CT_DIR_REPLY ? SIM_CTINFO_RELATED_REPLY : SIM_CTINFO_RELATED;
}

void sim_ct_in(sim_netns *ns, sim_ct_table *t, const uint8_t *pkt, size_t len, sim_nf_skb *skb) {
  uint64_t now = ns->w->now;
  sim_ct_tuple tp;
  *skb = (sim_nf_skb){0};
  if (!sim_ct_tuple_of(pkt, len, &tp)) return; /* untracked here: see the header */
  size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
  uint8_t flags = tp.proto == IPV4_PROTO_TCP && len >= ihl + 14 ? pkt[ihl + 13] : 0;
  if (tp.proto == IPV4_PROTO_ICMP && icmp_type_is_error((uint8_t)(tp.dport >> 8))) {
    ct_icmp_error(t, now, pkt, len, ihl, skb);
    return;
  }
  int dir;
  sim_ct *ct = ct_find(t, &tp, now, &dir);
  /* a SYN on a closed connection reopens it: the old one goes */
  if (ct && tp.proto == IPV4_PROTO_TCP && dir == SIM_CT_DIR_ORIGINAL &&
      (flags & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN && ct->tcp >= SIM_CT_TCP_TIME_WAIT) {
    ct_unhash(t, ct);
    g_free(ct);
    ct = NULL;
  }
  if (!ct) {
    if (tp.proto == IPV4_PROTO_ICMP && ct_icmp_reply_type((uint8_t)(tp.dport >> 8)) < 0) {
      skb->invalid = true;
      return;
    }
    /* icmp_new(): only requests open; a reply without its request is invalid */
    if (tp.proto == IPV4_PROTO_ICMP && ((tp.dport >> 8) == 0 || (tp.dport >> 8) == 14 ||
                                        (tp.dport >> 8) == 16 || (tp.dport >> 8) == 18)) {
      skb->invalid = true;
      return;
    }
    ct = g_new0(sim_ct, 1);
    ct->t[SIM_CT_DIR_ORIGINAL] = tp;
    sim_ct_tuple_invert(&tp, &ct->t[SIM_CT_DIR_REPLY]);
    if (tp.proto == IPV4_PROTO_TCP && !ct_tcp_new(ct, flags)) {
      g_free(ct);
      skb->invalid = true;
      return;
    }
    ct->stream_ts = now + 2 * CT_S;
    ct->expires = now + ct_timeout(ct, now);
    skb->ct = ct;
    skb->ctinfo = SIM_CTINFO_NEW;
    return;
  }
  if (dir == SIM_CT_DIR_REPLY) ct->status |= SIM_CT_SEEN_REPLY;
  if (tp.proto == IPV4_PROTO_TCP) {
    sim_ct_tcp_state old = ct->tcp;
    ct_tcp_packet(ct, dir, flags);
    /* nf_conntrack_tcp_packet(): a valid ACK in ESTABLISHED after SYN_RECV */
    if ((old == SIM_CT_TCP_SYN_RECV || old == SIM_CT_TCP_ESTABLISHED) &&
        ct->tcp == SIM_CT_TCP_ESTABLISHED)
      ct->status |= SIM_CT_ASSURED;
  }
  if (tp.proto == IPV4_PROTO_UDP && ct_udp_stream(ct, now)) ct->status |= SIM_CT_ASSURED;
  ct->expires = now + ct_timeout(ct, now);
  skb->ct = ct;
  skb->ctinfo = dir == SIM_CT_DIR_REPLY ? SIM_CTINFO_ESTABLISHED_REPLY
                : ct->status & SIM_CT_SEEN_REPLY ? SIM_CTINFO_ESTABLISHED : SIM_CTINFO_NEW;
}

void sim_ct_confirm(sim_ct_table *t, sim_nf_skb *skb) {
  sim_ct *ct = skb->ct;
  if (!ct || (ct->status & SIM_CT_CONFIRMED)) return;
  /* the same tuple confirmed meanwhile (a clash): the packet keeps the old one */
  int dir;
  if (ct_find(t, &ct->t[SIM_CT_DIR_ORIGINAL], 0, &dir)) return;
  ct->status |= SIM_CT_CONFIRMED;
  g_hash_table_insert(t->h, &ct->t[SIM_CT_DIR_ORIGINAL], ct);
  g_hash_table_insert(t->h, &ct->t[SIM_CT_DIR_REPLY], ct);
}

void sim_ct_release(sim_nf_skb *skb) {
  if (skb->ct && !skb->borrowed && !(skb->ct->status & SIM_CT_CONFIRMED)) g_free(skb->ct);
  skb->ct = NULL;
}

void sim_ct_rehash(sim_ct_table *t, sim_ct *ct, const sim_ct_tuple *new_reply) {
  bool hashed = ct->status & SIM_CT_CONFIRMED;
  if (hashed) g_hash_table_remove(t->h, &ct->t[SIM_CT_DIR_REPLY]);
  ct->t[SIM_CT_DIR_REPLY] = *new_reply;
  if (hashed) g_hash_table_insert(t->h, &ct->t[SIM_CT_DIR_REPLY], ct);
}

bool sim_ct_tuple_taken(sim_ct_table *t, const sim_ct_tuple *reply, const sim_ct *ignore) {
  sim_ct *ct = g_hash_table_lookup(t->h, reply);
  return ct && ct != ignore;
}

void sim_ct_set_closing(sim_ct *ct, uint64_t now) {
  if (ct->t[0].proto != IPV4_PROTO_TCP) return;
  ct->tcp = SIM_CT_TCP_CLOSE;
  ct->expires = now + ct_timeout(ct, now);
}

static gint ct_entry_cmp(gconstpointer a, gconstpointer b) {
  const nsp_ct_entry *x = a, *y = b;
  if (x->proto != y->proto) return x->proto < y->proto ? -1 : 1;
  if (x->src[0] != y->src[0]) return x->src[0] < y->src[0] ? -1 : 1;
  if (x->dst[0] != y->dst[0]) return x->dst[0] < y->dst[0] ? -1 : 1;
  if (x->sport[0] != y->sport[0]) return x->sport[0] < y->sport[0] ? -1 : 1;
  return x->dport[0] < y->dport[0] ? -1 : x->dport[0] > y->dport[0];
}

/* conntrack-tools' tcp state names (include/linux/netfilter/nf_conntrack_tcp.h order) */
static const char *ct_tcp_state_name(sim_ct_tcp_state s) {
  static const char *const names[] = {"NONE",       "SYN_SENT", "SYN_RECV",  "ESTABLISHED", "FIN_WAIT",
                                      "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE"};
  return (unsigned)s < G_N_ELEMENTS(names) ? names[s] : "NONE";
}

/* ctnetlink_dump_table(): the confirmed, unexpired connections, each with
 * nf_ct_expires() / HZ seconds left (rounded down). */
void sim_ct_table_list(sim_ct_table *t, uint64_t now, GArray *out) {
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, t->h);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    const sim_ct *ct = v;
    if (k != &ct->t[SIM_CT_DIR_ORIGINAL] || ct->expires <= now) continue;
    nsp_ct_entry e = {.proto = ct->t[0].proto, .timeout_s = (ct->expires - now) / CT_S,
                      .unreplied = !(ct->status & SIM_CT_SEEN_REPLY),
                      .assured = (ct->status & SIM_CT_ASSURED) != 0};
    for (int d = 0; d < 2; d++) {
      e.src[d] = ct->t[d].src;
      e.dst[d] = ct->t[d].dst;
      if (e.proto == IPV4_PROTO_ICMP) {
        e.icmp_id[d] = ct->t[d].sport;
        e.icmp_type[d] = (uint8_t)(ct->t[d].dport >> 8);
        e.icmp_code[d] = (uint8_t)ct->t[d].dport;
      } else {
        e.sport[d] = ct->t[d].sport;
        e.dport[d] = ct->t[d].dport;
      }
    }
    if (e.proto == IPV4_PROTO_TCP) e.tcp_state = ct_tcp_state_name(ct->tcp);
    g_array_append_val(out, e);
  }
  g_array_sort(out, ct_entry_cmp);
}

void sim_ct_table_flush(sim_ct_table *t) {
  GHashTableIter it;
  gpointer k, v;
  GPtrArray *gone = g_ptr_array_new_with_free_func(g_free);
  g_hash_table_iter_init(&it, t->h);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    sim_ct *ct = v;
    if (k == &ct->t[SIM_CT_DIR_ORIGINAL]) g_ptr_array_add(gone, ct);
  }
  g_hash_table_remove_all(t->h);
  g_ptr_array_unref(gone);
}
