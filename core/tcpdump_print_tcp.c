/* TCP as tcpdump 4.99.3 prints it (print-tcp.c tcp_print()): the ports
 * (names without -n), the flags, sequence numbers (relative to the
 * conversation's first unless -S), the acknowledgment, the window, the
 * options and the payload's length; under -v the checksum.
 *
 * The relative numbers follow tcp_seq_hash exactly, quirks included: only
 * a segment with ACK looks its conversation up (one entry for both
 * directions, keyed with the lower port first); a segment with SYN, or the
 * first of a conversation seen, records the numbers it carries and is
 * printed absolute, so the SYN-ACK and a lone RST-ACK show absolute
 * numbers while the SYN, without ACK, is never recorded. */
#include <string.h>

#include "core/tcpdump_nd.h"

#define TCP_HDR 20
#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PUSH 0x08
#define TH_ACK 0x10
#define TH_URG 0x20
#define TH_ECE 0x40
#define TH_CWR 0x80

/* struct tha / tha6: the conversation's addresses and ports, lower port first */
typedef struct {
  uint8_t src[16], dst[16];
  uint32_t port;
  uint8_t v6;
} tcp_conv;

typedef struct {
  tcp_conv addr;
  uint32_t seq, ack;
} tcp_seq_entry;

static guint tcp_conv_hash(gconstpointer k) {
  const tcp_conv *a = k;
  guint h = a->port;
  for (size_t i = 0; i < 16; i++) h = h * 31 + a->src[i] + a->dst[i] * 7u;
  return h;
}

static gboolean tcp_conv_equal(gconstpointer x, gconstpointer y) {
  return !memcmp(x, y, sizeof(tcp_conv));
}

GHashTable *nd_tcp_seqs_new(void) {
  return g_hash_table_new_full(tcp_conv_hash, tcp_conv_equal, NULL, g_free);
}

/* tcp_print()'s lookup: *seq and *ack made relative when the conversation
 * was known (and this is no SYN), else recorded; *rev, thseq and thack as
 * the SACK blocks need them. */
static void tcp_seq_relative(nd_ctx *c, const uint8_t *iph, uint16_t sport, uint16_t dport,
                             uint8_t flags, uint32_t *seq, uint32_t *ack, bool *rev,
                             uint32_t *thseq, uint32_t *thack) {
  bool v6 = iph[0] >> 4 == 6;
  size_t alen = v6 ? 16 : 4;
  const uint8_t *src = iph + (v6 ? 8 : 12), *dst = iph + (v6 ? 24 : 16);
  *rev = sport > dport || (sport == dport && memcmp(src, dst, alen) > 0);
  tcp_conv k;
  memset(&k, 0, sizeof k);
  k.v6 = v6;
  memcpy(k.src, *rev ? dst : src, alen);
  memcpy(k.dst, *rev ? src : dst, alen);
  k.port = *rev ? (uint32_t)dport << 16 | sport : (uint32_t)sport << 16 | dport;
  tcp_seq_entry *th = g_hash_table_lookup(c->tcp_seqs, &k);
  if (!th || (flags & TH_SYN)) {
    if (!th) {
      th = g_new0(tcp_seq_entry, 1);
      th->addr = k;
      g_hash_table_insert(c->tcp_seqs, &th->addr, th);
    }
    if (*rev) th->ack = *seq, th->seq = *ack - 1;
    else th->seq = *seq, th->ack = *ack - 1;
  } else if (*rev) {
    *seq -= th->ack, *ack -= th->seq;
  } else {
    *seq -= th->seq, *ack -= th->ack;
  }
  *thseq = th->seq;
  *thack = th->ack;
}

static const char *tcp_option_name(uint8_t opt, char buf[16]) {
  switch (opt) {
  case 0: return "eol";
  case 1: return "nop";
  case 2: return "mss";
  case 3: return "wscale";
  case 4: return "sackOK";
  case 5: return "sack";
  case 6: return "echo";
  case 7: return "echoreply";
  case 8: return "TS";
  case 11: return "cc";
  case 12: return "ccnew";
  case 13: return "";
  case 19: return "md5";
  case 20: return "scps";
  case 28: return "uto";
  case 29: return "tcp-ao";
  case 30: return "mptcp";
  case 34: return "tfo";
  case 254: return "exp";
  default: g_snprintf(buf, 16, "unknown-%u", opt); return buf;
  }
}

/* The data of one option (datalen bytes at cp); false: "[bad opt]".  The
 * options Linux sends and a few more; the others (md5, mptcp, tfo, exp,
 * tcp-ao, scps) as tcpdump prints unknown ones: their bytes in hex. */
