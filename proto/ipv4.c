/* IPv4 header codec, RFC 791; checksum per RFC 1071 and RFC 1624. */
#include "proto/ipv4.h"

#include <string.h>

/* Whether a header without options sums to zero, the common case,
 * unrolled: five 32-bit words in the machine's own byte order, three
 * folds (their sum fits 35 bits).  The ones' complement sum does not
 * depend on the byte order (RFC 1071 2.(B)): swapped, a sum of 0xffff is
 * still 0xffff -- the kernel's ip_fast_csum() sums native words too. */
static inline __attribute__((always_inline)) bool ipv4_hdr_cksum20_ok(const uint8_t *b) {
  uint32_t w[5];
  memcpy(w, b, sizeof w);
  uint64_t s = (uint64_t)w[0] + w[1] + w[2] + w[3] + w[4];
  s = (s & 0xffff) + (s >> 16);
  s = (s & 0xffff) + (s >> 16);
  s = (s & 0xffff) + (s >> 16);
  return s == 0xffff;
}

/* ipv4_hdr_read(), inlined where the parse reads a checked header */
static inline void ipv4_hdr_fields(const uint8_t *buf, ipv4_hdr *out) {
  out->ihl = (uint8_t)((buf[0] & 0x0f) * 4);
  out->tos = buf[1];
  out->tot_len = inet_get16(buf + 2);
  out->id = inet_get16(buf + 4);
  out->frag = inet_get16(buf + 6);
  out->ttl = buf[8];
  out->proto = buf[9];
  out->check = inet_get16(buf + 10);
  out->saddr = inet_get32(buf + 12);
  out->daddr = inet_get32(buf + 16);
}

/* Structural checks of ipv4_hdr_parse(), checksum excluded. */
static proto_err ipv4_hdr_check_lengths(const uint8_t *buf, size_t len) {
  if (len < IPV4_HDR_LEN) return PROTO_ERR_TRUNCATED;
  if (buf[0] >> 4 != 4) return PROTO_ERR_VERSION;
  size_t ihl = (size_t)(buf[0] & 0x0f) * 4;
  if (ihl < IPV4_HDR_LEN) return PROTO_ERR_HDRLEN;
  if (ihl > len) return PROTO_ERR_TRUNCATED;
  size_t tot_len = inet_get16(buf + 2);
  if (tot_len < ihl) return PROTO_ERR_TOTLEN;
  if (tot_len > len) return PROTO_ERR_TRUNCATED;
  return PROTO_OK;
}

proto_err ipv4_hdr_parse(const uint8_t *buf, size_t len, ipv4_hdr *out) {
  /* the common case first: version 4 and no options, a total length that
   * fits, a good checksum; anything else takes the checks in their order */
  if (len >= IPV4_HDR_LEN && buf[0] == 0x45) {
    size_t tot_len = inet_get16(buf + 2);
    if (tot_len >= IPV4_HDR_LEN && tot_len <= len && ipv4_hdr_cksum20_ok(buf)) {
      ipv4_hdr_fields(buf, out);
      return PROTO_OK;
    }
  }
  proto_err e = ipv4_hdr_check_lengths(buf, len);
  if (e != PROTO_OK) return e;
  uint8_t ihl = (uint8_t)((buf[0] & 0x0f) * 4);
  if (ihl == IPV4_HDR_LEN ? !ipv4_hdr_cksum20_ok(buf) : inet_cksum(buf, ihl) != 0)
    return PROTO_ERR_CHECKSUM;
  ipv4_hdr_fields(buf, out);
  return PROTO_OK;
}

void ipv4_hdr_read(const uint8_t *buf, ipv4_hdr *out) { ipv4_hdr_fields(buf, out); }

size_t ipv4_hdr_emit(const ipv4_hdr *h, uint8_t *buf, size_t cap) {
  if (cap < IPV4_HDR_LEN) return 0;
  buf[0] = 0x45; /* version 4, IHL 5 */
  buf[1] = h->tos;
  inet_put16(buf + 2, h->tot_len);
  inet_put16(buf + 4, h->id);
  inet_put16(buf + 6, h->frag);
  buf[8] = h->ttl;
  buf[9] = h->proto;
  inet_put16(buf + 10, 0);
  inet_put32(buf + 12, h->saddr);
  inet_put32(buf + 16, h->daddr);
  inet_put16(buf + 10, inet_cksum(buf, IPV4_HDR_LEN));
  return IPV4_HDR_LEN;
}

void ipv4_hdr_ttl_decrement(uint8_t *hdr) {
  if (hdr[8] == 0) return;
  uint32_t check = inet_get16(hdr + 10);
  check += 0x0100; /* the TTL is the high byte of its word */
  check += check >= 0xffff; /* end-around carry; never leaves 0xffff */
  inet_put16(hdr + 10, (uint16_t)check);
  hdr[8]--;
}
