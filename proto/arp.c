/* ARP codec, RFC 826. Layout (offsets in bytes):
 *   0 htype  2 ptype  4 hlen  5 plen  6 op  8 sha  14 spa  18 tha  24 tpa */
#include "proto/arp.h"

#include <string.h>

static bool arp_is_ether_ipv4(const uint8_t *buf) {
  return inet_get16(buf) == ARP_HTYPE_ETHER && inet_get16(buf + 2) == ETHER_TYPE_IPV4 &&
         buf[4] == ETHER_ADDR_LEN && buf[5] == 4;
}

proto_err arp_pkt_parse(const uint8_t *buf, size_t len, arp_pkt *out) {
  if (len < ARP_PKT_LEN) return PROTO_ERR_TRUNCATED;
  if (!arp_is_ether_ipv4(buf)) return PROTO_ERR_UNSUPPORTED;
  out->op = inet_get16(buf + 6);
  memcpy(out->sha.b, buf + 8, ETHER_ADDR_LEN);
  out->spa = inet_get32(buf + 14);
  memcpy(out->tha.b, buf + 18, ETHER_ADDR_LEN);
  out->tpa = inet_get32(buf + 24);
  return PROTO_OK;
}

size_t arp_pkt_emit(const arp_pkt *p, uint8_t *buf, size_t cap) {
  if (cap < ARP_PKT_LEN) return 0;
  inet_put16(buf, ARP_HTYPE_ETHER);
  inet_put16(buf + 2, ETHER_TYPE_IPV4);
  buf[4] = ETHER_ADDR_LEN;
  buf[5] = 4;
  inet_put16(buf + 6, p->op);
  memcpy(buf + 8, p->sha.b, ETHER_ADDR_LEN);
  inet_put32(buf + 14, p->spa);
  memcpy(buf + 18, p->tha.b, ETHER_ADDR_LEN);
  inet_put32(buf + 24, p->tpa);
  return ARP_PKT_LEN;
}
