/* IPv4 header (RFC 791). Layout (offsets in bytes):
 *   0 version|ihl  1 tos  2 tot_len  4 id  6 flags|frag offset  8 ttl
 *   9 protocol  10 header checksum  12 saddr  16 daddr  20 options */
#ifndef NSP_PROTO_IPV4_H
#define NSP_PROTO_IPV4_H

#include <stddef.h>
#include <stdint.h>

#include "proto/inet.h"

#define IPV4_HDR_LEN 20     /* without options */
#define IPV4_HDR_MAX_LEN 60 /* IHL 15 */
#define IPV4_PROTO_ICMP 1
#define IPV4_PROTO_TCP 6
#define IPV4_PROTO_UDP 17
#define IPV4_FLAG_DF 0x4000
#define IPV4_FLAG_MF 0x2000
#define IPV4_OFFSET_MASK 0x1fff

typedef struct {
  uint8_t ihl; /* header length in bytes (20..60) */
  uint8_t tos;
  uint16_t tot_len;
  uint16_t id;
  uint16_t frag; /* flags and fragment offset exactly as the 16-bit wire field */
  uint8_t ttl;
  uint8_t proto;
  uint16_t check; /* as found on parse; computed on emit */
  uint32_t saddr, daddr; /* host order */
} ipv4_hdr;

/* Decodes and validates the header at buf (options are skipped, not
 * decoded; the payload starts at buf + out->ihl and has out->tot_len -
 * out->ihl bytes). Checks, in this order:
 *   len < 20 -> TRUNCATED; version != 4 -> VERSION; IHL < 5 -> HDRLEN;
 *   IHL*4 > len -> TRUNCATED; tot_len < IHL*4 -> TOTLEN;
 *   tot_len > len -> TRUNCATED; header checksum wrong -> CHECKSUM.
 * Bytes beyond tot_len (Ethernet padding) are allowed. *out is written
 * only on PROTO_OK. */
proto_err ipv4_hdr_parse(const uint8_t *buf, size_t len, ipv4_hdr *out);
/* The fields of a header whose ihl bytes are in buf, read as they are: no
 * check of the checksum or the lengths (for renderers of captured or quoted
 * headers, which ipv4_hdr_parse would refuse). */
void ipv4_hdr_read(const uint8_t *buf, ipv4_hdr *out);

/* Writes a 20-byte header without options (h->ihl is ignored and h->check
 * too: the checksum is computed). tot_len is written as given. Returns
 * IPV4_HDR_LEN, or 0 without writing when cap < IPV4_HDR_LEN. */
size_t ipv4_hdr_emit(const ipv4_hdr *h, uint8_t *buf, size_t cap);

/* In place on a wire header (at least 20 bytes): TTL minus one and the
 * checksum updated incrementally (RFC 1624 eqn 3, HC' = HC + 0x0100 in one's
 * complement), exactly as the kernel's ip_decrease_ttl() in
 * include/net/ip.h. A header with a correct checksum keeps one, equal to a
 * full recomputation. The caller drops packets with TTL <= 1 first; a TTL
 * of 0 is left unchanged. */
void ipv4_hdr_ttl_decrement(uint8_t *hdr);

#endif
