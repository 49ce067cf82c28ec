/* ICMP as tcpdump 4.99.3 prints it (print-icmp.c icmp_print()): the
 * message in its words, its length, and under -v a bad checksum and the
 * quoted packet of an error, printed by the IP printer on lines of its own. */
#include <string.h>

#include "core/tcpdump_nd.h"

#define ICMP_MINLEN 8
#define ICMP_EXTD_MINLEN (156 - 20) /* RFC 4884: 128 bytes of original datagram */

static bool icmp_errtype(uint8_t t) { return t == 3 || t == 4 || t == 5 || t == 11 || t == 12; }

/* The quoted packet's destination, the start of most error texts. */
static const char *icmp_qdst(const nd_ctx *c, const uint8_t *dp, char buf[16]) {
  return nd_has(c, dp + 8 + 16, 4) ? nd_ipaddr(c, dp + 8 + 16, buf) : "?";
}

static void icmp_unreach(nd_ctx *c, const uint8_t *dp, uint8_t code, GString *b) {
  char d[16];
  const char *dst = icmp_qdst(c, dp, d);
  static const char *const fmt[16] = {
      [0] = "net %s unreachable", [1] = "host %s unreachable",
      [5] = "%s unreachable - source route failed", [6] = "net %s unreachable - unknown",
      [7] = "host %s unreachable - unknown", [8] = "%s unreachable - source host isolated",
      [9] = "net %s unreachable - admin prohibited", [10] = "host %s unreachable - admin prohibited",
      [11] = "net %s unreachable - tos prohibited", [12] = "host %s unreachable - tos prohibited",
      [13] = "host %s unreachable - admin prohibited filter",
      [14] = "host %s unreachable - host precedence violation",
      [15] = "host %s unreachable - precedence cutoff"};
  const uint8_t *oip = dp + 8;
  if (code == 2) {
    g_string_printf(b, "%s protocol %u unreachable", dst, nd_has(c, oip + 9, 1) ? oip[9] : 0);
  } else if (code == 3) {
    unsigned hlen = nd_has(c, oip, 1) ? (oip[0] & 0x0f) * 4u : 20;
    uint16_t dport = nd_has(c, oip + hlen + 2, 2) ? nd_be16(oip + hlen + 2) : 0;
    uint8_t proto = nd_has(c, oip + 9, 1) ? oip[9] : 0;
    /* tcpport_string()/udpport_string(): the number when -n or no name */
    char port[8];
    if (proto == 6)
      g_string_printf(b, "%s tcp port %s unreachable", dst, nd_tcpport(c, dport, port));
    else if (proto == 17)
      g_string_printf(b, "%s udp port %s unreachable", dst, nd_udpport(c, dport, port));
    else
      g_string_printf(b, "%s protocol %u port %u unreachable", dst, proto, dport);
  } else if (code == 4) {
    uint16_t mtu = nd_be16(dp + 6);
    if (mtu) g_string_printf(b, "%s unreachable - need to frag (mtu %u)", dst, mtu);
    else g_string_printf(b, "%s unreachable - need to frag", dst);
  } else if (code < 16 && fmt[code]) {
    g_string_printf(b, fmt[code], dst);
  } else {
    g_string_printf(b, "%s unreachable - #%u", dst, code);
  }
}

static void icmp_redirect(nd_ctx *c, const uint8_t *dp, uint8_t code, GString *b) {
  char d[16], gw[16];
  const char *dst = icmp_qdst(c, dp, d);
  nd_ipaddr(c, dp + 4, gw);
  static const char *const what[] = {"redirect %s to net %s", "redirect %s to host %s",
                                     "redirect-tos %s to net %s", "redirect-tos %s to host %s"};
  if (code < 4) g_string_printf(b, what[code], dst, gw);
  else g_string_printf(b, "redirect-#%u %s to %s", code, dst, gw);
}

