/* NAT in the simulation (net/netfilter/nf_nat_core.c, nf_nat_proto.c,
 * nf_nat_masquerade.c): a binding changes a new connection's reply tuple
 * once, on its first packet; every later packet of either direction is
 * rewritten from the tuples at the hooks where the kernel rewrites it
 * (destination at PREROUTING and OUTPUT, source at POSTROUTING and INPUT),
 * ICMP errors inside and out. */
#include "sim/nf_nat.h"

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"

/* HOOK2MANIP(): PREROUTING and OUTPUT change destinations */
sim_nat_manip sim_nat_hook_manip(nsp_nf_hook h) {
  return h == NSP_NF_POSTROUTING || h == NSP_NF_INPUT ? SIM_NAT_SRC : SIM_NAT_DST;
}

bool sim_nat_initialized(const sim_ct *ct, sim_nat_manip m) {
  return ct->status & (m == SIM_NAT_SRC ? SIM_CT_SRC_NAT_DONE : SIM_CT_DST_NAT_DONE);
}

/* one's complement arithmetic of RFC 1624 on 16-bit fields */
static uint32_t ones_add32(uint32_t sum, uint32_t v) {
  sum += v >> 16;
  sum += v & 0xffff;
  return sum;
}
static uint16_t ones_fold(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)sum;
}
/* csum_replace4() on a complemented checksum field */
static void csum_replace4(uint8_t *field, uint32_t from, uint32_t to) {
  uint32_t s = (uint16_t)~inet_get16(field);
  s = ones_add32(s, ~from);
  s = ones_add32(s, to);
  inet_put16(field, (uint16_t)~ones_fold(s));
}
static void csum_replace2(uint8_t *field, uint16_t from, uint16_t to) {
  uint32_t s = (uint16_t)~inet_get16(field);
  s += (uint16_t)~from;
  s += to;
  inet_put16(field, (uint16_t)~ones_fold(s));
}
/* inet_proto_csum_replace4(.., pseudohdr) for CHECKSUM_PARTIAL, what
 * TCP and UDP carry between namespaces: the field holds the pseudo-
 * header's sum, uncomplemented; ports are not in it. */
static void csum_partial_replace4(uint8_t *field, uint32_t from, uint32_t to) {
  uint32_t s = inet_get16(field);
  s = ones_add32(s, ~from);
  s = ones_add32(s, to);
  inet_put16(field, ones_fold(s));
}

/* The TCP or UDP checksum at field after the address from -> to and the
 * port pfrom -> pto (__udp_manip_pkt(), tcp_manip_pkt():
 * inet_proto_csum_replace4(.., true) then inet_proto_csum_replace2(..,
 * false), net/core/utils.c).  How depends on the skb's ip_summed, which
 * the model's frames do not carry: a field that holds exactly the
 * pseudo-header's sum is taken for CHECKSUM_PARTIAL -- what every socket
 * sends over a veth -- and gets the addresses only; any other is a full
 * checksum (CHECKSUM_NONE: a reset from ip_send_unicast_reply(), a frame
 * from a wire) and gets addresses and port, as the kernel's RST through
 * MASQUERADE shows (tests/scenarios/kernel/109-nat-masquerade: "cksum
 * 0x2210 (correct)" on ns1's side).  UDP's 0 would say "no checksum":
 * CSUM_MANGLED_0 instead. */
static void nat_l4_csum(const uint8_t *ip, uint8_t *field, uint32_t from, uint32_t to,
                        uint16_t pfrom, uint16_t pto) {
  size_t ihl = (size_t)(ip[0] & 0x0f) * 4, tot = inet_get16(ip + 2);
  uint16_t l4len = (uint16_t)(tot > ihl ? tot - ihl : 0);
  if (inet_get16(field) == inet_pseudo_partial(inet_get32(ip + 12), inet_get32(ip + 16), ip[9], l4len)) {
    csum_partial_replace4(field, from, to);
  } else {
    csum_replace4(field, from, to);
    csum_replace2(field, pfrom, pto);
  }
  if (ip[9] == IPV4_PROTO_UDP && inet_get16(field) == 0) inet_put16(field, 0xffff);
}

