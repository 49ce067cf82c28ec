/* ICMP messages (RFC 792). Layout (offsets in bytes):
 *   0 type  1 code  2 checksum  4 rest of header (id, seq)  8 data
 * The checksum covers the whole message, header and data. */
#ifndef NSP_PROTO_ICMP_H
#define NSP_PROTO_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/inet.h"

#define ICMP_HDR_LEN 8

/* types */
#define ICMP_ECHOREPLY 0
#define ICMP_DEST_UNREACH 3
#define ICMP_SOURCE_QUENCH 4
#define ICMP_REDIRECT 5
#define ICMP_ECHO 8
#define ICMP_TIME_EXCEEDED 11
#define ICMP_PARAMETERPROB 12

/* codes for ICMP_DEST_UNREACH */
#define ICMP_NET_UNREACH 0
#define ICMP_HOST_UNREACH 1
#define ICMP_PROT_UNREACH 2
#define ICMP_PORT_UNREACH 3
#define ICMP_FRAG_NEEDED 4
#define ICMP_PKT_FILTERED 13 /* communication administratively prohibited */

/* codes for ICMP_TIME_EXCEEDED */
#define ICMP_EXC_TTL 0
#define ICMP_EXC_FRAGTIME 1

typedef struct {
  uint8_t type, code;
  uint16_t check; /* as found on parse; computed on emit */
  /* id/seq: the two 16-bit halves of the 'rest of header' word; for errors
   * the word is mostly unused (frag-needed uses seq as MTU) */
  uint16_t id, seq;
} icmp_hdr;

/* Decodes the header of a whole ICMP message buf[0..len) (the data follows
 * at buf + ICMP_HDR_LEN). len < 8 -> PROTO_ERR_TRUNCATED; RFC 1071 checksum
 * over all len bytes not valid -> PROTO_ERR_CHECKSUM. *out is written only
 * on PROTO_OK. */
proto_err icmp_parse(const uint8_t *buf, size_t len, icmp_hdr *out);

/* Bytes icmp_emit() writes for plen bytes of data. */
size_t icmp_emit_len(size_t plen);

/* Writes header h (h->check ignored) followed by payload[0..plen) at buf
 * and stores the checksum over the whole message. Returns 8 + plen, or 0
 * without writing when cap is too small. payload may be NULL when plen is
 * 0, and may overlap buf (in particular it may already sit at
 * buf + ICMP_HDR_LEN). */
size_t icmp_emit(const icmp_hdr *h, const uint8_t *payload, size_t plen, uint8_t *buf,
                 size_t cap);

/* True for the error types (RFC 1122 3.2.2): destination unreachable,
 * source quench, redirect, time exceeded, parameter problem (3, 4, 5, 11,
 * 12). An ICMP error is never sent about one of these. */
bool icmp_type_is_error(uint8_t type);

#endif
