/* Multipath path selection (sim/mpath.h). */
#include "sim/mpath.h"

#include <string.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/nexthop.h"
#include "sim/sim.h"

/* ---- the hash ---------------------------------------------------------- */

#define SIP_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIP_ROUND                                                               \
  do {                                                                          \
    v0 += v1, v1 = SIP_ROTL(v1, 13), v1 ^= v0, v0 = SIP_ROTL(v0, 32);           \
    v2 += v3, v3 = SIP_ROTL(v3, 16), v3 ^= v2;                                  \
    v0 += v3, v3 = SIP_ROTL(v3, 21), v3 ^= v0;                                  \
    v2 += v1, v1 = SIP_ROTL(v1, 17), v1 ^= v2, v2 = SIP_ROTL(v2, 32);           \
  } while (0)

static uint64_t sip_le64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

/* lib/siphash.c siphash(): SipHash-2-4, the message read as little-endian
 * words, the length in the last byte.  GLib has no siphash and neither has
 * any library nspath links; the function is twenty lines of the paper. */
static uint64_t sip_hash24(const uint8_t *d, size_t len, uint64_t k0, uint64_t k1) {
  uint64_t v0 = 0x736f6d6570736575ULL ^ k0, v1 = 0x646f72616e646f6dULL ^ k1;
  uint64_t v2 = 0x6c7967656e657261ULL ^ k0, v3 = 0x7465646279746573ULL ^ k1;
  uint64_t b = (uint64_t)len << 56;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t m = sip_le64(d + i);
    v3 ^= m;
    SIP_ROUND;
    SIP_ROUND;
    v0 ^= m;
  }
  for (size_t j = 0; j < (len & 7); j++) b |= (uint64_t)d[i + j] << (8 * j);
  v3 ^= b;
  SIP_ROUND;
  SIP_ROUND;
  v0 ^= b;
  v2 ^= 0xff;
  SIP_ROUND;
  SIP_ROUND;
  SIP_ROUND;
  SIP_ROUND;
  return v0 ^ v1 ^ v2 ^ v3;
}

/* struct flow_keys from FLOW_KEYS_HASH_START_FIELD (basic) to the end with
 * IPv4 addresses (include/net/flow_dissector.h): basic (n_proto, ip_proto,
 * padding) at 0, tags 4, vlan 8, cvlan 16, keyid 24, ports 28, icmp 32,
 * the addresses 36 and 40, and the rest of the address union's first
 * word at 44 -- 48 bytes, the length flow_keys_hash_length() gives.
 * Everything but ip_proto, the ports and the addresses is zero. */
#define MP_KEYS_LEN 48

static uint32_t mp_bswap32(uint32_t x) { return __builtin_bswap32(x); }
static uint16_t mp_bswap16(uint16_t x) { return __builtin_bswap16(x); }

uint32_t sim_mp_flow_hash(const sim_mp_keys *k, uint32_t seed) {
  uint32_t s = k->saddr, d = k->daddr;
  uint16_t sp = k->sport, dp = k->dport;
  /* __flow_hash_consistentify(): compared as the x86 kernel loads the
   * big-endian fields, i.e. byte-swapped */
  if (mp_bswap32(d) < mp_bswap32(s)) {
    uint32_t t = s;
    s = d, d = t;
  }
  if (mp_bswap16(dp) < mp_bswap16(sp)) {
    uint16_t t = sp;
    sp = dp, dp = t;
  }
  uint8_t buf[MP_KEYS_LEN] = {0};
  buf[2] = k->proto;
  inet_put16(buf + 28, sp);
  inet_put16(buf + 30, dp);
  inet_put32(buf + 36, s);
  inet_put32(buf + 40, d);
  /* fib_multipath_hash_construct_key() */
  uint64_t key = (uint64_t)seed << 32 | seed;
  uint32_t h = (uint32_t)sip_hash24(buf, sizeof buf, key, key);
  return h ? h : 1;
}

/* proto_ports_offset(): where a protocol's ports (or SPI) begin */
static int mp_ports_offset(uint8_t proto) {
  switch (proto) {
  case IPV4_PROTO_TCP: case IPV4_PROTO_UDP: case 33 /* DCCP */: case 50 /* ESP */:
  case 132 /* SCTP */: case 136 /* UDPLITE */: return 0;
  case 51 /* AH */: return 4;
  default: return -1;
  }
}

/* skb_flow_dissect_flow_keys() of an IPv4 packet as far as the hash reads
 * it: addresses, protocol, and the ports of a packet that is no fragment
 * (FLOW_DISSECTOR_F_PARSE_1ST_FRAG is not asked for). */
