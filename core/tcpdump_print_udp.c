/* UDP as tcpdump 4.99.3 prints it (print-udp.c udp_print(),
 * udpipaddr_print()): the addresses with their ports (names without -n),
 * "UDP, length N" (the UDP header's length), and under -vv the checksum
 * of IPv4 datagrams (under -v for IPv6, where it is mandatory).  A
 * datagram sent over a veth carries the pseudo-header's sum
 * (CHECKSUM_PARTIAL), which tcpdump calls bad, as it does on the kernel. */
#include "core/tcpdump_nd.h"

#define UDP_HDR 8

/* udpipaddr_print(): sport < 0 for the addresses alone */
static void udp_addrs(nd_ctx *c, const uint8_t *iph, int sport, int dport) {
  char s[48], d[48], sp[8], dp[8];
  bool v6 = iph[0] >> 4 == 6;
  if (iph[v6 ? 6 : 9] == 17) {
    nd_ip_addrs(c, iph, s, d);
    if (sport < 0) nd_printf(c, "%s > %s: ", s, d);
    else nd_printf(c, "%s.%s > %s.%s: ", s, nd_udpport(c, (uint16_t)sport, sp), d,
                   nd_udpport(c, (uint16_t)dport, dp));
  } else if (sport >= 0) {
    nd_printf(c, "%s > %s: ", nd_udpport(c, (uint16_t)sport, sp), nd_udpport(c, (uint16_t)dport, dp));
  }
}

static void udp_cksum_print(nd_ctx *c, const uint8_t *up, uint32_t length, const uint8_t *iph) {
  bool v6 = iph[0] >> 4 == 6;
  uint16_t have = nd_be16(up + 6);
  if (!v6 && c->f->vflag < 2) return;
  if (!v6 && have == 0) {
    nd_printf(c, "[no cksum] ");
    return;
  }
  if (!nd_has(c, up, length + UDP_HDR)) return;
  uint16_t sum = nd_l4_cksum(iph, 17, up, length + UDP_HDR);
  if (sum) nd_printf(c, "[bad udp cksum 0x%04x -> 0x%04x!] ", have, nd_cksum_shouldbe(have, sum));
  else nd_printf(c, "[udp sum ok] ");
}

void nd_udp_print(nd_ctx *c, const uint8_t *up, uint32_t length, const uint8_t *iph, bool fragmented) {
  c->protocol = "udp";
  if (!nd_has(c, up + 2, 2)) {
    udp_addrs(c, iph, -1, -1);
    nd_trunc(c);
    return;
  }
  uint16_t sport = nd_be16(up), dport = nd_be16(up + 2);
  if (length < UDP_HDR) {
    udp_addrs(c, iph, sport, dport);
    nd_printf(c, "truncated-udp %u", length);
    return;
  }
  if (!nd_has(c, up + 4, 2)) {
    udp_addrs(c, iph, sport, dport);
    nd_trunc(c);
    return;
  }
  uint32_t ulen = nd_be16(up + 4);
  if (ulen == 0 && length > 65535) ulen = length; /* RFC 2675 jumbograms */
  if (ulen < UDP_HDR) {
    udp_addrs(c, iph, sport, dport);
    nd_printf(c, "truncated-udplength %u", ulen);
    return;
  }
  ulen -= UDP_HDR;
  length -= UDP_HDR;
  if (ulen < length) length = ulen;
  udp_addrs(c, iph, sport, dport);
  if (up + UDP_HDR > c->snapend) {
    nd_trunc(c);
    return;
  }
  if (c->f->vflag && !fragmented) udp_cksum_print(c, up, length, iph);
  /* The application printers tcpdump picks by port (domain, bootp, ntp,
   * snmp, syslog, vxlan, ...) are not modelled: docs/manual.md. */
  if (ulen > length && !fragmented) nd_printf(c, "UDP, bad length %u > %u", ulen, length);
  else nd_printf(c, "UDP, length %u", ulen);
}
