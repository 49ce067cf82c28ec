/* IPv6 as tcpdump 4.99.3 prints it (print-ip6.c, print-ip6opts.c,
 * print-icmp6.c), for the traffic a namespace's IPv6 sends by itself: MLDv2
 * reports behind a hop-by-hop header, neighbour and router solicitations
 * and advertisements.  The simulation sends no IPv6; these lines appear
 * with --real, where a live capture sees the kernel's. */
#include <string.h>

#include "core/tcpdump_nd.h"

#define IP6_HDR 40

static const char *icmp6_type_name(uint8_t t, char buf[40]) {
  switch (t) {
  case 1: return "destination unreachable";
  case 2: return "packet too big";
  case 3: return "time exceeded in-transit";
  case 128: return "echo request";
  case 129: return "echo reply";
  case 130: return "multicast listener query";
  case 131: return "multicast listener report";
  case 132: return "multicast listener done";
  case 133: return "router solicitation";
  case 134: return "router advertisement";
  case 135: return "neighbor solicitation";
  case 136: return "neighbor advertisement";
  case 137: return "redirect";
  case 143: return "multicast listener report v2";
  default: g_snprintf(buf, 40, "unknown icmp6 type (%u)", t); return buf;
  }
}

/* print_unknown_data(): hex, 16 bytes a line, under ident */
static void nd_hex(nd_ctx *c, const char *ident, const uint8_t *p, size_t len) {
  for (size_t off = 0; off < len; off += 16) {
    nd_printf(c, "%s0x%04zx: ", ident, off);
    for (size_t i = off; i < MIN(len, off + 16); i += 2) {
      if (i + 1 < len) nd_printf(c, " %02x%02x", p[i], p[i + 1]);
      else nd_printf(c, " %02x", p[i]);
    }
  }
}

/* icmp6_opt_print(): the neighbour discovery options under -v */
static void icmp6_opts(nd_ctx *c, const uint8_t *cp, int resid) {
  while (resid > 0 && nd_has(c, cp, 2)) {
    unsigned type = cp[0], len = cp[1];
    if (!len || !nd_has(c, cp, len << 3)) {
      nd_trunc(c);
      return;
    }
    const char *name = type == 1 ? "source link-address" : type == 2 ? "destination link-address"
                       : type == 3 ? "prefix info" : type == 5 ? "mtu" : "unknown";
    nd_printf(c, "\n\t  %s option (%u), length %u (%u): ", name, type, len << 3, len);
    if (type == 1 || type == 2) {
      for (unsigned i = 2; i < (len << 3); i++) nd_printf(c, i > 2 ? ":%02x" : "%02x", cp[i]);
    } else if (c->f->vflag <= 1) {
      nd_hex(c, "\n\t  ", cp + 2, (len << 3) - 2);
    }
    if (c->f->vflag > 1) nd_hex(c, "\n\t    ", cp + 2, (len << 3) - 2);
    cp += len << 3;
    resid -= (int)(len << 3);
  }
}

static void mldv2_report(nd_ctx *c, const uint8_t *bp, uint32_t len) {
  static const char *const rtype[] = {NULL, "is_in", "is_ex", "to_in", "to_ex", "allow", "block"};
  char a[48];
  if (len < 8) {
    nd_printf(c, " [invalid len %u]", len);
    return;
  }
  unsigned ngroups = nd_be16(bp + 6), group = 8;
  nd_printf(c, ", %u group record(s)", ngroups);
  if (!c->f->vflag) return;
  for (unsigned i = 0; i < ngroups; i++) {
    if (len < group + 20 || !nd_check(c, bp + group, 20)) {
      if (len < group + 20) nd_printf(c, " [invalid number of groups]");
      return;
    }
    nd_printf(c, " [gaddr %s", nd_ip6addr(bp + group + 4, a));
    uint8_t t = bp[group];
    if (t >= 1 && t <= 6) nd_printf(c, " %s", rtype[t]);
    else nd_printf(c, "  [v2-report-#%u]", t);
    unsigned nsrcs = nd_be16(bp + group + 2);
    if (len < group + 20 + nsrcs * 16) {
      nd_printf(c, " [invalid number of sources %u]", nsrcs);
      return;
    }
    if (c->f->vflag == 1) nd_printf(c, ", %u source(s)", nsrcs);
    else {
      nd_printf(c, " {");
      for (unsigned j = 0; j < nsrcs; j++)
        if (nd_check(c, bp + group + 20 + j * 16, 16))
          nd_printf(c, " %s", nd_ip6addr(bp + group + 20 + j * 16, a));
      nd_printf(c, " }");
    }
    group += 20 + nsrcs * 16;
    nd_printf(c, "]");
  }
}

