/* TCP header (RFC 9293) and the options Linux sends and reads (RFC 7323
 * timestamps and window scale, RFC 2018 SACK). Layout (offsets in bytes):
 *   0 source port  2 destination port  4 sequence  8 acknowledgment
 *   12 data offset (high 4 bits)  13 flags  14 window  16 checksum
 *   18 urgent pointer  20 options (data offset * 4 - 20 bytes)
 * The checksum covers the IPv4 pseudo-header (protocol 6, the segment's
 * length), header and data; on a veth Linux leaves it CHECKSUM_PARTIAL
 * (proto/udp.h). */
#ifndef NSP_PROTO_TCP_H
#define NSP_PROTO_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/inet.h"
#include "proto/ipv4.h"

#define TCP_HDR_LEN 20
#define TCP_HDR_MAX_LEN 60
#define TCP_SACK_MAX 4

/* flags (byte 13) */
enum {
  TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08,
  TCP_ACK = 0x10, TCP_URG = 0x20, TCP_ECE = 0x40, TCP_CWR = 0x80,
};

/* option kinds */
enum {
  TCP_OPT_EOL = 0, TCP_OPT_NOP = 1, TCP_OPT_MSS = 2, TCP_OPT_WSCALE = 3,
  TCP_OPT_SACK_PERM = 4, TCP_OPT_SACK = 5, TCP_OPT_TS = 8,
};

typedef struct {
  uint32_t start, end;
} tcp_sack_block;

/* The options a segment carries; absent ones are 0/false/-1. */
typedef struct {
  uint16_t mss;       /* 0: none */
  int8_t wscale;      /* -1: none; the shift as sent (the kernel caps it at 14) */
  bool sack_perm;
  bool ts;
  uint32_t tsval, tsecr;
  uint8_t nsack;
  tcp_sack_block sack[TCP_SACK_MAX];
} tcp_opts;

typedef struct {
  uint16_t sport, dport;
  uint32_t seq, ack;
  uint8_t hlen;   /* header length in bytes, options included (parse; computed on emit) */
  uint8_t flags;
  uint16_t win;   /* as on the wire, not scaled */
  uint16_t check; /* as found on parse; computed on emit */
  uint16_t urg;
  tcp_opts opt;
} tcp_hdr;

/* The options at p[0..len) as tcp_parse_options() (net/ipv4/tcp_input.c)
 * reads them: EOL ends, NOP is skipped, MSS/WS/SACK-permitted/TS of their
 * right length are taken, SACK blocks (up to 4) too, other kinds and wrong
 * lengths are skipped by their length. A length below 2 or running past
 * the end stops the reading (the kernel does the same, silently): then
 * PROTO_ERR_OPTION, with what was read before it in *o. */
proto_err tcp_opts_parse(const uint8_t *p, size_t len, tcp_opts *o);

/* Decodes the segment buf[0..len) carried from saddr to daddr: len < 20
 * -> TRUNCATED; data offset < 5 -> LENGTH; header longer than len ->
 * TRUNCATED; verify and a wrong checksum -> CHECKSUM; malformed options
 * -> OPTION. The data is buf[out->hlen .. len). *out is written only on
 * PROTO_OK. */
proto_err tcp_parse(const uint8_t *buf, size_t len, uint32_t saddr, uint32_t daddr, bool verify,
                    tcp_hdr *out);

/* The fixed fields as they are, options not read (for quoted headers cut
 * after 8 bytes: buf holds at least 8; the rest reads 0 when len < 20). */
void tcp_hdr_read(const uint8_t *buf, size_t len, tcp_hdr *out);

/* Bytes of the options tcp_emit() writes for o: tcp_options_write()'s
 * layout, a multiple of 4. */
size_t tcp_opts_len(const tcp_opts *o);

/* Writes header h (h->hlen and h->check ignored), the options in the
 * order Linux writes them (tcp_options_write(): MSS; SACK-permitted and
 * timestamps sharing a word, or NOP NOP and timestamps; NOP NOP
 * SACK-permitted without timestamps; NOP and window scale; NOP NOP and
 * SACK blocks) and payload[0..plen), with the checksum. payload may be
 * NULL when plen is 0 and must not overlap buf. Returns the segment's
 * length, or 0 without writing when cap is too small. */
size_t tcp_emit(const tcp_hdr *h, uint32_t saddr, uint32_t daddr, const uint8_t *payload,
                size_t plen, proto_csum csum, uint8_t *buf, size_t cap);

/* seq1 before seq2, modulo 2^32 (include/net/tcp.h before()) */
static inline bool tcp_seq_before(uint32_t seq1, uint32_t seq2) {
  return (int32_t)(seq1 - seq2) < 0;
}

#endif
