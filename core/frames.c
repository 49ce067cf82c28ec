#include "core/frames.h"
#include "core/frames_priv.h"

#include <pcap/pcap.h>
#include <string.h>

#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"

void nsp_frame_labels_init(nsp_frame_labels *l) {
  l->macs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  l->next = 1;
  l->ports = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  l->ends = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  l->next_port = 1;
  l->flows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

void nsp_frame_labels_clear(nsp_frame_labels *l) {
  if (l->macs) g_hash_table_destroy(l->macs);
  l->macs = NULL;
  if (l->ports) g_hash_table_destroy(l->ports);
  l->ports = NULL;
  if (l->ends) g_hash_table_destroy(l->ends);
  l->ends = NULL;
  if (l->flows) g_hash_table_destroy(l->flows);
  l->flows = NULL;
}

/* bcast and zero are the same on every run; a multicast address follows
 * from the IP address it carries, so it stays as it is. */
static const char *frame_mac(nsp_frame_labels *l, const ether_addr *a) {
  if (ether_addr_eq(a, &ETHER_ADDR_BROADCAST)) return "bcast";
  if (ether_addr_eq(a, &ETHER_ADDR_ZERO)) return "zero";
  char text[18];
  ether_addr_ntop(a, text);
  const char *label = g_hash_table_lookup(l->macs, text);
  if (label) return label;
  char *v = ether_addr_is_multicast(a) ? g_strdup(text) : g_strdup_printf("m%u", l->next++);
  g_hash_table_insert(l->macs, g_strdup(text), v);
  return v;
}

static const char *frame_ip(uint32_t a, char buf[16]) { return ipv4_addr_ntop(a, buf); }

static void frame_render_arp(GString *s, nsp_frame_labels *l, const uint8_t *buf, size_t len) {
  arp_pkt a;
  proto_err e = arp_pkt_parse(buf, len, &a);
  if (e != PROTO_OK) {
    g_string_append_printf(s, "ARP malformed (%s)", proto_err_str(e));
    return;
  }
  char spa[16], tpa[16];
  if (a.op == ARP_OP_REQUEST) g_string_append(s, "ARP who-has");
  else if (a.op == ARP_OP_REPLY) g_string_append(s, "ARP is-at");
  else g_string_append_printf(s, "ARP op=%u", a.op);
  g_string_append_printf(s, " spa=%s sha=%s", frame_ip(a.spa, spa), frame_mac(l, &a.sha));
  g_string_append_printf(s, " tpa=%s tha=%s", frame_ip(a.tpa, tpa), frame_mac(l, &a.tha));
  if (len > ARP_PKT_LEN) g_string_append_printf(s, " pad=%zu", len - ARP_PKT_LEN);
}

/* The header fields, also of a quoted header whose packet was cut short
 * (only its first `len` bytes are there) and whose checksum is masked:
 * version 4 and a header length that fits are all it needs. */
static bool frame_ip_fields(const uint8_t *buf, size_t len, ipv4_hdr *h) {
  if (len < IPV4_HDR_LEN || buf[0] >> 4 != 4) return false;
  size_t ihl = (size_t)(buf[0] & 0x0f) * 4;
  if (ihl < IPV4_HDR_LEN || ihl > len) return false;
  ipv4_hdr_read(buf, h);
  return true;
}

/* "IP SRC>DST ttl=N len=N" and the flags; the ID and checksum masked. */
static void frame_render_ip_hdr(GString *s, const ipv4_hdr *h) {
  char src[16], dst[16];
  g_string_append_printf(s, "IP %s>%s ttl=%u len=%u", frame_ip(h->saddr, src),
                         frame_ip(h->daddr, dst), h->ttl, h->tot_len);
  if (h->tos) g_string_append_printf(s, " tos=0x%02x", h->tos);
  if (h->frag & 0x8000) g_string_append(s, " RF");
  if (h->frag & IPV4_FLAG_DF) g_string_append(s, " DF");
  if (h->frag & IPV4_FLAG_MF) g_string_append(s, " MF");
  if (h->frag & IPV4_OFFSET_MASK) g_string_append_printf(s, " off=%u", (h->frag & IPV4_OFFSET_MASK) * 8u);
  if (h->ihl > IPV4_HDR_LEN) g_string_append_printf(s, " opts=%u", h->ihl - IPV4_HDR_LEN);
}

static const char *frame_icmp_type(uint8_t type) {
  switch (type) {
  case ICMP_ECHOREPLY: return "echo-reply";
  case ICMP_DEST_UNREACH: return "unreachable";
  case ICMP_SOURCE_QUENCH: return "source-quench";
  case ICMP_REDIRECT: return "redirect";
  case ICMP_ECHO: return "echo-request";
  case ICMP_TIME_EXCEEDED: return "time-exceeded";
  case ICMP_PARAMETERPROB: return "param-problem";
  default: return NULL;
  }
}

/* Type and code; for echoes the sequence (the identifier masked), for
 * errors the meaningful part of the rest of the header. */
static void frame_render_icmp_hdr(GString *s, const uint8_t *icmp) {
  uint8_t type = icmp[0], code = icmp[1];
  const char *name = frame_icmp_type(type);
  if (name) g_string_append_printf(s, "ICMP %s code=%u", name, code);
  else g_string_append_printf(s, "ICMP type=%u code=%u", type, code);
  uint32_t rest = inet_get32(icmp + 4);
  char gw[16];
  if (type == ICMP_ECHO || type == ICMP_ECHOREPLY)
    g_string_append_printf(s, " seq=%u", inet_get16(icmp + 6));
  else if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
    g_string_append_printf(s, " mtu=%u", inet_get16(icmp + 6));
  else if (type == ICMP_REDIRECT)
    g_string_append_printf(s, " gw=%s", frame_ip(rest, gw));
  else if (rest)
    g_string_append_printf(s, " rest=0x%08x", rest);
}

/* The packet inside an ICMP error: its header and, when it is there, the
 * first 8 bytes of what it carried (RFC 792). */
static void frame_render_quote(GString *s, nsp_frame_labels *l, const uint8_t *q, size_t qlen) {
  ipv4_hdr h;
  g_string_append_printf(s, " quote=%zu", qlen);
  if (!frame_ip_fields(q, qlen, &h)) {
    g_string_append(s, " [not an IPv4 header]");
    return;
  }
  g_string_append(s, " [");
  frame_render_ip_hdr(s, &h);
  bool first = !(h.frag & IPV4_OFFSET_MASK);
  if (h.proto == IPV4_PROTO_ICMP && first && qlen >= (size_t)h.ihl + ICMP_HDR_LEN) {
    g_string_append_c(s, ' ');
    frame_render_icmp_hdr(s, q + h.ihl);
  } else if ((h.proto == IPV4_PROTO_UDP || h.proto == IPV4_PROTO_TCP) && first) {
    g_string_append_c(s, ' ');
    nsp_frame_render_l4(s, l, &h, q + h.ihl, qlen > h.ihl ? qlen - h.ihl : 0, true);
  } else if (h.proto != IPV4_PROTO_ICMP) {
    g_string_append_printf(s, " proto=%u", h.proto);
  }
  g_string_append_c(s, ']');
}

/* An ICMP message of ilen bytes; whole says whether it is all here (not a
 * first fragment), so that its checksum can be checked. */
static void frame_render_icmp(GString *s, nsp_frame_labels *l, const uint8_t *icmp, size_t ilen,
                              bool whole) {
  if (ilen < ICMP_HDR_LEN) {
    g_string_append_printf(s, "ICMP truncated (%zu bytes)", ilen);
    return;
  }
  frame_render_icmp_hdr(s, icmp);
  if (whole && inet_cksum(icmp, ilen) != 0) g_string_append(s, " bad-cksum");
  if (icmp_type_is_error(icmp[0]))
    frame_render_quote(s, l, icmp + ICMP_HDR_LEN, ilen - ICMP_HDR_LEN);
}

static void frame_render_ipv4(GString *s, nsp_frame_labels *l, const uint8_t *buf, size_t len) {
  ipv4_hdr h;
  proto_err e = ipv4_hdr_parse(buf, len, &h);
  if (e != PROTO_OK && e != PROTO_ERR_CHECKSUM) {
    g_string_append_printf(s, "IP malformed (%s, %zu bytes)", proto_err_str(e), len);
    return;
  }
  frame_ip_fields(buf, len, &h);
  frame_render_ip_hdr(s, &h);
  if (e == PROTO_ERR_CHECKSUM) g_string_append(s, " bad-cksum");
  if (len > h.tot_len) g_string_append_printf(s, " pad=%zu", len - h.tot_len);
  g_string_append_c(s, ' ');
  if (h.frag & IPV4_OFFSET_MASK) g_string_append(s, "fragment");
  else if (h.proto == IPV4_PROTO_ICMP)
    frame_render_icmp(s, l, buf + h.ihl, h.tot_len - h.ihl, !(h.frag & IPV4_FLAG_MF));
  else if ((h.proto == IPV4_PROTO_UDP || h.proto == IPV4_PROTO_TCP) && !(h.frag & IPV4_FLAG_MF))
    nsp_frame_render_l4(s, l, &h, buf + h.ihl, h.tot_len - h.ihl, false);
  else g_string_append_printf(s, "proto=%u", h.proto);
}

/* IGMP: a bridge reports its snoopers' group (224.0.0.106) at random
 * moments (igmp_ifc_start_timer()); no two runs place it alike, and the
 * simulation does not send it: such a frame is left out and takes no
 * number */
static bool frame_is_igmp(const uint8_t *ip, size_t len) {
  return len >= IPV4_HDR_LEN && ip[0] >> 4 == 4 && ip[9] == 2;
}

char *nsp_frame_render(nsp_frame_labels *l, const uint8_t *frame, size_t len) {
  ether_hdr eh;
  if (ether_hdr_parse(frame, len, &eh) != PROTO_OK)
    return g_strdup_printf("short frame (%zu bytes)", len);
  if (eh.type != ETHER_TYPE_ARP && eh.type != ETHER_TYPE_IPV4) return NULL;
  if (eh.type == ETHER_TYPE_IPV4 && frame_is_igmp(frame + ETHER_HDR_LEN, len - ETHER_HDR_LEN))
    return NULL;
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "%s>", frame_mac(l, &eh.src));
  g_string_append_printf(s, "%s ", frame_mac(l, &eh.dst));
  if (eh.type == ETHER_TYPE_ARP) frame_render_arp(s, l, frame + ETHER_HDR_LEN, len - ETHER_HDR_LEN);
  else frame_render_ipv4(s, l, frame + ETHER_HDR_LEN, len - ETHER_HDR_LEN);
  return g_string_free(s, FALSE);
}