static void mp_dissect(const uint8_t *pkt, size_t len, sim_mp_keys *k) {
  memset(k, 0, sizeof *k);
  if (len < IPV4_HDR_LEN) return;
  size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
  k->saddr = inet_get32(pkt + 12);
  k->daddr = inet_get32(pkt + 16);
  k->proto = pkt[9];
  uint16_t frag = inet_get16(pkt + 6);
  int off = mp_ports_offset(k->proto);
  if ((frag & (IPV4_FLAG_MF | IPV4_OFFSET_MASK)) || off < 0 || len < ihl + (size_t)off + 4) return;
  k->sport = inet_get16(pkt + ihl + (size_t)off);
  k->dport = inet_get16(pkt + ihl + (size_t)off + 2);
}

/* ip_multipath_l3_keys(): the addresses, those of the quoted packet for an
 * ICMP error (so that an error follows the flow it is about) */
static void mp_l3_keys(const uint8_t *pkt, size_t len, sim_mp_keys *k) {
  memset(k, 0, sizeof *k);
  if (len < IPV4_HDR_LEN) return;
  size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
  const uint8_t *key = pkt;
  if (pkt[9] == IPV4_PROTO_ICMP && !(inet_get16(pkt + 6) & IPV4_OFFSET_MASK) &&
      len >= ihl + ICMP_HDR_LEN + IPV4_HDR_LEN && icmp_type_is_error(pkt[ihl]))
    key = pkt + ihl + ICMP_HDR_LEN;
  k->saddr = inet_get32(key + 12);
  k->daddr = inet_get32(key + 16);
}

/* FIB_MULTIPATH_HASH_FIELD_* (include/net/ip_fib.h) */
enum { MP_F_SRC_IP = 1, MP_F_DST_IP = 2, MP_F_PROTO = 4, MP_F_SRC_PORT = 16, MP_F_DST_PORT = 32,
       MP_F_OUTER = 0x3f };

static void mp_custom_keys(unsigned fields, sim_mp_keys *k) {
  if (!(fields & MP_F_SRC_IP)) k->saddr = 0;
  if (!(fields & MP_F_DST_IP)) k->daddr = 0;
  if (!(fields & MP_F_PROTO)) k->proto = 0;
  if (!(fields & MP_F_SRC_PORT)) k->sport = 0;
  if (!(fields & MP_F_DST_PORT)) k->dport = 0;
}

uint32_t sim_mp_hash(sim_netns *ns, const sim_flow *fl) {
  sim_mp_keys k = {.saddr = fl->saddr, .daddr = fl->daddr};
  int policy = ns->mp_hash_policy;
  if (fl->pkt) {
    if (policy == 0) mp_l3_keys(fl->pkt, fl->pkt_len, &k);
    else mp_dissect(fl->pkt, fl->pkt_len, &k);
    /* 2: the outer addresses (nothing here is encapsulated); 1 keeps the
     * ports -- on the kernel a segment of a socket that has a txhash
     * (TCP, connected UDP) is hashed by that random value instead
     * (skb->l4_hash survives the veth) */
    if (policy == 2) k.proto = 0, k.sport = k.dport = 0;
  } else if (policy == 1 || policy == 3) {
    k.proto = fl->proto;
    k.sport = fl->any_sport ? (uint16_t)sim_world_rand(ns->w) : fl->sport;
    k.dport = fl->dport;
  }
  if (policy == 3) {
    unsigned fields = (unsigned)ns->mp_hash_fields;
    if (!(fields & MP_F_OUTER)) return 0;
    mp_custom_keys(fields, &k);
  }
  uint32_t seed = ns->mp_hash_seed ? (uint32_t)ns->mp_hash_seed : ns->w->mp_boot_seed;
  return sim_mp_flow_hash(&k, seed) >> 1;
}

/* ---- the choice -------------------------------------------------------- */

/* NUD_VALID (include/net/neighbour.h) */
#define MP_NUD_VALID (NSP_NUD_PERMANENT | NSP_NUD_NOARP | NSP_NUD_REACHABLE | NSP_NUD_PROBE | \
                      NSP_NUD_STALE | NSP_NUD_DELAY)

/* fib_good_nh() and ipv4_good_nh(): no neighbour entry counts as
 * reachable; an INCOMPLETE or FAILED one does not */
