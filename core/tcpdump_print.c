/* tcpdump's frame loop (print.c pretty_print_packet(), util-print.c
 * ts_print()), its helpers (addrtoname.c, print-ascii.c) and the Ethernet
 * printer (print-ether.c ether_common_print(), ethertype_print()). */
#include "core/tcpdump_print.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "core/tcpdump_nd.h"

#define ND_NS_S 1000000000ULL

struct nsp_tcpdump_printer {
  nsp_tcpdump_flags f;
  bool have_ref;
  uint64_t ref_ns;     /* -ttt: the previous frame, -ttttt: the first */
  GHashTable *tcp_seqs; /* the TCP printer's conversations (core/tcpdump_print_tcp.c) */
};

void nd_printf(nd_ctx *c, const char *fmt, ...) {
  if (c->stopped) return;
  va_list ap;
  va_start(ap, fmt);
  g_string_append_vprintf(c->out, fmt, ap);
  va_end(ap);
}

void nd_trunc(nd_ctx *c) {
  nd_printf(c, " [|%s]", c->protocol);
  c->stopped = true;
}

bool nd_check(nd_ctx *c, const uint8_t *p, size_t n) {
  if (nd_has(c, p, n)) return true;
  nd_trunc(c);
  return false;
}

const char *nd_ipaddr(const nd_ctx *c, const uint8_t *p, char buf[16]) {
  g_snprintf(buf, 16, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
  return buf;
}

const char *nd_ip6addr(const uint8_t *p, char buf[48]) {
  return inet_ntop(AF_INET6, p, buf, 48) ? buf : "?";
}

/* oui.c oui_values[]: the names tcpdump knows */
static const char *nd_oui_name(uint32_t oui) {
  static const struct {
    uint32_t oui;
    const char *name;
  } t[] = {{0x000000, "Ethernet"}, {0x00000c, "Cisco"}, {0x00005e, "IANA"},
           {0x000081, "Nortel Networks SONMP"}, {0x0000f8, "Cisco bridged"},
           {0x0080c2, "Ethernet bridged"}, {0x00a03e, "ATM Forum"},
           {0x00e02f, "DOCSIS Spanning Tree"}, {0x080007, "Appletalk"}, {0x009069, "Juniper"},
           {0x080009, "Hewlett-Packard"}, {0x00120f, "IEEE 802.3 Private"}, {0x0012bb, "ANSI/TIA"},
           {0x001b21, "DCBX"}, {0x002320, "Nicira Networks"}, {0x5c16c7, "Big Switch Networks"},
           {0xb0d2f5, "Vello Systems"}, {0x002481, "HP"}, {0x0004ea, "HP-Labs"},
           {0x748771, "Infoblox Inc"}, {0xa42305, "Open Networking Lab"}, {0x00049f, "Freescale"},
           {0x0015ad, "Netronome"}, {0x001018, "Broadcom"}, {0x00e004, "PMC-Sierra"},
           {0xd0f0db, "Ericsson"}};
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
    if (t[i].oui == oui) return t[i].name;
  return "Unknown";
}

/* etheraddr_string(): "Broadcast" comes from its table of known names;
 * /etc/ethers names none of ours */
const char *nd_etheraddr(const nd_ctx *c, const uint8_t *p, char buf[64]) {
  static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  if (!memcmp(p, bcast, 6) && !c->f->nflag) return "Broadcast";
  int n = g_snprintf(buf, 64, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
  if (!c->f->nflag)
    g_snprintf(buf + n, (gulong)(64 - n), " (oui %s)",
               nd_oui_name((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]));
  return buf;
}

uint16_t nd_cksum(const uint8_t *p, size_t len) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < len; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
  if (len & 1) sum += (uint32_t)(p[len - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

/* the one's complement sum of p, not yet complemented */
static uint32_t nd_sum(uint32_t sum, const uint8_t *p, size_t len) {
  for (size_t i = 0; i + 1 < len; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
  if (len & 1) sum += (uint32_t)(p[len - 1] << 8);
  return sum;
}

uint16_t nd_l4_cksum(const uint8_t *iph, uint8_t proto, const uint8_t *p, uint32_t len) {
  bool v6 = iph[0] >> 4 == 6;
  /* the addresses, then the protocol and the length */
  uint32_t sum = v6 ? nd_sum(0, iph + 8, 32) : nd_sum(0, iph + 12, 8);
  sum += proto + (len >> 16) + (len & 0xffff);
  sum = nd_sum(sum, p, len);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

uint16_t nd_cksum_shouldbe(uint16_t have, uint16_t sum) {
  uint32_t should = (uint32_t)(uint16_t)~have + (uint32_t)(uint16_t)~sum;
  should = (should & 0xffff) + (should >> 16);
  should = (should & 0xffff) + (should >> 16);
  return (uint16_t)~should;
}

void nd_ip_addrs(const nd_ctx *c, const uint8_t *iph, char src[48], char dst[48]) {
  if (iph[0] >> 4 == 6) {
    /* inet_ntop() of 16 bytes always fits in 48 */
    nd_ip6addr(iph + 8, src);
    nd_ip6addr(iph + 24, dst);
  } else {
    nd_ipaddr(c, iph + 12, src);
    nd_ipaddr(c, iph + 16, dst);
  }
}

/* /etc/protocols (Debian's netbase) for the protocols a namespace sends */
const char *nd_protoname(uint8_t proto) {
  switch (proto) {
  case 1: return "icmp";
  case 2: return "igmp";
  case 4: return "ipencap";
  case 6: return "tcp";
  case 17: return "udp";
  case 41: return "ipv6";
  case 47: return "gre";
  case 50: return "esp";
  case 51: return "ah";
  case 58: return "ipv6-icmp";
  case 132: return "sctp";
  default: return NULL;
  }
}

/* hex_and_ascii_print(ndo, "\n\t", ...): 16 bytes a line */
void nd_default_print(nd_ctx *c, const uint8_t *p, size_t len) {
  size_t cap = nd_has(c, p, 0) ? (size_t)(c->snapend - p) : 0;
  bool truncated = len > cap;
  if (truncated) len = cap;
  for (size_t off = 0; off < len; off += 16) {
    char hex[41] = "", ascii[17] = "";
    size_t n = MIN(16, len - off), h = 0;
    for (size_t i = 0; i < n; i++) {
      uint8_t b = p[off + i];
      h += (size_t)g_snprintf(hex + h, sizeof hex - h, i % 2 ? "%02x" : " %02x", b);
      ascii[i] = b > 0x20 && b < 0x7f ? (char)b : '.';
    }
    ascii[n] = '\0';
    nd_printf(c, "\n\t0x%04zx: %-40s  %s", off, hex, ascii);
  }
  if (truncated) nd_trunc(c);
}

/* ---- Ethernet -------------------------------------------------------------- */

static const char *nd_ethertype_name(uint16_t t) {
  switch (t) {
  case 0x0800: return "IPv4";
  case 0x0806: return "ARP";
  case 0x86dd: return "IPv6";
  case 0x8100: return "802.1Q";
  case 0x8035: return "Reverse ARP";
  case 0x88cc: return "LLDP";
  case 0x8847: return "MPLS unicast";
  case 0x88a8: return "802.1Q-QinQ";
  default: return "Unknown";
  }
}

void nd_ether_print(nd_ctx *c, const uint8_t *p, uint32_t length, uint32_t caplen) {
  char a[64], b[64];
  c->protocol = "ether";
  if (length < caplen) {
    nd_printf(c, "[length %u < caplen %u] (invalid)", length, caplen);
    return;
  }
  if (caplen < 14) {
    nd_trunc(c);
    return;
  }
  uint16_t type = nd_be16(p + 12);
  if (c->f->eflag) nd_printf(c, "%s > %s, ", nd_etheraddr(c, p + 6, a), nd_etheraddr(c, p, b));
  const uint8_t *q = p + 14;
  length -= 14;
  if (type <= 1500) {
    /* 802.3 with an LLC header: no namespace sends it */
    if (c->f->eflag) nd_printf(c, "802.3, length %u: ", type);
    nd_printf(c, "LLC, length %u", type);
    return;
  }
  if (c->f->eflag) nd_printf(c, "ethertype %s (0x%04x), length %u: ", nd_ethertype_name(type), type, length + 14);
  switch (type) {
  case 0x0800: nd_ip_print(c, q, length); return;
  case 0x0806: nd_arp_print(c, q, length); return;
  case 0x86dd: nd_ip6_print(c, q, length); return;
  default:
    if (!c->f->eflag)
      nd_printf(c, "%s > %s, ethertype %s (0x%04x), length %u: ", nd_etheraddr(c, p + 6, a),
                nd_etheraddr(c, p, b), nd_ethertype_name(type), type, length + 14);
    nd_default_print(c, q, length);
  }
}

/* ---- the frame ---------------------------------------------------------------- */

nsp_tcpdump_printer *nsp_tcpdump_printer_new(const nsp_tcpdump_flags *f) {
  nsp_tcpdump_printer *p = g_new0(nsp_tcpdump_printer, 1);
  p->f = *f;
  p->tcp_seqs = nd_tcp_seqs_new();
  return p;
}

void nsp_tcpdump_printer_free(nsp_tcpdump_printer *p) {
  if (!p) return;
  g_hash_table_destroy(p->tcp_seqs);
  g_free(p);
}

/* ts_date_hmsfrac_print(): [Y-m-d ]H:M:S.usec */
static void ts_hms(GString *out, uint64_t ns, bool date, bool utc) {
  time_t t = (time_t)(ns / ND_NS_S);
  struct tm tm;
  char buf[32];
  if (utc) gmtime_r(&t, &tm);
  else localtime_r(&t, &tm);
  strftime(buf, sizeof buf, date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
  g_string_append_printf(out, "%s.%06u", buf, (unsigned)(ns % ND_NS_S / 1000));
}

static void ts_print(nsp_tcpdump_printer *p, uint64_t ns, GString *out) {
  uint64_t us = ns / 1000 * 1000; /* microsecond time stamps */
  switch (p->f.tflag) {
  case 0: ts_hms(out, us, false, p->f.utc); g_string_append_c(out, ' '); break;
  case 1: break;
  case 2:
    g_string_append_printf(out, "%u.%06u ", (unsigned)(us / ND_NS_S), (unsigned)(us % ND_NS_S / 1000));
    break;
  case 3:
  case 5:
    if (!p->have_ref) p->ref_ns = us, p->have_ref = true;
    bool neg = us < p->ref_ns;
    g_string_append_c(out, neg ? '-' : ' ');
    ts_hms(out, neg ? p->ref_ns - us : us - p->ref_ns, false, true);
    g_string_append_c(out, ' ');
    if (p->f.tflag == 3) p->ref_ns = us;
    break;
  default: ts_hms(out, us, true, p->f.utc); g_string_append_c(out, ' '); break;
  }
}

void nsp_tcpdump_print(nsp_tcpdump_printer *p, uint64_t ts_ns, const uint8_t *frame,
                       uint32_t caplen, uint32_t len, GString *out) {
  nd_ctx c = {.out = out, .f = &p->f, .snapend = frame + caplen, .protocol = "ether",
              .tcp_seqs = p->tcp_seqs};
  ts_print(p, ts_ns, out);
  nd_ether_print(&c, frame, len, caplen);
  g_string_append_c(out, '\n');
}
