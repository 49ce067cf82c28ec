/* Ethernet II header (IEEE 802.3 with an EtherType, RFC 894): destination,
 * source, type; no FCS, no VLAN tags. */
#ifndef NSP_PROTO_ETHER_H
#define NSP_PROTO_ETHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/inet.h"

#define ETHER_ADDR_LEN 6
#define ETHER_HDR_LEN 14
#define ETHER_TYPE_IPV4 0x0800
#define ETHER_TYPE_ARP 0x0806
#define ETHER_MIN_FRAME 60 /* without FCS; shorter frames are padded with zeros on emit */

typedef struct {
  uint8_t b[ETHER_ADDR_LEN];
} ether_addr;

extern const ether_addr ETHER_ADDR_BROADCAST; /* ff:ff:ff:ff:ff:ff */
extern const ether_addr ETHER_ADDR_ZERO;      /* 00:00:00:00:00:00 */

typedef struct {
  ether_addr dst, src;
  uint16_t type; /* host order */
} ether_hdr;

/* Decodes the 14-byte header at buf into *out; the payload starts at
 * buf + ETHER_HDR_LEN. Returns PROTO_ERR_TRUNCATED (and leaves *out
 * untouched) when len < ETHER_HDR_LEN. */
proto_err ether_hdr_parse(const uint8_t *buf, size_t len, ether_hdr *out);

/* Writes h as 14 bytes at buf. Returns ETHER_HDR_LEN, or 0 without writing
 * anything when cap < ETHER_HDR_LEN. */
size_t ether_hdr_emit(const ether_hdr *h, uint8_t *buf, size_t cap);

/* Zero-fills buf[len..ETHER_MIN_FRAME) when a frame of len bytes is shorter
 * than the Ethernet minimum. Returns the padded length (max(len, 60)), or 0
 * without writing when padding is needed but cap is too small. */
size_t ether_frame_pad(uint8_t *buf, size_t len, size_t cap);

/* Parses "aa:bb:cc:dd:ee:ff": exactly 6 groups of 1-2 hex digits (either
 * case) separated by ':', nothing before or after. Returns false and leaves
 * *out untouched otherwise. */
bool ether_addr_pton(const char *s, ether_addr *out);

/* Writes a as "aa:bb:cc:dd:ee:ff" (lowercase, 2 digits per group, 17 chars
 * and a NUL) into buf and returns buf. */
char *ether_addr_ntop(const ether_addr *a, char buf[18]);

bool ether_addr_eq(const ether_addr *a, const ether_addr *b);

/* True when the I/G bit (least significant bit of the first octet) is set:
 * multicast, broadcast included. */
bool ether_addr_is_multicast(const ether_addr *a);

#endif
