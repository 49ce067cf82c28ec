/* Internet helpers: error strings, RFC 1071 checksum, big-endian access,
 * IPv4 address text. */
#include "proto/inet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *proto_err_str(proto_err e) {
  switch (e) {
  case PROTO_OK: return "ok";
  case PROTO_ERR_TRUNCATED: return "truncated";
  case PROTO_ERR_VERSION: return "bad version";
  case PROTO_ERR_HDRLEN: return "bad header length";
  case PROTO_ERR_TOTLEN: return "bad total length";
  case PROTO_ERR_CHECKSUM: return "bad checksum";
  case PROTO_ERR_UNSUPPORTED: return "unsupported";
  case PROTO_ERR_NOSPACE: return "no space";
  case PROTO_ERR_LENGTH: return "bad length";
  case PROTO_ERR_OPTION: return "bad option";
  }
  return "unknown error";
}

/* One's complement addition is end-around carry: fold the high bits back
 * in until the value fits 16 bits (RFC 1071 section 4.1). */
static uint32_t inet_cksum_fold(uint64_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint32_t)sum;
}

/* Summed in the machine's own byte order, eight bytes a load, and swapped
 * once at the end: a ones'-complement sum is the same in either order, its
 * bytes swapped (RFC 1071 section 2(B)).  Half the loads of a big-endian
 * 32-bit word at a time; the folds are most of a short piece's cost. */
uint32_t inet_cksum_partial(const uint8_t *data, size_t len, uint32_t sum) {
  uint64_t acc = 0;
  size_t i = 0;
  /* 32-bit halves into 64 bits: 2^16 = 1 modulo 0xffff, so each adds the
   * same as its two 16-bit words (RFC 1071 section 2(C)) */
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, data + i, 8);
    acc += (w & 0xffffffffu) + (w >> 32);
  }
  for (; i + 2 <= len; i += 2) {
    uint16_t h;
    memcpy(&h, data + i, 2);
    acc += h;
  }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (i < len) acc += data[i]; /* the high byte of its word, in network order */
  uint32_t own = inet_cksum_fold(acc);
  own = (uint32_t)__builtin_bswap16((uint16_t)own);
#else
  if (i < len) acc += (uint32_t)data[i] << 8;
  uint32_t own = inet_cksum_fold(acc);
#endif
  return inet_cksum_fold((uint64_t)sum + own);
}

uint16_t inet_cksum_finish(uint32_t sum) {
  return (uint16_t)~inet_cksum_fold(sum);
}

uint16_t inet_cksum(const uint8_t *data, size_t len) {
  return inet_cksum_finish(inet_cksum_partial(data, len, 0));
}

uint32_t inet_pseudo_sum(uint32_t saddr, uint32_t daddr, uint8_t proto, uint16_t len) {
  uint64_t acc = (uint64_t)saddr + daddr + proto + len;
  return inet_cksum_fold(acc);
}

uint16_t inet_pseudo_partial(uint32_t saddr, uint32_t daddr, uint8_t proto, uint16_t len) {
  return (uint16_t)~inet_cksum_finish(inet_pseudo_sum(saddr, daddr, proto, len));
}

/* Parses one decimal field 0..255 at *sp (no sign, no leading zero) and
 * advances *sp past it. */
static bool ipv4_field_parse(const char **sp, uint32_t *out) {
  const char *s = *sp;
  unsigned v = 0, n = 0;
  while (s[n] >= '0' && s[n] <= '9') {
    if (n == 3) return false;
    v = v * 10 + (unsigned)(s[n] - '0');
    n++;
  }
  if (n == 0 || v > 255 || (n > 1 && s[0] == '0')) return false;
  *sp = s + n;
  *out = v;
  return true;
}

bool ipv4_addr_pton(const char *s, uint32_t *out) {
  uint32_t a = 0;
  for (int i = 0; i < 4; i++) {
    uint32_t field;
    if (i > 0 && *s++ != '.') return false;
    if (!ipv4_field_parse(&s, &field)) return false;
    a = a << 8 | field;
  }
  if (*s != '\0') return false;
  *out = a;
  return true;
}

bool ipv4_addr_aton(const char *s, uint32_t *out) {
  static const unsigned long long max[4] = {0xffffffffu, 0xffffffu, 0xffffu, 0xffu};
  uint32_t a = 0;
  for (int n = 0;; n++, s++) {
    char *end;
    if (*s < '0' || *s > '9') return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || v > max[0]) return false;
    s = end;
    if (*s != '.' || n == 3 || v > 0xff) {
      if (*s || v > max[n]) return false;
      *out = a | (uint32_t)v;
      return true;
    }
    a |= (uint32_t)v << (24 - 8 * n);
  }
}

/* Appends the decimal form of v (0..255) at p; returns the new end. */
static char *ipv4_field_format(char *p, unsigned v) {
  if (v >= 100) *p++ = (char)('0' + v / 100);
  if (v >= 10) *p++ = (char)('0' + v / 10 % 10);
  *p++ = (char)('0' + v % 10);
  return p;
}

char *ipv4_addr_ntop(uint32_t a, char buf[16]) {
  char *p = buf;
  for (int shift = 24; shift >= 0; shift -= 8) {
    p = ipv4_field_format(p, (a >> shift) & 0xff);
    if (shift > 0) *p++ = '.';
  }
  *p = '\0';
  return buf;
}
