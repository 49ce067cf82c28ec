/* Ethernet II header codec and MAC address helpers. */
#include "proto/ether.h"

#include <string.h>

const ether_addr ETHER_ADDR_BROADCAST = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
const ether_addr ETHER_ADDR_ZERO = {{0, 0, 0, 0, 0, 0}};

proto_err ether_hdr_parse(const uint8_t *buf, size_t len, ether_hdr *out) {
  if (len < ETHER_HDR_LEN) return PROTO_ERR_TRUNCATED;
  memcpy(out->dst.b, buf, ETHER_ADDR_LEN);
  memcpy(out->src.b, buf + ETHER_ADDR_LEN, ETHER_ADDR_LEN);
  out->type = inet_get16(buf + 2 * ETHER_ADDR_LEN);
  return PROTO_OK;
}

size_t ether_hdr_emit(const ether_hdr *h, uint8_t *buf, size_t cap) {
  if (cap < ETHER_HDR_LEN) return 0;
  memcpy(buf, h->dst.b, ETHER_ADDR_LEN);
  memcpy(buf + ETHER_ADDR_LEN, h->src.b, ETHER_ADDR_LEN);
  inet_put16(buf + 2 * ETHER_ADDR_LEN, h->type);
  return ETHER_HDR_LEN;
}

size_t ether_frame_pad(uint8_t *buf, size_t len, size_t cap) {
  if (len >= ETHER_MIN_FRAME) return len;
  if (cap < ETHER_MIN_FRAME) return 0;
  memset(buf + len, 0, ETHER_MIN_FRAME - len);
  return ETHER_MIN_FRAME;
}

static int ether_hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Parses one group of 1-2 hex digits at *sp and advances *sp past it. */
static bool ether_group_parse(const char **sp, uint8_t *out) {
  const char *s = *sp;
  int hi = ether_hex_value(s[0]);
  if (hi < 0) return false;
  int lo = ether_hex_value(s[1]);
  if (lo < 0) {
    *out = (uint8_t)hi;
    *sp = s + 1;
  } else {
    *out = (uint8_t)(hi << 4 | lo);
    *sp = s + 2;
  }
  return true;
}

bool ether_addr_pton(const char *s, ether_addr *out) {
  ether_addr a;
  for (int i = 0; i < ETHER_ADDR_LEN; i++) {
    if (i > 0 && *s++ != ':') return false;
    if (!ether_group_parse(&s, &a.b[i])) return false;
  }
  if (*s != '\0') return false;
  *out = a;
  return true;
}

char *ether_addr_ntop(const ether_addr *a, char buf[18]) {
  static const char hex[] = "0123456789abcdef";
  char *p = buf;
  for (int i = 0; i < ETHER_ADDR_LEN; i++) {
    if (i > 0) *p++ = ':';
    *p++ = hex[a->b[i] >> 4];
    *p++ = hex[a->b[i] & 0xf];
  }
  *p = '\0';
  return buf;
}

bool ether_addr_eq(const ether_addr *a, const ether_addr *b) {
  return memcmp(a->b, b->b, ETHER_ADDR_LEN) == 0;
}

bool ether_addr_is_multicast(const ether_addr *a) {
  return (a->b[0] & 0x01) != 0;
}