/* icmp6_cksum(): over the pseudo-header and the message */
static uint16_t icmp6_cksum(const uint8_t *ip6, const uint8_t *bp, uint32_t len) {
  uint8_t *buf = g_malloc(40 + len);
  memcpy(buf, ip6 + 8, 32);
  buf[32] = (uint8_t)(len >> 24), buf[33] = (uint8_t)(len >> 16);
  buf[34] = (uint8_t)(len >> 8), buf[35] = (uint8_t)len;
  buf[36] = buf[37] = buf[38] = 0, buf[39] = 58;
  memcpy(buf + 40, bp, len);
  uint16_t s = nd_cksum(buf, 40 + len);
  g_free(buf);
  return s;
}

/* ICMP6_DST_UNREACH: the code and what the quoted packet was going to.
 * tcpdump's get_upperlayer() walks extension headers to the port; the
 * quoted packets here carry none (another next header: "protocol N"). */
static void icmp6_unreach(nd_ctx *c, const uint8_t *bp) {
  static const char *const codes[] = {"unreachable route", " unreachable prohibited",
                                      "beyond scope", "unreachable address", "unreachable port"};
  char a[48], b[48], port[8];
  uint8_t code = bp[1];
  const uint8_t *dst = bp + 8;
  if (code < G_N_ELEMENTS(codes)) nd_printf(c, ", %s", codes[code]);
  else nd_printf(c, ", unknown unreach code (%u)", code);
  if (code == 0 || code == 1 || code == 3) {
    if (nd_check(c, dst + 24, 16)) nd_printf(c, " %s", nd_ip6addr(dst + 24, a));
  } else if (code == 2) {
    if (nd_check(c, dst + 8, 32))
      nd_printf(c, " %s, source address %s", nd_ip6addr(dst + 24, a), nd_ip6addr(dst + 8, b));
  } else if (code == 4) {
    if (!nd_check(c, dst, 40 + 4)) return;
    uint8_t prot = dst[6];
    uint16_t dport = nd_be16(dst + 40 + 2);
    nd_ip6addr(dst + 24, a);
    if (prot == 6) nd_printf(c, ", %s tcp port %s", a, nd_tcpport(c, dport, port));
    else if (prot == 17) nd_printf(c, ", %s udp port %s", a, nd_udpport(c, dport, port));
    else nd_printf(c, ", %s protocol %u port %u unreachable", a, prot, dport);
  }
}

static void icmp6_print(nd_ctx *c, const uint8_t *bp, uint32_t len, const uint8_t *ip6) {
  char a[48], tb[40];
  c->protocol = "icmp6";
  if (!len) {
    nd_printf(c, "ICMP6, length 0 (invalid)");
    return;
  }
  if (!nd_check(c, bp, 4)) return;
  if (c->f->vflag && nd_has(c, bp, len)) {
    uint16_t sum = icmp6_cksum(ip6, bp, len);
    if (sum) nd_printf(c, "[bad icmp6 cksum 0x%04x -> 0x%04x!] ", nd_be16(bp + 2), sum);
    else nd_printf(c, "[icmp6 sum ok] ");
  }
  uint8_t type = bp[0];
  nd_printf(c, "ICMP6, %s", icmp6_type_name(type, tb));
  if (c->f->vflag && type >= 133 && type <= 137) nd_printf(c, ", length %u", len);
  switch (type) {
  case 133:
    if (c->f->vflag) icmp6_opts(c, bp + 8, (int)len - 8);
    break;
  case 135:
  case 136:
    if (!nd_check(c, bp + 8, 16)) return;
    nd_printf(c, type == 135 ? ", who has %s" : ", tgt is %s", nd_ip6addr(bp + 8, a));
    if (c->f->vflag && type == 136) {
      uint32_t fl = nd_be32(bp + 4);
      GString *s = g_string_new(NULL);
      if (fl & 0x80000000u) g_string_append(s, "router");
      if (fl & 0x40000000u) g_string_append_printf(s, "%ssolicited", s->len ? ", " : "");
      if (fl & 0x20000000u) g_string_append_printf(s, "%soverride", s->len ? ", " : "");
      nd_printf(c, ", Flags [%s]", s->len ? s->str : "none");
      g_string_free(s, TRUE);
    }
    if (c->f->vflag) icmp6_opts(c, bp + 24, (int)len - 24);
    break;
  case 1: icmp6_unreach(c, bp); break;
  case 143: mldv2_report(c, bp, len); break;
  case 128:
  case 129:
    if (nd_check(c, bp, 8)) nd_printf(c, ", id %u, seq %u", nd_be16(bp + 4), nd_be16(bp + 6));
    break;
  default: break;
  }
  if (!c->f->vflag) nd_printf(c, ", length %u", len);
}

