/* IPv4 as tcpdump 4.99.3 prints it (print-ip.c ip_print(), ip_optprint(),
 * print-ip-demux.c ip_demux_print()), and IGMP (print-igmp.c). */
#include <string.h>

#include "core/tcpdump_nd.h"

#define IP_HDR 20
#define IP_DF 0x4000
#define IP_MF 0x2000
#define IP_RES 0x8000
#define IP_OFFMASK 0x1fff

/* The IP protocols with a printer, each in a core/tcpdump_print_*.c of
 * its own; UDP and TCP print the addresses with their ports. */
const nd_ip_proto nd_ip_protos[] = {
    {.proto = 1, .print = nd_icmp_print},
    {.proto = 2, .print = nd_igmp_print},
    {.proto = 6, .own_addresses = true, .print = nd_tcp_print},
    {.proto = 17, .own_addresses = true, .print = nd_udp_print},
    {.proto = 0},
};

/* ipproto_values[] (ipproto.c), for "proto NAME (N)" under -v */
static const char *ip_proto_name(uint8_t p) {
  switch (p) {
  case 0: return "Options";
  case 1: return "ICMP";
  case 2: return "IGMP";
  case 4: return "IPIP";
  case 6: return "TCP";
  case 17: return "UDP";
  case 41: return "IPv6";
  case 47: return "GRE";
  case 50: return "ESP";
  case 51: return "AH";
  case 58: return "ICMPv6";
  case 132: return "SCTP";
  default: return "unknown";
  }
}

static const char *ip_option_name(uint8_t code, char buf[16]) {
  switch (code) {
  case 0: return "EOL";
  case 1: return "NOP";
  case 68: return "timestamp";
  case 130: return "security";
  case 7: return "RR";
  case 137: return "SSRR";
  case 131: return "LSRR";
  case 148: return "RA";
  case 82: return "traceroute";
  default: g_snprintf(buf, 16, "unknown %u", code); return buf;
  }
}

/* ip_printroute(): the addresses of RR, LSRR and SSRR, a ',' after each
 * one the pointer has passed */
static void ip_printroute(nd_ctx *c, const uint8_t *cp, unsigned length) {
  char ip[16];
  if (length < 3) {
    nd_printf(c, " [bad length %u]", length);
    return;
  }
  if ((length + 1) & 3) nd_printf(c, " [bad length %u]", length);
  unsigned ptr = cp[2] - 1u;
  if (ptr < 3 || ((ptr + 1) & 3) || ptr > length + 1) nd_printf(c, " [bad ptr %u]", cp[2]);
  for (unsigned len = 3; len < length; len += 4) {
    if (!nd_check(c, cp + len, 4)) return;
    nd_printf(c, " %s", nd_ipaddr(c, cp + len, ip));
    if (ptr > len) nd_printf(c, ",");
  }
}

/* ip_optprint(); false when an option runs past the captured bytes */
static bool ip_optprint(nd_ctx *c, const uint8_t *cp, unsigned length) {
  const char *sep = "";
  char name[16];
  for (unsigned option_len; length > 0; cp += option_len, length -= option_len) {
    nd_printf(c, "%s", sep);
    sep = ",";
    uint8_t code = cp[0];
    nd_printf(c, "%s", ip_option_name(code, name));
    if (code == 0 || code == 1) {
      option_len = 1;
    } else {
      option_len = cp[1];
      if (option_len < 2) {
        nd_printf(c, " [bad length %u]", option_len);
        return true;
      }
    }
    if (option_len > length) {
      nd_printf(c, " [bad length %u]", option_len);
      return true;
    }
    if (!nd_has(c, cp, option_len)) return false;
    if (code == 7 || code == 131 || code == 137) ip_printroute(c, cp, option_len);
    else if (code == 148 && option_len < 4) nd_printf(c, " [bad length %u]", option_len);
    else if (code == 148 && nd_be16(cp + 2)) nd_printf(c, " value %u", nd_be16(cp + 2));
  }
  return true;
}

/* The "(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1),
 * length 84)" of -v, and its newline; false when truncated. */