static bool mp_neigh_good(sim_netns *ns, const nsp_nh_path *p, bool any_scope) {
  if (!p->gw || (p->flags & NSP_RTNH_F_GW_HOST)) {
    if (!any_scope) return true;
  }
  sim_iface *dev = sim_netns_iface_by_index(ns, p->oif);
  if (!dev || !dev->neighs) return true;
  sim_neigh *n = g_hash_table_lookup(dev->neighs, GUINT_TO_POINTER(p->gw));
  return !n || (n->state & MP_NUD_VALID);
}

bool sim_mp_path_usable(sim_netns *ns, const nsp_nh_path *p, int oif) {
  (void)ns;
  if (p->flags & NSP_RTNH_F_DEAD) return false;
  return !oif || p->oif == oif;
}

/* fib_info_update_nhc_saddr(): inet_select_addr() on the path's device
 * toward its gateway within the route's scope */
uint32_t sim_mp_path_saddr(sim_netns *ns, const nsp_nh_path *p, uint8_t scope) {
  sim_iface *dev = sim_netns_iface_by_index(ns, p->oif);
  return sim_netns_select_addr(ns, dev, p->gw, scope);
}

/* DIV_ROUND_CLOSEST_ULL((u64)w << 31, total) - 1, computed in u64 and
 * stored in an int as the kernel's atomic_t is (the last path: 2^31 - 1) */
static int32_t mp_upper_bound(uint64_t w, uint64_t total) {
  return (int32_t)((((w << 31) + total / 2) / total) - 1);
}

/* nexthop_select_path_hthr(): the first good member whose bound covers
 * the hash, else the first good one, else the first */
static int mp_select_group(sim_netns *ns, const sim_paths *ps, uint32_t hash) {
  uint64_t total = 0, w = 0;
  int first = -1;
  for (unsigned i = 0; i < ps->n; i++) total += ps->p[i].weight;
  for (unsigned i = 0; i < ps->n; i++) {
    w += ps->p[i].weight;
    if (!mp_neigh_good(ns, &ps->p[i], true)) continue;
    if (first < 0) first = (int)i;
    if ((int64_t)hash > mp_upper_bound(w, total)) continue;
    return (int)i;
  }
  return first < 0 ? 0 : first;
}

/* fib_rebalance() then fib_select_multipath() with 6.18's scores: a path
 * with the flow's source scores 2, one whose bound covers the hash 1;
 * the first with the best score wins, at once when it scores all it can.
 * Dead paths have no share (upper bound -1). */
int sim_mp_select(sim_netns *ns, const sim_paths *ps, uint32_t hash, uint32_t saddr) {
  if (ps->group) return mp_select_group(ns, ps, hash);
  uint64_t total = 0, w = 0;
  for (unsigned i = 0; i < ps->n; i++)
    if (!(ps->p[i].flags & NSP_RTNH_F_DEAD)) total += ps->p[i].weight;
  bool use_neigh = ns->mp_use_neigh != 0;
  int score = -1, sel = -1;
  for (unsigned i = 0; i < ps->n; i++) {
    const nsp_nh_path *p = &ps->p[i];
    if (p->flags & NSP_RTNH_F_DEAD) continue;
    w += p->weight;
    if (use_neigh && !mp_neigh_good(ns, p, false)) continue;
    int s = 0;
    if (saddr && sim_mp_path_saddr(ns, p, ps->scope) == saddr) s += 2;
    if ((int64_t)hash <= mp_upper_bound(w, total)) s++;
    if (score >= s) continue;
    sel = (int)i;
    if (s == 3 || (!saddr && s == 1)) return sel;
    score = s;
  }
  return sel;
}

void sim_route_paths(sim_netns *ns, const sim_route *r, sim_paths *ps) {
  memset(ps, 0, sizeof *ps);
  if (r->npaths) {
    ps->p = r->paths;
    ps->n = r->npaths;
  } else if (r->nhid) {
    sim_nh_paths(ns, r->nhid, ps);
  }
  ps->scope = r->scope;
}

bool sim_route_paths_usable(struct sim_netns *ns, const nsp_route *r, int oif) {
  if (r->nhid && !ns) return true;
  sim_paths ps;
  sim_route_paths(ns, r, &ps);
  if (ps.blackhole) return true; /* answers with its error (fib_table_lookup()) */
  for (unsigned i = 0; i < ps.n; i++)
    if (sim_mp_path_usable(ns, &ps.p[i], oif)) return true;
  return false;
}

int sim_mp_first_usable(sim_netns *ns, const sim_paths *ps, int oif) {
  for (unsigned i = 0; i < ps->n; i++)
    if (sim_mp_path_usable(ns, &ps->p[i], oif)) return (int)i;
  return -1;
}