static bool tcp_option_data(nd_ctx *c, uint8_t opt, const uint8_t *cp, unsigned len,
                            unsigned hlen, unsigned *datalen, bool rev, uint32_t thseq,
                            uint32_t thack) {
  switch (opt) {
  case 2: *datalen = 2; break;
  case 3: *datalen = 1; break;
  case 6: case 7: case 11: case 12: case 13: *datalen = 4; break;
  case 8: *datalen = 8; break;
  case 28: *datalen = 2; break;
  case 0: case 1: case 4: *datalen = 0; break;
  default: *datalen = len - 2; break;
  }
  if (opt == 5 && *datalen % 8) {
    nd_printf(c, " invalid sack");
    return true;
  }
  if (*datalen > hlen) return false;
  if (!nd_check(c, cp, *datalen)) return true;
  switch (opt) {
  case 2: nd_printf(c, " %u", nd_be16(cp)); break;
  case 3: nd_printf(c, " %u", cp[0]); break;
  case 6: case 7: case 11: case 12: case 13: nd_printf(c, " %u", nd_be32(cp)); break;
  case 8: nd_printf(c, " val %u ecr %u", nd_be32(cp), nd_be32(cp + 4)); break;
  case 28: {
    unsigned uto = nd_be16(cp);
    nd_printf(c, " 0x%x %u", uto, uto & 1 ? (uto >> 1) * 60 : uto >> 1);
    break;
  }
  case 5:
    nd_printf(c, " %u ", *datalen / 8);
    for (unsigned i = 0; i < *datalen; i += 8) {
      uint32_t s = nd_be32(cp + i) - (rev ? thseq : thack);
      uint32_t e = nd_be32(cp + i + 4) - (rev ? thseq : thack);
      nd_printf(c, "{%u:%u}", s, e);
    }
    break;
  case 0: case 1: case 4: break;
  default:
    if (*datalen) nd_printf(c, " 0x");
    for (unsigned i = 0; i < *datalen; i++) nd_printf(c, "%02x", cp[i]);
  }
  return true;
}

/* ", options [...]" */
static void tcp_options(nd_ctx *c, const uint8_t *cp, unsigned hlen, bool rev, uint32_t thseq,
                        uint32_t thack) {
  char name[16], ch = '\0';
  nd_printf(c, ", options [");
  while (hlen > 0 && !c->stopped) {
    if (ch) nd_printf(c, "%c", ch);
    /* GET_U_1() longjmps: " [|tcp]" without the ">" of trunc: */
    if (!nd_check(c, cp, 1)) return;
    uint8_t opt = *cp++;
    unsigned len = 1;
    if (opt != 0 && opt != 1) {
      if (!nd_check(c, cp, 1)) return;
      len = *cp++;
      if (len < 2 || len > hlen) goto bad;
      hlen--;
    }
    hlen--;
    nd_printf(c, "%s", tcp_option_name(opt, name));
    unsigned datalen = 0;
    if (!tcp_option_data(c, opt, cp, len, hlen, &datalen, rev, thseq, thack)) goto bad;
    if (c->stopped) break;
    cp += datalen;
    hlen -= datalen;
    if (datalen + 1 + (opt != 0 && opt != 1) != len) nd_printf(c, "[len %u]", len);
    ch = ',';
    if (opt == 0) break;
  }
  if (c->stopped) {
    /* trunc: after nd_print_trunc(), ">" when inside the list */
    if (ch) g_string_append_c(c->out, '>');
    return;
  }
  nd_printf(c, "]");
  return;
bad:
  nd_printf(c, "[bad opt]");
  if (ch) nd_printf(c, "]");
  c->stopped = true;
}

/* The checksum under -v: a capture on a veth sees what the kernel left
 * CHECKSUM_PARTIAL (the pseudo-header's sum) as "incorrect". */
static void tcp_cksum_print(nd_ctx *c, const uint8_t *tp, uint32_t length, const uint8_t *iph) {
  if (!nd_has(c, tp, length)) return;
  uint16_t sum = nd_l4_cksum(iph, 6, tp, length), have = nd_be16(tp + 16);
  nd_printf(c, ", cksum 0x%04x", have);
  if (sum) nd_printf(c, " (incorrect -> 0x%04x)", nd_cksum_shouldbe(have, sum));
  else nd_printf(c, " (correct)");
}

/* "SRC.PORT > DST.PORT: "; only the ports when the IP header names another
 * protocol (an IPv6 header with extensions) */
static void tcp_addrs(nd_ctx *c, const uint8_t *iph, uint16_t sport, uint16_t dport) {
  char s[48], d[48], sp[8], dp[8];
  bool v6 = iph[0] >> 4 == 6;
  nd_ip_addrs(c, iph, s, d);
  if (iph[v6 ? 6 : 9] == 6)
    nd_printf(c, "%s.%s > %s.%s: ", s, nd_tcpport(c, sport, sp), d, nd_tcpport(c, dport, dp));
  else nd_printf(c, "%s > %s: ", nd_tcpport(c, sport, sp), nd_tcpport(c, dport, dp));
}

