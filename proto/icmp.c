/* ICMP codec, RFC 792; checksum per RFC 1071. */
#include "proto/icmp.h"

#include <string.h>

proto_err icmp_parse(const uint8_t *buf, size_t len, icmp_hdr *out) {
  if (len < ICMP_HDR_LEN) return PROTO_ERR_TRUNCATED;
  if (inet_cksum(buf, len) != 0) return PROTO_ERR_CHECKSUM;
  out->type = buf[0];
  out->code = buf[1];
  out->check = inet_get16(buf + 2);
  out->id = inet_get16(buf + 4);
  out->seq = inet_get16(buf + 6);
  return PROTO_OK;
}

size_t icmp_emit_len(size_t plen) {
  return ICMP_HDR_LEN + plen;
}

size_t icmp_emit(const icmp_hdr *h, const uint8_t *payload, size_t plen, uint8_t *buf,
                 size_t cap) {
  if (cap < ICMP_HDR_LEN || plen > cap - ICMP_HDR_LEN) return 0;
  /* payload first: it may overlap the header bytes about to be written */
  if (plen) memmove(buf + ICMP_HDR_LEN, payload, plen);
  buf[0] = h->type;
  buf[1] = h->code;
  inet_put16(buf + 2, 0);
  inet_put16(buf + 4, h->id);
  inet_put16(buf + 6, h->seq);
  size_t len = ICMP_HDR_LEN + plen;
  inet_put16(buf + 2, inet_cksum(buf, len));
  return len;
}

bool icmp_type_is_error(uint8_t type) {
  switch (type) {
  case ICMP_DEST_UNREACH:
  case ICMP_SOURCE_QUENCH:
  case ICMP_REDIRECT:
  case ICMP_TIME_EXCEEDED:
  case ICMP_PARAMETERPROB: return true;
  default: return false;
  }
}
