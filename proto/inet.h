/* Internet helpers shared by every codec in proto/: the error codes that
 * parsers return, the RFC 1071 checksum, big-endian loads/stores, and IPv4
 * address text conversion.
 *
 * proto/ depends on libc only. Nothing here does I/O or keeps state. IPv4
 * addresses are uint32_t in host order everywhere in nspath. */
#ifndef NSP_PROTO_INET_H
#define NSP_PROTO_INET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  PROTO_OK = 0,
  PROTO_ERR_TRUNCATED,   /* buffer shorter than the header or than a length field says */
  PROTO_ERR_VERSION,     /* IPv4 version != 4 */
  PROTO_ERR_HDRLEN,      /* IPv4 IHL < 5 */
  PROTO_ERR_TOTLEN,      /* IPv4 total length < header length */
  PROTO_ERR_CHECKSUM,    /* bad IPv4 header or ICMP checksum */
  PROTO_ERR_UNSUPPORTED, /* ARP with htype/ptype/hlen/plen other than Ethernet/IPv4 */
  PROTO_ERR_NOSPACE,     /* emit: output buffer too small */
  PROTO_ERR_LENGTH,      /* a transport length field below its header (UDP length < 8,
                            TCP data offset < 5) */
  PROTO_ERR_OPTION,      /* a TCP option whose length runs past the header or is < 2 */
} proto_err;
#define PROTO_ERR_LAST PROTO_ERR_OPTION

/* A short static lowercase description ("ok", "truncated", "bad version",
 * ...). Never NULL; an out-of-range value gives "unknown error". */
const char *proto_err_str(proto_err e);

/* RFC 1071 Internet checksum of data[0..len): the one's complement of the
 * one's complement sum of the big-endian 16-bit words, an odd final byte
 * padded with a zero. The result is the 16-bit field value as a host
 * number: store it with inet_put16(). Summing a buffer whose checksum field
 * is already correct gives 0. data may be NULL when len is 0. */
uint16_t inet_cksum(const uint8_t *data, size_t len);

/* Adds data[0..len) to a running sum (start with 0) and returns the new
 * running sum, folded so that it never overflows whatever the total length.
 * Every piece but the last must have an even length (word alignment of the
 * whole is the caller's job). */
uint32_t inet_cksum_partial(const uint8_t *data, size_t len, uint32_t sum);

/* Folds a running sum to 16 bits and complements it: the value to store. */
uint16_t inet_cksum_finish(uint32_t sum);

/* The running sum of the IPv4 pseudo-header (RFC 768, RFC 793 3.1) that
 * UDP and TCP checksums start from: source, destination, zero and the
 * protocol, and the transport length. Add the segment with
 * inet_cksum_partial() and finish with inet_cksum_finish(). */
uint32_t inet_pseudo_sum(uint32_t saddr, uint32_t daddr, uint8_t proto, uint16_t len);

/* The checksum a UDP or TCP emit writes. */
typedef enum {
  PROTO_CSUM_FULL,    /* RFC 768/793: the complemented sum over everything */
  PROTO_CSUM_PARTIAL, /* Linux's CHECKSUM_PARTIAL: the pseudo-header's sum only */
} proto_csum;

/* The value a CHECKSUM_PARTIAL packet carries in its checksum field:
 * ~csum_tcpudp_magic(), the pseudo-header's folded sum, not complemented
 * (udp4_hwcsum(), tcp_v4_send_check()). */
uint16_t inet_pseudo_partial(uint32_t saddr, uint32_t daddr, uint8_t proto, uint16_t len);

/* Big-endian (network order) loads and stores; no alignment required.
 * Inline: every header field on the per-packet path goes through them. */
static inline uint16_t inet_get16(const uint8_t *p) {
  return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t inet_get32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void inet_put16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}

static inline void inet_put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* Strict dotted quad "a.b.c.d": exactly four fields of 1-3 decimal digits,
 * each 0..255, no leading zero in a multi-digit field (as glibc inet_pton),
 * no sign, no spaces, nothing after the last field. On success stores the
 * host-order address in *out and returns true; otherwise returns false and
 * leaves *out untouched. */
bool ipv4_addr_pton(const char *s, uint32_t *out);

/* An address as getaddrinfo() reads a numeric host (glibc's
 * __inet_aton_exact(), what ping and nc get): one to four parts in C
 * notation (0x hex, 0 octal, else decimal), the last one filling the bytes
 * left ("10.1" is 10.0.0.1, "127.1" 127.0.0.1, "10.9.9" 10.9.0.9); nothing
 * after it.  On success stores the host-order address and returns true;
 * otherwise false, *out untouched. */
bool ipv4_addr_aton(const char *s, uint32_t *out);

/* Writes a as a NUL-terminated dotted quad (at most 15 chars) into buf and
 * returns buf. */
char *ipv4_addr_ntop(uint32_t a, char buf[16]);

/* The netmask of a prefix length: 0 -> 0, 24 -> 0xffffff00, 32 ->
 * 0xffffffff. Lengths above 32 are treated as 32. No shift by 32. */
static inline uint32_t ipv4_prefix_mask(unsigned len) {
  if (len == 0) return 0;
  if (len >= 32) return 0xffffffffu;
  return ~(0xffffffffu >> len);
}

#endif