static void tcp_flags_print(nd_ctx *c, uint8_t flags) {
  static const struct {
    uint8_t bit;
    char ch;
  } t[] = {{TH_FIN, 'F'}, {TH_SYN, 'S'}, {TH_RST, 'R'}, {TH_PUSH, 'P'},
           {TH_ACK, '.'}, {TH_URG, 'U'}, {TH_ECE, 'E'}, {TH_CWR, 'W'}};
  char buf[9];
  size_t n = 0;
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
    if (flags & t[i].bit) buf[n++] = t[i].ch;
  buf[n] = '\0';
  nd_printf(c, "Flags [%s]", n ? buf : "none");
}

/* print_tcp_rst_data(): under -v, what a RST carries */
static void tcp_rst_data(nd_ctx *c, const uint8_t *sp, uint32_t length) {
  nd_printf(c, nd_has(c, sp, length) ? " [RST" : " [!RST");
  if (length > 30) {
    length = 30;
    nd_printf(c, "+");
  }
  nd_printf(c, " ");
  for (; length && sp < c->snapend; sp++, length--) {
    /* fn_print_char() */
    uint8_t ch = *sp;
    if (ch & 0x80) {
      ch &= 0x7f;
      nd_printf(c, "M-");
    }
    if (ch < 0x20 || ch == 0x7f) {
      ch ^= 0x40;
      nd_printf(c, "^");
    }
    nd_printf(c, "%c", ch);
  }
  nd_printf(c, "]");
}

void nd_tcp_print(nd_ctx *c, const uint8_t *tp, uint32_t length, const uint8_t *iph, bool fragmented) {
  c->protocol = "tcp";
  if (!nd_has(c, tp, 4)) {
    char s[48], d[48];
    nd_ip_addrs(c, iph, s, d);
    nd_printf(c, "%s > %s:", s, d);
    nd_trunc(c);
    return;
  }
  uint16_t sport = nd_be16(tp), dport = nd_be16(tp + 2);
  tcp_addrs(c, iph, sport, dport);
  if (!nd_check(c, tp, TCP_HDR)) return;
  unsigned hlen = (tp[12] >> 4) * 4u;
  if (hlen < TCP_HDR) {
    nd_printf(c, " tcp %u [bad hdr length %u - too short, < %u]", length - hlen, hlen, TCP_HDR);
    return;
  }
  uint32_t seq = nd_be32(tp + 4), ack = nd_be32(tp + 8);
  uint16_t win = nd_be16(tp + 14), urp = nd_be16(tp + 18);
  if (c->f->qflag) {
    nd_printf(c, "tcp %u", length - hlen);
    if (hlen > length) nd_printf(c, " [bad hdr length %u - too long, > %u]", hlen, length);
    return;
  }
  uint8_t flags = tp[13];
  tcp_flags_print(c, flags);
  bool rev = false;
  uint32_t thseq = 0, thack = 0;
  if (!c->f->Sflag && (flags & TH_ACK))
    tcp_seq_relative(c, iph, sport, dport, flags, &seq, &ack, &rev, &thseq, &thack);
  if (hlen > length) {
    nd_printf(c, " [bad hdr length %u - too long, > %u]", hlen, length);
    return;
  }
  if (c->f->vflag && !fragmented) tcp_cksum_print(c, tp, length, iph);
  length -= hlen;
  if (c->f->vflag > 1 || length > 0 || (flags & (TH_SYN | TH_FIN | TH_RST))) {
    nd_printf(c, ", seq %u", seq);
    if (length > 0) nd_printf(c, ":%u", seq + length);
  }
  if (flags & TH_ACK) nd_printf(c, ", ack %u", ack);
  nd_printf(c, ", win %u", win);
  if (flags & TH_URG) nd_printf(c, ", urg %u", urp);
  if (hlen > TCP_HDR) tcp_options(c, tp + TCP_HDR, hlen - TCP_HDR, rev, thseq, thack);
  if (c->stopped) return;
  nd_printf(c, ", length %u", length);
  if (length == 0) return;
  if (!nd_has(c, tp, hlen)) {
    nd_printf(c, " [remaining caplen(%u) < header length(%u)]", (unsigned)(c->snapend - tp), hlen);
    nd_trunc(c);
    return;
  }
  if ((flags & TH_RST) && c->f->vflag) {
    tcp_rst_data(c, tp + hlen, length);
    return;
  }
  /* The application printers tcpdump picks by port: HTTP's; the others
   * (telnet, smtp, ssh, bgp, domain, ...) are not modelled (docs/manual.md). */
  if (sport == 80 || dport == 80 || sport == 8080 || dport == 8080) {
    nd_printf(c, ": ");
    nd_http_print(c, tp + hlen, length);
  }
}
