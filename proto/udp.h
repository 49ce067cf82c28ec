/* UDP header (RFC 768). Layout (offsets in bytes):
 *   0 source port  2 destination port  4 length (header and data)  6 checksum
 * The checksum covers the IPv4 pseudo-header (source, destination, zero,
 * protocol 17, UDP length), the header and the data; 0 on the wire means
 * "no checksum" (IPv4 only), and a computed 0 is sent as 0xffff.
 *
 * What Linux puts on a veth is neither: the device offers checksum offload
 * (NETIF_F_HW_CSUM), so udp_send_skb() leaves the packet CHECKSUM_PARTIAL
 * with only the pseudo-header's folded sum, not complemented, in the field
 * (udp4_hwcsum(): uh->check = ~csum_tcpudp_magic(...)); the receiving
 * namespace trusts it, and tcpdump on the veth captures it as it is
 * (-vv: "bad udp cksum"). PROTO_CSUM_PARTIAL writes that. */
#ifndef NSP_PROTO_UDP_H
#define NSP_PROTO_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/inet.h"
#include "proto/ipv4.h"

#define UDP_HDR_LEN 8


typedef struct {
  uint16_t sport, dport;
  uint16_t len;   /* header and data, as found on parse; computed on emit */
  uint16_t check; /* as found on parse; computed on emit */
} udp_hdr;

/* Decodes the datagram buf[0..len) carried from saddr to daddr (host
 * order). Checks, in this order (the kernel's __udp4_lib_rcv() and
 * udp4_csum_init()):
 *   len < 8 -> TRUNCATED; length field < 8 -> LENGTH;
 *   length field > len -> TRUNCATED;
 *   verify, checksum not 0 and wrong over the length field's bytes -> CHECKSUM.
 * verify false is the kernel's trust in a CHECKSUM_PARTIAL or
 * CHECKSUM_UNNECESSARY packet (one that came over a veth or lo).
 * Bytes after the length field's end (IP padding) are allowed; the data is
 * buf[8 .. out->len). *out is written only on PROTO_OK. */
proto_err udp_parse(const uint8_t *buf, size_t len, uint32_t saddr, uint32_t daddr, bool verify,
                    udp_hdr *out);

/* The fields as they are, no check (for renderers of quoted headers,
 * which may be cut after 8 bytes). buf holds at least UDP_HDR_LEN bytes. */
void udp_hdr_read(const uint8_t *buf, udp_hdr *out);

/* Bytes udp_emit() writes for plen bytes of data. */
size_t udp_emit_len(size_t plen);

/* Writes the header (ports from h; h->len and h->check ignored) and
 * payload[0..plen) at buf, with the length and the checksum (csum) for a
 * datagram from saddr to daddr. payload may overlap buf (it may already sit at
 * buf + UDP_HDR_LEN) and may be NULL when plen is 0. Returns 8 + plen, or
 * 0 without writing when cap is too small or 8 + plen > 65535. */
size_t udp_emit(const udp_hdr *h, uint32_t saddr, uint32_t daddr, const uint8_t *payload,
                size_t plen, proto_csum csum, uint8_t *buf, size_t cap);

#endif