static const char *icmp_other(uint8_t type, char buf[16]) {
  switch (type) {
  case 0: return "echo reply";
  case 4: return "source quench";
  case 8: return "echo request";
  case 10: return "router solicitation";
  case 13: return "time stamp request";
  case 14: return "time stamp reply";
  case 15: return "information request";
  case 16: return "information reply";
  case 17: return "address mask request";
  default: g_snprintf(buf, 16, "type-#%u", type); return buf;
  }
}

/* The text between "ICMP " and ", length N". */
static void icmp_text(nd_ctx *c, const uint8_t *dp, GString *b) {
  uint8_t type = dp[0], code = dp[1];
  char buf[16];
  switch (type) {
  case 0:
  case 8:
    g_string_printf(b, "echo %s, id %u, seq %u", type == 8 ? "request" : "reply", nd_be16(dp + 4),
                    nd_be16(dp + 6));
    break;
  case 3: icmp_unreach(c, dp, code, b); break;
  case 5: icmp_redirect(c, dp, code, b); break;
  case 11:
    if (code == 0) g_string_assign(b, "time exceeded in-transit");
    else if (code == 1) g_string_assign(b, "ip reassembly time exceeded");
    else g_string_printf(b, "time exceeded-#%u", code);
    break;
  case 12:
    if (code) g_string_printf(b, "parameter problem - code %u", code);
    else g_string_printf(b, "parameter problem - octet %u", dp[4]);
    break;
  case 18: g_string_printf(b, "address mask is 0x%08x", nd_be32(dp + 4)); break;
  case 13: g_string_printf(b, "time stamp query id %u seq %u", nd_be16(dp + 4), nd_be16(dp + 6)); break;
  default: g_string_assign(b, icmp_other(type, buf)); break;
  }
}

/* RFC 4884 extensions: tcpdump looks for them in big enough errors, and
 * takes an all-zero length with a checksum that does not add up for none. */
static void icmp_multipart(nd_ctx *c, const uint8_t *dp, uint32_t plen) {
  if (plen <= ICMP_EXTD_MINLEN || !(dp[0] == 3 || dp[0] == 11 || dp[0] == 12)) return;
  const uint8_t *ext = dp + 8 + 128;
  if (!nd_has(c, dp, 8 + 128 + 4)) return;
  if (dp[5] == 0 && nd_has(c, ext, plen - ICMP_EXTD_MINLEN) && nd_cksum(ext, plen - ICMP_EXTD_MINLEN))
    return;
  nd_printf(c, "\n\tICMP Multi-Part extension v%u", ext[0] >> 4);
  if (ext[0] >> 4 != 2) nd_printf(c, " packet not supported");
}

void nd_icmp_print(nd_ctx *c, const uint8_t *dp, uint32_t plen, const uint8_t *iph, bool fragmented) {
  c->protocol = "icmp";
  if (!nd_check(c, dp, ICMP_MINLEN)) return;
  GString *b = g_string_new(NULL);
  icmp_text(c, dp, b);
  nd_printf(c, "ICMP %s, length %u", b->str, plen);
  g_string_free(b, TRUE);
  if (c->f->vflag && !fragmented && nd_has(c, dp, plen)) {
    uint16_t sum = nd_cksum(dp, plen);
    if (sum) {
      uint16_t have = nd_be16(dp + 2);
      uint32_t should = (uint32_t)(uint16_t)~have + (uint32_t)(uint16_t)~sum;
      should = (should & 0xffff) + (should >> 16);
      should = (should & 0xffff) + (should >> 16);
      nd_printf(c, " (wrong icmp cksum %x (->%x)!)", have, (uint16_t)~should);
    }
  }
  if (c->f->vflag >= 1 && icmp_errtype(dp[0])) {
    const uint8_t *oip = dp + 8;
    nd_printf(c, "\n\t");
    if (!nd_check(c, oip, 4)) return;
    /* the quoted packet is printed as if it were all there up to its length */
    const uint8_t *saved = c->snapend;
    uint16_t olen = nd_be16(oip + 2);
    if (nd_has(c, oip, olen)) c->snapend = oip + olen;
    nd_ip_print(c, oip, olen);
    c->snapend = saved;
    c->protocol = "icmp";
  }
  if (c->f->vflag >= 1) icmp_multipart(c, dp, plen);
}