/* nf_nat_ipv4_manip_pkt(): the packet at ip (len bytes from there) made
 * to carry target's source or destination */
static void nat_manip_pkt(uint8_t *ip, size_t len, const sim_ct_tuple *target, sim_nat_manip m) {
  size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
  uint8_t *l4 = ip + ihl;
  size_t l4len = len - ihl;
  uint32_t oldip = inet_get32(ip + (m == SIM_NAT_SRC ? 12 : 16));
  uint32_t newip = m == SIM_NAT_SRC ? target->src : target->dst;
  bool frag0 = !(inet_get16(ip + 6) & IPV4_OFFSET_MASK);
  switch (ip[9]) {
  case IPV4_PROTO_TCP:
  case IPV4_PROTO_UDP: {
    if (!frag0 || l4len < 8) break;
    uint16_t port = m == SIM_NAT_SRC ? target->sport : target->dport;
    uint8_t *portp = l4 + (m == SIM_NAT_SRC ? 0 : 2);
    /* tcp_manip_pkt(): an 8-byte quote inside an ICMP error has no checksum field */
    size_t csum_at = ip[9] == IPV4_PROTO_TCP ? 16 : 6;
    if (l4len >= csum_at + 2 && (ip[9] == IPV4_PROTO_TCP ? l4len >= 20 : inet_get16(l4 + 6) != 0))
      nat_l4_csum(ip, l4 + csum_at, oldip, newip, inet_get16(portp), port);
    inet_put16(portp, port);
    break;
  }
  case IPV4_PROTO_ICMP:
    /* icmp_manip_pkt(): the identifier, both ways */
    if (frag0 && l4len >= 8 && inet_get16(l4 + 4) != target->sport) {
      csum_replace2(l4 + 2, inet_get16(l4 + 4), target->sport);
      inet_put16(l4 + 4, target->sport);
    }
    break;
  }
  csum_replace4(ip + 10, oldip, newip);
  inet_put32(ip + (m == SIM_NAT_SRC ? 12 : 16), newip);
}

/* nf_nat_packet() */
void sim_nat_packet(const sim_ct *ct, sim_ctinfo ci, nsp_nf_hook hook, uint8_t *pkt, size_t len) {
  sim_nat_manip m = sim_nat_hook_manip(hook);
  int dir = SIM_CTINFO_DIR(ci);
  unsigned bit = m == SIM_NAT_SRC ? SIM_CT_SRC_NAT : SIM_CT_DST_NAT;
  if (dir == SIM_CT_DIR_REPLY) bit ^= SIM_CT_SRC_NAT | SIM_CT_DST_NAT;
  if (!(ct->status & bit)) return;
  sim_ct_tuple target;
  sim_ct_tuple_invert(&ct->t[!dir], &target);
  nat_manip_pkt(pkt, len, &target, m);
}

bool sim_nat_icmp_reply(const sim_ct *ct, sim_ctinfo ci, nsp_nf_hook hook, uint8_t *pkt,
                        size_t len) {
  sim_nat_manip m = sim_nat_hook_manip(hook);
  int dir = SIM_CTINFO_DIR(ci);
  size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
  if (len < ihl + ICMP_HDR_LEN + IPV4_HDR_LEN) return false;
  uint8_t *icmp = pkt + ihl;
  unsigned bit = m == SIM_NAT_SRC ? SIM_CT_SRC_NAT : SIM_CT_DST_NAT;
  if (dir == SIM_CT_DIR_REPLY) bit ^= SIM_CT_SRC_NAT | SIM_CT_DST_NAT;
  if (!(ct->status & bit)) return true;
  /* the quoted packet back as it looked (the opposite manip), then the
   * ICMP checksum over it all, then the outer header */
  nat_manip_pkt(icmp + ICMP_HDR_LEN, len - ihl - ICMP_HDR_LEN, &ct->t[!dir],
                m == SIM_NAT_SRC ? SIM_NAT_DST : SIM_NAT_SRC);
  inet_put16(icmp + 2, 0);
  inet_put16(icmp + 2, inet_cksum(icmp, len - ihl));
  sim_ct_tuple target;
  sim_ct_tuple_invert(&ct->t[!dir], &target);
  target.proto = IPV4_PROTO_ICMP;
  /* the outer header: addresses only (nat_manip_pkt would take the ICMP
   * error's type for an identifier) */
  uint32_t oldip = inet_get32(pkt + (m == SIM_NAT_SRC ? 12 : 16));
  uint32_t newip = m == SIM_NAT_SRC ? target.src : target.dst;
  csum_replace4(pkt + 10, oldip, newip);
  inet_put32(pkt + (m == SIM_NAT_SRC ? 12 : 16), newip);
  return true;
}