static void frame_free(gpointer p) {
  nsp_frame *f = p;
  g_free(f->text);
  g_free(f);
}

GPtrArray *nsp_frames_read(const char *path, GError **err) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *p = pcap_open_offline(path, errbuf);
  if (!p) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s", errbuf);
    return NULL;
  }
  if (pcap_datalink(p) != DLT_EN10MB) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: not an Ethernet capture", path);
    pcap_close(p);
    return NULL;
  }
  GPtrArray *out = g_ptr_array_new_with_free_func(frame_free);
  nsp_frame_labels l;
  nsp_frame_labels_init(&l);
  struct pcap_pkthdr *h;
  const u_char *data;
  int rc;
  for (guint n = 1; (rc = pcap_next_ex(p, &h, &data)) == 1; n++) {
    if (h->caplen > ETHER_HDR_LEN + IPV4_HDR_LEN && data[12] == 0x08 && data[13] == 0x00 &&
        frame_is_igmp(data + ETHER_HDR_LEN, h->caplen - ETHER_HDR_LEN)) {
      n--;
      continue;
    }
    char *text = nsp_frame_render(&l, data, h->caplen);
    if (!text) continue;
    nsp_frame *f = g_new(nsp_frame, 1);
    f->number = n;
    f->text = text;
    g_ptr_array_add(out, f);
  }
  if (rc == PCAP_ERROR) {
    g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path, pcap_geterr(p));
    g_ptr_array_free(out, TRUE);
    out = NULL;
  }
  nsp_frame_labels_clear(&l);
  pcap_close(p);
  return out;
}