static bool ip_print_verbose(nd_ctx *c, const uint8_t *ip, unsigned hlen) {
  static const char *const ecn[] = {"", ",ECT(1)", ",ECT(0)", ",CE"};
  uint16_t off = nd_be16(ip + 6);
  nd_printf(c, "(tos 0x%x%s", ip[1], ecn[ip[1] & 3]);
  if (ip[8] >= 1) nd_printf(c, ", ttl %u", ip[8]);
  GString *flags = g_string_new(NULL);
  if (off & IP_RES) g_string_append(flags, "rsvd");
  if (off & IP_DF) g_string_append_printf(flags, "%sDF", flags->len ? ", " : "");
  if (off & IP_MF) g_string_append_printf(flags, "%s+", flags->len ? ", " : "");
  nd_printf(c, ", id %u, offset %u, flags [%s], proto %s (%u)", nd_be16(ip + 4),
            (off & IP_OFFMASK) * 8u, flags->len ? flags->str : "none", ip_proto_name(ip[9]), ip[9]);
  g_string_free(flags, TRUE);
  nd_printf(c, ", length %u", nd_be16(ip + 2));
  bool truncated = false;
  if (hlen > IP_HDR) {
    nd_printf(c, ", options (");
    if (!ip_optprint(c, ip + IP_HDR, hlen - IP_HDR)) {
      nd_printf(c, " [truncated-option]");
      truncated = true;
    }
    nd_printf(c, ")");
  }
  if (nd_has(c, ip, hlen)) {
    uint16_t sum = nd_cksum(ip, hlen);
    if (sum) {
      uint16_t have = nd_be16(ip + 10);
      /* in_cksum_shouldbe() */
      uint32_t should = (uint32_t)(uint16_t)~have + (uint32_t)(uint16_t)~sum;
      should = (should & 0xffff) + (should >> 16);
      should = (should & 0xffff) + (should >> 16);
      nd_printf(c, ", bad cksum %x (->%x)!", have, (uint16_t)~should);
    }
  }
  nd_printf(c, ")\n    ");
  return !truncated;
}

static const nd_ip_proto *ip_proto_find(uint8_t proto) {
  for (const nd_ip_proto *p = nd_ip_protos; p->print; p++)
    if (p->proto == proto) return p;
  return NULL;
}

void nd_ip_print(nd_ctx *c, const uint8_t *ip, uint32_t length) {
  char s[16], d[16];
  c->protocol = "ip";
  if (!nd_check(c, ip, 1)) return;
  if (ip[0] >> 4 != 4) {
    if (ip[0] >> 4 == 6) nd_printf(c, "IP6, wrong link-layer encapsulation");
    else nd_printf(c, "IP%u", ip[0] >> 4);
    nd_printf(c, " (invalid)");
    return;
  }
  if (!c->f->eflag) nd_printf(c, "IP ");
  if (!nd_check(c, ip, IP_HDR)) return;
  if (length < IP_HDR) {
    nd_printf(c, "truncated-ip %u", length);
    return;
  }
  unsigned hlen = (ip[0] & 0x0f) * 4u;
  if (hlen < IP_HDR) {
    nd_printf(c, "bad-hlen %u", hlen);
    return;
  }
  unsigned len = nd_be16(ip + 2);
  if (length < len) nd_printf(c, "truncated-ip - %u bytes missing! ", len - length);
  if (len < hlen) {
    nd_printf(c, "bad-len %u", len);
    return;
  }
  /* nd_push_snaplen(): nothing past the IP packet */
  const uint8_t *saved_end = c->snapend;
  if (nd_has(c, ip, len)) c->snapend = ip + len;
  len -= hlen;
  uint16_t off = nd_be16(ip + 6);
  uint8_t proto = ip[9];
  if (c->f->vflag && !ip_print_verbose(c, ip, hlen)) {
    nd_printf(c, "%s > %s: ", nd_ipaddr(c, ip + 12, s), nd_ipaddr(c, ip + 16, d));
    nd_trunc(c);
  } else if ((off & IP_OFFMASK) == 0) {
    const nd_ip_proto *pp = ip_proto_find(proto);
    if (!pp || !pp->own_addresses)
      nd_printf(c, "%s > %s: ", nd_ipaddr(c, ip + 12, s), nd_ipaddr(c, ip + 16, d));
    if (!nd_has(c, ip, hlen)) {
      nd_printf(c, " [remaining caplen(%u) < header length(%u)]", (unsigned)(c->snapend - ip), hlen);
      nd_trunc(c);
    } else if (pp) {
      pp->print(c, ip + hlen, len, ip, (off & IP_MF) != 0);
    } else {
      const char *name = c->f->nflag ? NULL : nd_protoname(proto);
      if (name) nd_printf(c, " %s", name);
      else nd_printf(c, " ip-proto-%u", proto);
      nd_printf(c, " %u", len);
    }
  } else if (c->f->qflag < 2) {
    /* not the first fragment: the addresses and the protocol */
    nd_printf(c, "%s > %s:", nd_ipaddr(c, ip + 12, s), nd_ipaddr(c, ip + 16, d));
    const char *name = c->f->nflag ? NULL : nd_protoname(proto);
    if (name) nd_printf(c, " %s", name);
    else nd_printf(c, " ip-proto-%u", proto);
  }
  c->snapend = saved_end;
}

