/* UDP codec, RFC 768; checksum per RFC 1071 over the pseudo-header. */
#include "proto/udp.h"

#include <string.h>

void udp_hdr_read(const uint8_t *buf, udp_hdr *out) {
  out->sport = inet_get16(buf);
  out->dport = inet_get16(buf + 2);
  out->len = inet_get16(buf + 4);
  out->check = inet_get16(buf + 6);
}

proto_err udp_parse(const uint8_t *buf, size_t len, uint32_t saddr, uint32_t daddr, bool verify,
                    udp_hdr *out) {
  if (len < UDP_HDR_LEN) return PROTO_ERR_TRUNCATED;
  uint16_t ulen = inet_get16(buf + 4);
  if (ulen < UDP_HDR_LEN) return PROTO_ERR_LENGTH;
  if (ulen > len) return PROTO_ERR_TRUNCATED;
  if (verify && inet_get16(buf + 6) != 0) {
    uint32_t sum = inet_pseudo_sum(saddr, daddr, IPV4_PROTO_UDP, ulen);
    if (inet_cksum_finish(inet_cksum_partial(buf, ulen, sum)) != 0) return PROTO_ERR_CHECKSUM;
  }
  udp_hdr_read(buf, out);
  return PROTO_OK;
}

size_t udp_emit_len(size_t plen) {
  return UDP_HDR_LEN + plen;
}

size_t udp_emit(const udp_hdr *h, uint32_t saddr, uint32_t daddr, const uint8_t *payload,
                size_t plen, proto_csum csum, uint8_t *buf, size_t cap) {
  if (cap < UDP_HDR_LEN || plen > cap - UDP_HDR_LEN || plen > 0xffff - UDP_HDR_LEN) return 0;
  /* payload first: it may overlap the header bytes about to be written */
  if (plen) memmove(buf + UDP_HDR_LEN, payload, plen);
  uint16_t ulen = (uint16_t)(UDP_HDR_LEN + plen);
  inet_put16(buf, h->sport);
  inet_put16(buf + 2, h->dport);
  inet_put16(buf + 4, ulen);
  if (csum == PROTO_CSUM_PARTIAL) {
    inet_put16(buf + 6, inet_pseudo_partial(saddr, daddr, IPV4_PROTO_UDP, ulen));
    return ulen;
  }
  inet_put16(buf + 6, 0);
  uint32_t sum = inet_pseudo_sum(saddr, daddr, IPV4_PROTO_UDP, ulen);
  uint16_t check = inet_cksum_finish(inet_cksum_partial(buf, ulen, sum));
  /* RFC 768: "If the computed checksum is zero, it is transmitted as all
   * ones"; 0 would mean no checksum (udp4_hwcsum(), csum_tcpudp_magic()) */
  inet_put16(buf + 6, check ? check : 0xffff);
  return ulen;
}
