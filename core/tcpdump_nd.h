/* What the printers of core/tcpdump_print_*.c share: the frame being
 * printed, the flags, and tcpdump's helpers (netdissect.h, extract.h,
 * addrtoname.h), reduced to what they need.  Every read is bounds-checked
 * against the captured bytes: a printer that runs out prints " [|proto]"
 * (nd_print_trunc()) and stops, as tcpdump's longjmp does. */
#ifndef NSP_TCPDUMP_ND_H
#define NSP_TCPDUMP_ND_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/tcpdump_print.h"

typedef struct {
  GString *out;
  const nsp_tcpdump_flags *f;
  const uint8_t *snapend;   /* the end of the captured bytes (nd_push_snaplen() narrows it) */
  const char *protocol;     /* ndo_protocol: named in " [|proto]" */
  bool stopped;             /* truncated: nothing more is printed */
  GHashTable *tcp_seqs;     /* print-tcp.c's tcp_seq_hash: the printer's, across frames */
} nd_ctx;

void nd_printf(nd_ctx *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* " [|proto]", and stop */
void nd_trunc(nd_ctx *c);
/* n bytes from p are captured; otherwise nd_trunc() and false */
bool nd_check(nd_ctx *c, const uint8_t *p, size_t n);
static inline bool nd_has(const nd_ctx *c, const uint8_t *p, size_t n) {
  return p <= c->snapend && (size_t)(c->snapend - p) >= n;
}
static inline uint16_t nd_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t nd_be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* addrtoname.c: ipaddr_string() (numeric: no namespace has DNS), and
 * etheraddr_string() (" (oui NAME)" without -n, "Broadcast"). */
const char *nd_ipaddr(const nd_ctx *c, const uint8_t *p, char buf[16]);
const char *nd_etheraddr(const nd_ctx *c, const uint8_t *p, char buf[64]);
const char *nd_ip6addr(const uint8_t *p, char buf[48]);
/* in_cksum() over len bytes */
uint16_t nd_cksum(const uint8_t *p, size_t len);
/* in_cksum() of a TCP or UDP segment with the pseudo-header of the IPv4
 * or IPv6 header iph (tcp_cksum(), udp_cksum(), nextproto6_cksum()) */
uint16_t nd_l4_cksum(const uint8_t *iph, uint8_t proto, const uint8_t *p, uint32_t len);
/* in_cksum_shouldbe(): the checksum the field should have held */
uint16_t nd_cksum_shouldbe(uint16_t have, uint16_t sum);
/* tcpport_string(), udpport_string(): /etc/services' name without -n
 * (core/tcpdump_ports.c), else the number */
const char *nd_tcpport(const nd_ctx *c, uint16_t port, char buf[8]);
const char *nd_udpport(const nd_ctx *c, uint16_t port, char buf[8]);
/* "SRC" and "DST" of an IPv4 or IPv6 header */
void nd_ip_addrs(const nd_ctx *c, const uint8_t *iph, char src[48], char dst[48]);
/* hex_and_ascii_print() of ND_DEFAULTPRINT: what no printer knows */
void nd_default_print(nd_ctx *c, const uint8_t *p, size_t len);
/* netdb_protoname(): /etc/protocols' name of an IP protocol, NULL when none */
const char *nd_protoname(uint8_t proto);

/* The table of TCP conversations a printer keeps (tcp_seq_hash). */
GHashTable *nd_tcp_seqs_new(void);

/* The protocol printers. */
void nd_ether_print(nd_ctx *c, const uint8_t *p, uint32_t length, uint32_t caplen);
void nd_arp_print(nd_ctx *c, const uint8_t *p, uint32_t length);
void nd_ip_print(nd_ctx *c, const uint8_t *p, uint32_t length);
void nd_ip6_print(nd_ctx *c, const uint8_t *p, uint32_t length);
void nd_icmp_print(nd_ctx *c, const uint8_t *p, uint32_t length, const uint8_t *iph,
                   bool fragmented);
void nd_tcp_print(nd_ctx *c, const uint8_t *p, uint32_t length, const uint8_t *iph,
                  bool fragmented);
void nd_udp_print(nd_ctx *c, const uint8_t *p, uint32_t length, const uint8_t *iph,
                  bool fragmented);
/* a TCP payload to or from port 80 or 8080 */
void nd_http_print(nd_ctx *c, const uint8_t *p, uint32_t len);
void nd_igmp_print(nd_ctx *c, const uint8_t *p, uint32_t length, const uint8_t *iph,
                   bool fragmented);

/* ip_demux_print(): the printer of each IP protocol (payload, its length,
 * the IP header it came in, whether more fragments follow).  tcpdump
 * prints "SRC > DST: " before these itself, except for TCP, UDP, SCTP and
 * DCCP, whose printers print the addresses with their ports: those set
 * own_addresses. */
typedef struct {
  uint8_t proto;
  bool own_addresses;
  void (*print)(nd_ctx *c, const uint8_t *p, uint32_t length, const uint8_t *iph,
                bool fragmented);
} nd_ip_proto;

extern const nd_ip_proto nd_ip_protos[];

#endif
