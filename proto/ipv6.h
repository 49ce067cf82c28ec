/* The IPv6 packets a Linux interface sends by itself once it has a
 * link-local address (RFC 4862 duplicate address detection, RFC 3810
 * MLDv2 reports, RFC 4861 router solicitations), built byte for byte as
 * the kernel builds them (net/ipv6/ndisc.c ndisc_send_ns()/ndisc_send_rs(),
 * net/ipv6/mcast.c mld_newpack()/add_grec()): the IPv6 header, for MLD the
 * hop-by-hop router alert, the ICMPv6 message and its checksum.  Emit
 * only; nspath's model uses them for what they do on a bridge (teach it
 * the sender's address) and a capture shows them.
 *
 * No I/O, no state; addresses are 16 bytes in network order. */
#ifndef NSP_PROTO_IPV6_H
#define NSP_PROTO_IPV6_H

#include <stddef.h>
#include <stdint.h>

#include "proto/ether.h"

#define IPV6_HDR_LEN 40
#define ETHER_TYPE_IPV6 0x86dd

typedef struct {
  uint8_t b[16];
} ipv6_addr;

/* fe80::/64 with the EUI-64 of mac (RFC 4291 appendix A) */
void ipv6_addr_ll_from_mac(const ether_addr *mac, ipv6_addr *out);
/* ff02::1:ffXX:XXXX, the solicited-node group of a */
void ipv6_addr_solicited_node(const ipv6_addr *a, ipv6_addr *out);
/* 33:33 and the group's last 32 bits (RFC 2464) */
void ipv6_addr_mc_mac(const ipv6_addr *group, ether_addr *out);

/* An MLDv2 report to ff02::16 from src (:: while the address is
 * tentative): hop limit 1, a hop-by-hop header with the router alert, one
 * CHANGE_TO_EXCLUDE record without sources per group.  Returns the
 * packet's length, 0 when cap is too small. */
size_t ipv6_mld2_report_emit(const ipv6_addr *src, const ipv6_addr *groups, size_t ngroups,
                             uint8_t *out, size_t cap);
/* Duplicate address detection: a neighbour solicitation from :: to the
 * target's solicited-node group, with the nonce option of enhanced DAD
 * (RFC 7527, 6 bytes). */
size_t ipv6_ns_dad_emit(const ipv6_addr *target, const uint8_t nonce[6], uint8_t *out, size_t cap);
/* A router solicitation from src to ff02::2 with the source link-layer
 * address option. */
size_t ipv6_rs_emit(const ipv6_addr *src, const ether_addr *mac, uint8_t *out, size_t cap);

#endif