/* ---- IGMP (print-igmp.c) --------------------------------------------------- */

static void igmp_v3_report(nd_ctx *c, const uint8_t *bp, uint32_t len) {
  char ip[16];
  static const char *const rtype[] = {NULL, "is_in", "is_ex", "to_in", "to_ex", "allow", "block"};
  if (len < 16 || (len & 3)) {
    nd_printf(c, " [invalid len %u]", len);
    return;
  }
  if (!nd_check(c, bp + 6, 2)) return;
  unsigned ngroups = nd_be16(bp + 6);
  nd_printf(c, ", %u group record(s)", ngroups);
  if (!c->f->vflag) return;
  unsigned group = 8;
  for (unsigned i = 0; i < ngroups; i++) {
    if (len < group + 8) {
      nd_printf(c, " [invalid number of groups]");
      return;
    }
    if (!nd_check(c, bp + group, 8)) return;
    nd_printf(c, " [gaddr %s", nd_ipaddr(c, bp + group + 4, ip));
    uint8_t t = bp[group];
    if (t >= 1 && t <= 6) nd_printf(c, " %s", rtype[t]);
    else nd_printf(c, "  [v3-report-#%u]", t);
    unsigned nsrcs = nd_be16(bp + group + 2);
    if (len < group + 8 + (nsrcs << 2)) {
      nd_printf(c, " [invalid number of sources %u]", nsrcs);
      return;
    }
    if (c->f->vflag == 1) {
      nd_printf(c, ", %u source(s)", nsrcs);
    } else {
      nd_printf(c, " {");
      for (unsigned j = 0; j < nsrcs; j++) {
        if (!nd_check(c, bp + group + 8 + (j << 2), 4)) return;
        nd_printf(c, " %s", nd_ipaddr(c, bp + group + 8 + (j << 2), ip));
      }
      nd_printf(c, " }");
    }
    group += 8 + (nsrcs << 2);
    nd_printf(c, "]");
  }
}

void nd_igmp_print(nd_ctx *c, const uint8_t *bp, uint32_t len, const uint8_t *iph, bool frag) {
  char ip[16];
  c->protocol = "igmp";
  if (c->f->qflag) {
    nd_printf(c, "igmp");
    return;
  }
  if (!nd_check(c, bp, 8)) return;
  switch (bp[0]) {
  case 0x11:
    nd_printf(c, "igmp query");
    if (len >= 12) {
      nd_printf(c, " v3");
    } else {
      if (bp[1]) {
        nd_printf(c, " v2");
        if (bp[1] != 100) nd_printf(c, " [max resp time %u]", bp[1]);
      } else {
        nd_printf(c, " v1");
      }
      if (nd_be32(bp + 4)) nd_printf(c, " [gaddr %s]", nd_ipaddr(c, bp + 4, ip));
      if (len != 8) nd_printf(c, " [len %u]", len);
    }
    break;
  case 0x12:
    nd_printf(c, "igmp v1 report %s", nd_ipaddr(c, bp + 4, ip));
    if (len != 8) nd_printf(c, " [len %u]", len);
    break;
  case 0x16: nd_printf(c, "igmp v2 report %s", nd_ipaddr(c, bp + 4, ip)); break;
  case 0x22:
    nd_printf(c, "igmp v3 report");
    igmp_v3_report(c, bp, len);
    break;
  case 0x17: nd_printf(c, "igmp leave %s", nd_ipaddr(c, bp + 4, ip)); break;
  default: nd_printf(c, "igmp-%u", bp[0]); break;
  }
  if (c->f->vflag && len >= 4 && nd_has(c, bp, len) && nd_cksum(bp, len))
    nd_printf(c, " bad igmp cksum %x!", nd_be16(bp + 2));
}
