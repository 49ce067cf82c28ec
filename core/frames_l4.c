/* UDP and TCP in the normalized frame lines (core/frames.h): ports, with
 * a socket's ephemeral ports relabelled, and lengths. */
#include <stdio.h>

#include "core/frames_priv.h"
#include "proto/ipv4.h"
#include "proto/udp.h"

/* ip_local_port_range's default: where connect() and bind(0) pick ports */
#define EPHEMERAL_LOW 32768
#define EPHEMERAL_HIGH 60999

/* A port's text, decided at its first appearance in the file: a random
 * choice of a socket (ephemeral, first seen as a source) gets the next
 * label, anything else is its number. */
static const char *frame_port(nsp_frame_labels *l, uint16_t port, bool source) {
  const char *text = g_hash_table_lookup(l->ports, GUINT_TO_POINTER(port));
  if (text) return text;
  char *v = source && port >= EPHEMERAL_LOW && port <= EPHEMERAL_HIGH
                ? g_strdup_printf("p%u", l->next_port++)
                : g_strdup_printf("%u", port);
  g_hash_table_insert(l->ports, GUINT_TO_POINTER(port), v);
  return v;
}

static void frame_ports(GString *s, nsp_frame_labels *l, const char *name, const uint8_t *t) {
  const char *sp = frame_port(l, inet_get16(t), true);
  g_string_append_printf(s, "%s %s>%s", name, sp, frame_port(l, inet_get16(t + 2), false));
}

/* "UDP p1>9999 len=14": the length field; when it disagrees with the IP
 * packet's, what the packet carried too. */
static void frame_render_udp(GString *s, nsp_frame_labels *l, const uint8_t *u, size_t len,
                             bool quoted) {
  if (len < UDP_HDR_LEN) {
    g_string_append_printf(s, "UDP truncated (%zu bytes)", len);
    return;
  }
  frame_ports(s, l, "UDP", u);
  uint16_t ulen = inet_get16(u + 4);
  g_string_append_printf(s, " len=%u", ulen);
  if (!quoted && ulen != len) g_string_append_printf(s, " ip-payload=%zu", len);
}

void nsp_frame_render_l4(GString *s, nsp_frame_labels *l, uint8_t proto, const uint8_t *t,
                         size_t len, bool quoted) {
  if (proto == IPV4_PROTO_UDP) frame_render_udp(s, l, t, len, quoted);
  else g_string_append_printf(s, "proto=%u", proto);
}