/* hbhopt_print(): "HBH " and, under -v, its options */
static void hbh_print(nd_ctx *c, const uint8_t *p, unsigned hl) {
  nd_printf(c, "HBH ");
  if (!c->f->vflag) return;
  for (unsigned i = 2; i < hl && nd_has(c, p + i, 1);) {
    uint8_t t = p[i];
    if (t == 0) {
      nd_printf(c, "(pad1)");
      i++;
      continue;
    }
    if (!nd_has(c, p + i, 2)) break;
    uint8_t l = p[i + 1];
    if (t == 1) nd_printf(c, "(padn)");
    else if (t == 5 && l == 2 && nd_has(c, p + i + 2, 2)) nd_printf(c, "(rtalert: 0x%04x) ", nd_be16(p + i + 2));
    else nd_printf(c, "(opt_type 0x%02x: len=%u)", t, l);
    i += 2u + l;
  }
  nd_printf(c, " ");
}

void nd_ip6_print(nd_ctx *c, const uint8_t *ip6, uint32_t length) {
  char s[48], d[48];
  c->protocol = "ip6";
  if (!nd_check(c, ip6, IP6_HDR)) return;
  if (!c->f->eflag) nd_printf(c, "IP6 ");
  uint16_t plen = nd_be16(ip6 + 4);
  uint8_t nh = ip6[6];
  if (c->f->vflag) {
    nd_printf(c, "(");
    if ((nd_be32(ip6) >> 20) & 0xff) nd_printf(c, "class 0x%x, ", (nd_be32(ip6) >> 20) & 0xff);
    if (nd_be32(ip6) & 0xfffff) nd_printf(c, "flowlabel 0x%05x, ", nd_be32(ip6) & 0xfffff);
    nd_printf(c, "hlim %u, next-header %s (%u) payload length: %u) ", ip6[7],
              nh == 58 ? "ICMPv6" : nh == 0 ? "Options" : nh == 17 ? "UDP" : nh == 6 ? "TCP" : "unknown",
              nh, plen);
  }
  const uint8_t *p = ip6 + IP6_HDR;
  uint32_t left = length > IP6_HDR ? length - IP6_HDR : 0;
  if (plen < left) left = plen;
  /* ip6_print(): TCP and UDP print the addresses with their ports */
  if (nh != 6 && nh != 17) nd_printf(c, "%s > %s: ", nd_ip6addr(ip6 + 8, s), nd_ip6addr(ip6 + 24, d));
  if (nh == 0) {
    if (!nd_check(c, p, 2)) return;
    unsigned hl = (p[1] + 1u) * 8;
    hbh_print(c, p, hl);
    nh = p[0];
    p += hl;
    left = left > hl ? left - hl : 0;
  }
  if (nh == 58) icmp6_print(c, p, left, ip6);
  else if (nh == 6) nd_tcp_print(c, p, left, ip6, false);
  else if (nh == 17) nd_udp_print(c, p, left, ip6, false);
  else nd_printf(c, "ip-proto-%u %u", nh, left);
}
