/* UDP and TCP in the normalized frame lines (core/frames.h): ports, with
 * a socket's ephemeral ports relabelled, and lengths. */
#include <stdio.h>

#include "core/frames_priv.h"
#include "proto/ipv4.h"
#include "proto/tcp.h"
#include "proto/udp.h"

/* ip_local_port_range's default: where connect() and bind(0) pick ports */
#define EPHEMERAL_LOW 32768
#define EPHEMERAL_HIGH 60999

/* A port's text in the flow saddr:sport>daddr:dport (source: sport's,
 * else dport's): as this flow or its answer showed it before; otherwise a
 * source port in the ephemeral range is a socket's random choice and gets
 * its label (the next one at its first appearance), anything else is its
 * number. */
static const char *frame_port(nsp_frame_labels *l, uint32_t saddr, uint16_t sport, uint32_t daddr,
                              uint16_t dport, bool source) {
  char fwd[48], rev[48];
  g_snprintf(fwd, sizeof fwd, "%08x:%u>%08x:%u/%c", saddr, sport, daddr, dport, source ? 's' : 'd');
  g_snprintf(rev, sizeof rev, "%08x:%u>%08x:%u/%c", daddr, dport, saddr, sport, source ? 'd' : 's');
  const char *text = g_hash_table_lookup(l->ends, fwd);
  if (!text) text = g_hash_table_lookup(l->ends, rev);
  if (text) return text;
  uint16_t port = source ? sport : dport;
  char *v;
  if (source && port >= EPHEMERAL_LOW && port <= EPHEMERAL_HIGH) {
    const char *label = g_hash_table_lookup(l->ports, GUINT_TO_POINTER(port));
    if (!label) {
      label = g_strdup_printf("p%u", l->next_port++);
      g_hash_table_insert(l->ports, GUINT_TO_POINTER(port), (char *)label);
    }
    v = g_strdup(label);
  } else {
    v = g_strdup_printf("%u", port);
  }
  g_hash_table_insert(l->ends, g_strdup(fwd), v);
  return v;
}

static void frame_ports(GString *s, nsp_frame_labels *l, const ipv4_hdr *ip, const char *name,
                        const uint8_t *t) {
  uint16_t sp = inet_get16(t), dp = inet_get16(t + 2);
  g_string_append_printf(s, "%s %s>%s", name, frame_port(l, ip->saddr, sp, ip->daddr, dp, true),
                         frame_port(l, ip->saddr, sp, ip->daddr, dp, false));
}

/* "UDP p1>9999 len=14": the length field; when it disagrees with the IP
 * packet's, what the packet carried too. */
static void frame_render_udp(GString *s, nsp_frame_labels *l, const ipv4_hdr *ip, const uint8_t *u,
                             size_t len, bool quoted) {
  if (len < UDP_HDR_LEN) {
    g_string_append_printf(s, "UDP truncated (%zu bytes)", len);
    return;
  }
  frame_ports(s, l, ip, "UDP", u);
  uint16_t ulen = inet_get16(u + 4);
  g_string_append_printf(s, " len=%u", ulen);
  if (!quoted && ulen != len) g_string_append_printf(s, " ip-payload=%zu", len);
}

/* tcpdump's flag letters: S F R P U E W, "." for ACK, "none" */
static void frame_tcp_flags(GString *s, uint8_t f) {
  static const struct {
    uint8_t bit;
    char c;
  } t[] = {{TCP_SYN, 'S'}, {TCP_FIN, 'F'}, {TCP_RST, 'R'}, {TCP_PSH, 'P'},
           {TCP_URG, 'U'}, {TCP_ECE, 'E'}, {TCP_CWR, 'W'}, {TCP_ACK, '.'}};
  size_t before = s->len;
  for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
    if (f & t[i].bit) g_string_append_c(s, t[i].c);
  if (s->len == before) g_string_append(s, "none");
}

/* The sequence number relative to the first one seen from this side of
 * the connection (recorded at its first appearance). */
