/* Frames as tcpdump 4.99.3 prints them: one line (or, with -v, the
 * lines) per frame, in its exact words, for Ethernet (-e), ARP, IPv4 and
 * its options, ICMP (echoes, errors with the quoted packet under -v),
 * IGMP, UDP and TCP (flags, sequence numbers relative to the connection's
 * first, options, port names), and IPv6 with the ICMPv6 messages its own traffic sends (neighbour
 * and router solicitations, MLDv2 reports).  What tcpdump would resolve
 * to names (-n not given) stays numeric, as in a namespace without DNS;
 * MAC addresses then get tcpdump's "(oui ...)" and ff:ff:ff:ff:ff:ff
 * "Broadcast".
 *
 * The printers are organised as tcpdump's are, one per protocol
 * (core/tcpdump_print_*.c: print-ether.c, print-arp.c, print-ip.c,
 * print-icmp.c, print-igmp.c, print-ip6.c), and an IP protocol's printer
 * is found through one table (core/tcpdump_nd.h: nd_ip_protos), where
 * UDP and TCP take their place beside ICMP and IGMP. */
#ifndef NSP_TCPDUMP_PRINT_H
#define NSP_TCPDUMP_PRINT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
  int tflag;        /* 0 time of day, 1 -t none, 2 -tt, 3 -ttt, 4 -tttt, 5 -ttttt */
  bool eflag;       /* -e: the link-level header */
  bool nflag;       /* -n: no names */
  int vflag;        /* -v, -vv */
  int qflag;        /* -q */
  bool Sflag;       /* -S: TCP sequence numbers absolute */
  bool utc;         /* times of day in UTC (the simulation's clock) rather than local time */
} nsp_tcpdump_flags;

typedef struct nsp_tcpdump_printer nsp_tcpdump_printer;

nsp_tcpdump_printer *nsp_tcpdump_printer_new(const nsp_tcpdump_flags *f);
void nsp_tcpdump_printer_free(nsp_tcpdump_printer *p);
/* One frame of a DLT_EN10MB capture (caplen bytes kept of len): its time
 * stamp as -t.. asks, then the frame, and the newline. */
void nsp_tcpdump_print(nsp_tcpdump_printer *p, uint64_t ts_ns, const uint8_t *frame,
                       uint32_t caplen, uint32_t len, GString *out);

#endif