/* nf_nat_used_tuple() */
static bool nat_used(sim_ct_table *t, const sim_ct_tuple *orig, const sim_ct *ct) {
  sim_ct_tuple reply;
  sim_ct_tuple_invert(orig, &reply);
  return sim_ct_tuple_taken(t, &reply, ct);
}

void sim_nat_setup(sim_ct_table *t, sim_ct *ct, sim_nat_manip m, const sim_nat_range *r) {
  /* get_unique_tuple(): the original tuple as it will look after the
   * manip; the address the range's first (find_best_ips_proto() hashes
   * among several: nspath takes the first, and says so in docs), the port
   * kept while unique and inside the range, else the next free one */
  sim_ct_tuple orig;
  sim_ct_tuple_invert(&ct->t[SIM_CT_DIR_REPLY], &orig);
  uint32_t *addr = m == SIM_NAT_SRC ? &orig.src : &orig.dst;
  uint16_t *port = m == SIM_NAT_SRC ? &orig.sport : &orig.dport;
  if (r->has_addr) *addr = r->addr_lo;
  bool icmp = orig.proto == IPV4_PROTO_ICMP;
  bool ports = orig.proto == IPV4_PROTO_TCP || orig.proto == IPV4_PROTO_UDP || icmp;
  if (icmp) port = &orig.sport; /* "id is same for either direction" */
  if (ports) {
    /* nf_nat_l4proto_unique_tuple()'s default ranges: a destination's
     * port stays; ICMP identifiers anywhere; sources above 1023, below 512
     * or 600-1023 as the original was */
    uint32_t lo = 1024, hi = 65535;
    if (r->has_port) lo = r->port_lo, hi = r->port_hi;
    else if (icmp) lo = 0;
    else if (*port < 512) lo = 1, hi = 511;
    else if (*port < 1024) lo = 600, hi = 1023;
    bool fixed = !r->has_port && m == SIM_NAT_DST && !icmp;
    bool inside = *port >= lo && *port <= hi;
    if (!fixed && (!inside || nat_used(t, &orig, ct))) {
      uint32_t start = inside ? *port : lo;
      for (uint32_t i = 0; i <= hi - lo; i++) {
        *port = (uint16_t)(lo + (start - lo + i) % (hi - lo + 1));
        if (!nat_used(t, &orig, ct)) break;
      }
    }
  }
  sim_ct_tuple reply;
  sim_ct_tuple_invert(&orig, &reply);
  bool changed = !sim_ct_tuple_equal(&reply, &ct->t[SIM_CT_DIR_REPLY]);
  if (changed) {
    sim_ct_rehash(t, ct, &reply);
    ct->status |= m == SIM_NAT_SRC ? SIM_CT_SRC_NAT : SIM_CT_DST_NAT;
  }
  ct->status |= m == SIM_NAT_SRC ? SIM_CT_SRC_NAT_DONE : SIM_CT_DST_NAT_DONE;
}

void sim_nat_null_binding(sim_ct_table *t, sim_ct *ct, sim_nat_manip m) {
  /* __nf_nat_alloc_null_binding(): the address the connection already has */
  sim_nat_range r = {.has_addr = true,
                     .addr_lo = m == SIM_NAT_SRC ? ct->t[SIM_CT_DIR_REPLY].dst
                                                 : ct->t[SIM_CT_DIR_REPLY].src};
  sim_nat_setup(t, ct, m, &r);
}