static uint32_t frame_tcp_rel(nsp_frame_labels *l, uint32_t src, uint16_t sport, uint32_t dst,
                              uint16_t dport, uint32_t seq, bool record, bool *known) {
  char key[48];
  g_snprintf(key, sizeof key, "%08x:%u>%08x:%u", src, sport, dst, dport);
  gpointer base;
  if (g_hash_table_lookup_extended(l->flows, key, NULL, &base)) {
    *known = true;
    return seq - GPOINTER_TO_UINT(base);
  }
  *known = false;
  if (record) {
    g_hash_table_insert(l->flows, g_strdup(key), GUINT_TO_POINTER(seq));
    *known = true;
    return 0;
  }
  return seq;
}

/* The options in the order they are on the wire, as tcpdump names them;
 * the timestamps' values masked. */
static void frame_tcp_opts(GString *s, const uint8_t *p, size_t len) {
  if (!len) return;
  g_string_append(s, " [");
  for (size_t i = 0; i < len;) {
    if (i) g_string_append_c(s, ',');
    uint8_t kind = p[i];
    if (kind == TCP_OPT_EOL) {
      g_string_append(s, "eol");
      break;
    }
    if (kind == TCP_OPT_NOP) {
      g_string_append(s, "nop");
      i++;
      continue;
    }
    uint8_t size = i + 1 < len ? p[i + 1] : 0;
    if (size < 2 || size > len - i) {
      g_string_append(s, "bad-opt");
      break;
    }
    if (kind == TCP_OPT_MSS && size == 4) g_string_append_printf(s, "mss %u", inet_get16(p + i + 2));
    else if (kind == TCP_OPT_WSCALE && size == 3) g_string_append_printf(s, "wscale %u", p[i + 2]);
    else if (kind == TCP_OPT_SACK_PERM) g_string_append(s, "sackOK");
    else if (kind == TCP_OPT_TS) g_string_append(s, "TS");
    else if (kind == TCP_OPT_SACK) g_string_append_printf(s, "sack %u", (size - 2) / 8);
    else g_string_append_printf(s, "opt-%u:%u", kind, size);
    i += size;
  }
  g_string_append_c(s, ']');
}

/* "TCP p1>12345 S seq=0 win=64240 [mss 1460,sackOK,TS,nop,wscale 10]
 * len=0", the acknowledgment after the sequence when ACK is set. */
static void frame_render_tcp(GString *s, nsp_frame_labels *l, const ipv4_hdr *ip, const uint8_t *t,
                             size_t len, bool quoted) {
  if (len < 8) {
    g_string_append_printf(s, "TCP truncated (%zu bytes)", len);
    return;
  }
  tcp_hdr h;
  tcp_hdr_read(t, len, &h);
  frame_ports(s, l, ip, "TCP", t);
  bool known;
  uint32_t seq = frame_tcp_rel(l, ip->saddr, h.sport, ip->daddr, h.dport, h.seq, !quoted, &known);
  if (quoted && len < TCP_HDR_LEN) {
    g_string_append_printf(s, " seq=%s%u", known ? "" : "abs:", seq);
    return;
  }
  if (h.hlen < TCP_HDR_LEN || h.hlen > len) {
    g_string_append_printf(s, " bad-offset=%u", h.hlen);
    return;
  }
  g_string_append_c(s, ' ');
  frame_tcp_flags(s, h.flags);
  g_string_append_printf(s, " seq=%s%u", known ? "" : "abs:", seq);
  if (h.flags & TCP_ACK) {
    uint32_t ack = frame_tcp_rel(l, ip->daddr, h.dport, ip->saddr, h.sport, h.ack, false, &known);
    g_string_append_printf(s, " ack=%s%u", known ? "" : "abs:", ack);
  }
  g_string_append_printf(s, " win=%u", h.win);
  if (h.urg || (h.flags & TCP_URG)) g_string_append_printf(s, " urg=%u", h.urg);
  frame_tcp_opts(s, t + TCP_HDR_LEN, h.hlen - TCP_HDR_LEN);
  g_string_append_printf(s, " len=%zu", len - h.hlen);
}

void nsp_frame_render_l4(GString *s, nsp_frame_labels *l, const ipv4_hdr *ip, const uint8_t *t,
                         size_t len, bool quoted) {
  if (ip->proto == IPV4_PROTO_UDP) frame_render_udp(s, l, ip, t, len, quoted);
  else if (ip->proto == IPV4_PROTO_TCP) frame_render_tcp(s, l, ip, t, len, quoted);
  else g_string_append_printf(s, "proto=%u", ip->proto);
}
