/* ARP packets (RFC 826) for Ethernet/IPv4 only: htype 1, ptype 0x0800,
 * hlen 6, plen 4, which makes every packet exactly 28 bytes. */
#ifndef NSP_PROTO_ARP_H
#define NSP_PROTO_ARP_H

#include <stddef.h>
#include <stdint.h>

#include "proto/ether.h"
#include "proto/inet.h"

#define ARP_PKT_LEN 28
#define ARP_HTYPE_ETHER 1 /* RFC 826 ar$hrd for Ethernet */
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

typedef struct {
  uint16_t op;    /* ARP_OP_*; other values are passed through */
  ether_addr sha; /* sender hardware address */
  uint32_t spa;   /* sender protocol address, host order */
  ether_addr tha; /* target hardware address */
  uint32_t tpa;   /* target protocol address, host order */
} arp_pkt;

/* Decodes an ARP packet. len < ARP_PKT_LEN -> PROTO_ERR_TRUNCATED; htype,
 * ptype, hlen or plen not Ethernet/IPv4 -> PROTO_ERR_UNSUPPORTED. The
 * opcode is not checked. Bytes past 28 (Ethernet padding) are ignored.
 * *out is written only on PROTO_OK. */
proto_err arp_pkt_parse(const uint8_t *buf, size_t len, arp_pkt *out);

/* Writes p as 28 bytes (with the Ethernet/IPv4 constants) at buf. Returns
 * ARP_PKT_LEN, or 0 without writing when cap < ARP_PKT_LEN. */
size_t arp_pkt_emit(const arp_pkt *p, uint8_t *buf, size_t cap);

#endif
