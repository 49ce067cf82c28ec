#include "proto/ipv6.h"

#include <string.h>

static const ipv6_addr ipv6_mld_routers = {{0xff, 0x02, [15] = 0x16}};
static const ipv6_addr ipv6_all_routers = {{0xff, 0x02, [15] = 0x02}};

void ipv6_addr_ll_from_mac(const ether_addr *mac, ipv6_addr *out) {
  memset(out, 0, sizeof *out);
  out->b[0] = 0xfe, out->b[1] = 0x80;
  out->b[8] = mac->b[0] ^ 0x02, out->b[9] = mac->b[1], out->b[10] = mac->b[2];
  out->b[11] = 0xff, out->b[12] = 0xfe;
  out->b[13] = mac->b[3], out->b[14] = mac->b[4], out->b[15] = mac->b[5];
}

void ipv6_addr_solicited_node(const ipv6_addr *a, ipv6_addr *out) {
  memset(out, 0, sizeof *out);
  out->b[0] = 0xff, out->b[1] = 0x02, out->b[11] = 0x01, out->b[12] = 0xff;
  memcpy(out->b + 13, a->b + 13, 3);
}

void ipv6_addr_mc_mac(const ipv6_addr *group, ether_addr *out) {
  out->b[0] = 0x33, out->b[1] = 0x33;
  memcpy(out->b + 2, group->b + 12, 4);
}

/* The fixed header: version 6, no class or flow label. */
static void ipv6_hdr_put(uint8_t *p, uint16_t plen, uint8_t next, uint8_t hlim, const ipv6_addr *src,
                         const ipv6_addr *dst) {
  memset(p, 0, IPV6_HDR_LEN);
  p[0] = 0x60;
  inet_put16(p + 4, plen);
  p[6] = next;
  p[7] = hlim;
  if (src) memcpy(p + 8, src->b, 16);
  memcpy(p + 24, dst->b, 16);
}

/* The ICMPv6 checksum over the pseudo-header (RFC 8200 8.1) */
static void ipv6_icmp_cksum(const uint8_t *ip6, uint8_t *icmp, size_t len) {
  uint8_t ph[8] = {0};
  inet_put32(ph, (uint32_t)len);
  ph[7] = 58;
  inet_put16(icmp + 2, 0);
  uint32_t sum = inet_cksum_partial(ip6 + 8, 32, 0);
  sum = inet_cksum_partial(ph, sizeof ph, sum);
  sum = inet_cksum_partial(icmp, len, sum);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  inet_put16(icmp + 2, (uint16_t)~sum);
}

size_t ipv6_mld2_report_emit(const ipv6_addr *src, const ipv6_addr *groups, size_t ngroups,
                             uint8_t *out, size_t cap) {
  size_t icmp_len = 8 + 20 * ngroups, len = IPV6_HDR_LEN + 8 + icmp_len;
  if (cap < len) return 0;
  ipv6_hdr_put(out, (uint16_t)(8 + icmp_len), 0, 1, src, &ipv6_mld_routers);
  /* hop-by-hop: next ICMPv6, 8 bytes, router alert (MLD), PadN */
  uint8_t *hbh = out + IPV6_HDR_LEN;
  static const uint8_t opts[8] = {58, 0, 5, 2, 0, 0, 1, 0};
  memcpy(hbh, opts, sizeof opts);
  uint8_t *icmp = hbh + 8;
  memset(icmp, 0, icmp_len);
  icmp[0] = 143;
  inet_put16(icmp + 6, (uint16_t)ngroups);
  for (size_t i = 0; i < ngroups; i++) {
    uint8_t *rec = icmp + 8 + 20 * i;
    rec[0] = 4; /* MLD2_CHANGE_TO_EXCLUDE */
    memcpy(rec + 4, groups[i].b, 16);
  }
  ipv6_icmp_cksum(out, icmp, icmp_len);
  return len;
}

size_t ipv6_ns_dad_emit(const ipv6_addr *target, const uint8_t nonce[6], uint8_t *out, size_t cap) {
  size_t icmp_len = 24 + 8, len = IPV6_HDR_LEN + icmp_len;
  if (cap < len) return 0;
  ipv6_addr dst;
  ipv6_addr_solicited_node(target, &dst);
  ipv6_hdr_put(out, (uint16_t)icmp_len, 58, 255, NULL, &dst);
  uint8_t *icmp = out + IPV6_HDR_LEN;
  memset(icmp, 0, icmp_len);
  icmp[0] = 135;
  memcpy(icmp + 8, target->b, 16);
  icmp[24] = 14; /* ND_OPT_NONCE */
  icmp[25] = 1;
  memcpy(icmp + 26, nonce, 6);
  ipv6_icmp_cksum(out, icmp, icmp_len);
  return len;
}

size_t ipv6_rs_emit(const ipv6_addr *src, const ether_addr *mac, uint8_t *out, size_t cap) {
  size_t icmp_len = 8 + 8, len = IPV6_HDR_LEN + icmp_len;
  if (cap < len) return 0;
  ipv6_hdr_put(out, (uint16_t)icmp_len, 58, 255, src, &ipv6_all_routers);
  uint8_t *icmp = out + IPV6_HDR_LEN;
  memset(icmp, 0, icmp_len);
  icmp[0] = 133;
  icmp[8] = 1; /* ND_OPT_SOURCE_LL_ADDR */
  icmp[9] = 1;
  memcpy(icmp + 10, mac->b, ETHER_ADDR_LEN);
  ipv6_icmp_cksum(out, icmp, icmp_len);
  return len;
}
