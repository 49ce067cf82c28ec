/* The path of every ping packet through the simulated namespaces, hop by
 * hop: which namespace it left and by which route, where it arrived, where
 * it was forwarded (TTL before and after), the ARP resolution it waited
 * for, and where it ended — delivered, or dropped with the reason and the
 * kernel counter the drop bumps there.
 *
 * Off by default.  While off the per-packet path pays one pointer test per
 * hook and allocates nothing; while on (sim_world_trace_enable()) each hook
 * decodes the packet once to find which ping it belongs to: an echo request
 * or reply by its ICMP identifier and sequence, an ICMP error by the echo
 * request it quotes.  Packets that are no ping's are not recorded. */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"

/* Drop reasons: the per-packet path never builds strings, it counts. */
typedef enum {
  SIM_DROP_NONE,
  SIM_DROP_NO_CARRIER,     /* veth peer down: the frame never crosses */
  SIM_DROP_IF_DOWN,
  SIM_DROP_NOT_FOR_US,     /* Ethernet destination is another host */
  SIM_DROP_MALFORMED,
  SIM_DROP_NO_ROUTE,       /* IpOutNoRoutes / IpInNoRoutes */
  SIM_DROP_FORWARD_OFF,    /* IpInAddrErrors: forwarding disabled on ingress */
  SIM_DROP_TTL,            /* IpInHdrErrors: TTL expired while forwarding */
  SIM_DROP_NEIGH_FAILED,   /* ARP resolution failed */
  SIM_DROP_NEIGH_QUEUE,    /* unresolved queue overflow */
  SIM_DROP_LO_DOWN,        /* local delivery through a loopback that is down */
  SIM_DROP_RATELIMIT,      /* ICMP error suppressed by a rate limiter */
  SIM_DROP_NO_ROUTE_BACK,  /* an echo reply or ICMP error finds no route to the sender */
  SIM_DROP_ECHO_IGNORED,   /* net.ipv4.icmp_echo_ignore_all (or _broadcasts) */
  SIM_DROP_MARTIAN,        /* a martian source, or a destination that may not be on the wire
                              or that no route forwards to */
  SIM_DROP_BLACKHOLE,      /* a blackhole route or rule */
  SIM_DROP_REJECT,         /* an unreachable or prohibit route or rule (ICMP back) */
  SIM_DROP_RP_FILTER,      /* rp_filter: the route back to the source leaves elsewhere */
  SIM_DROP_NO_SOCKET,      /* UdpNoPorts: no socket on the datagram's port (Port Unreachable) */
  SIM_DROP_NO_HANDLER,     /* an EtherType nothing takes (rx_nohandler) */
  SIM_DROP_REASM,          /* a fragment the reassembly cannot take (IpReasmFails) */
  SIM_DROP_OVERSIZE,       /* a frame longer than the device's MTU allows (rx_dropped) */
  SIM_DROP_NETFILTER,      /* an iptables rule or a chain's policy: DROP or REJECT (detail) */
  SIM_DROP_MAX
} sim_drop;

typedef enum {
  SIM_TRACE_OUT,        /* a packet made here leaves by dev (route, nexthop) */
  SIM_TRACE_IN,         /* arrives on dev */
  SIM_TRACE_FORWARD,    /* forwarded from dev to dev_out (route), ttl -> ttl_after */
  SIM_TRACE_ARP_WAIT,   /* queued until nexthop on dev is resolved */
  SIM_TRACE_ARP_DONE,   /* resolved: the queued packet leaves */
  SIM_TRACE_ARP_FAILED, /* resolution failed: the packet is given up */
  SIM_TRACE_DELIVER,    /* delivered to this namespace's ICMP layer and sockets */
  SIM_TRACE_DROP,       /* dropped: reason, counter, detail */
  /* ARP, recorded only for the frame journal (sim_world_journal_enable) */
  SIM_TRACE_ARP_SOLICIT, /* an ARP request leaves dev for dst: probe of probes, unicast or not */
  SIM_TRACE_ARP_IN,      /* an ARP packet arrived on dev: answered, and the sender's entry (nud) */
  SIM_TRACE_BRIDGE,     /* a bridge took the frame in on dev (a port, "" from itself):
                           br_how, out of dev_out or br_ports ports */
  SIM_TRACE_NAT,        /* NAT rewrote the packet here: detail says how */
  SIM_TRACE_SOCKET,     /* a UDP or TCP packet taken by a socket: detail names it */
} sim_trace_kind;

/* What a bridge did with a frame (net/bridge/br_input.c). */
typedef enum {
  SIM_TRACE_BR_FORWARD,  /* to the port its destination was learnt on */
  SIM_TRACE_BR_FLOOD,    /* destination unknown (or broadcast): every other forwarding port */
  SIM_TRACE_BR_LOCAL,    /* to one of the bridge's own addresses: up to the bridge device */
  SIM_TRACE_BR_FILTERED, /* learnt on the port it came in on, or that port does not forward */
  SIM_TRACE_BR_BLOCKED,  /* the ingress port does not forward (disabled, listening) */
} sim_trace_br_how;

typedef enum {
  SIM_TRACE_ECHO_REQUEST,
  SIM_TRACE_ECHO_REPLY,
  SIM_TRACE_ICMP_ERROR, /* icmp_type/icmp_code, about echo request ident/seq */
  SIM_TRACE_ARP,        /* an ARP request for dst (only its drops are recorded) */
  SIM_TRACE_OTHER_IP,   /* an IPv4 packet of no ping (a fragment after the first, another
                           protocol): recorded only for the frame journal, ip_proto and
                           frag_offset say what it is */
} sim_trace_packet;

typedef struct {
  sim_trace_kind kind;
  sim_trace_packet packet;
  uint64_t at_ns;               /* virtual clock */
  uint16_t ident, seq;          /* the ping's: of the request, or the one an error quotes */
  uint8_t icmp_type, icmp_code; /* of an ICMP error */
  uint32_t src, dst;            /* the packet's addresses (host order) */
  uint8_t ttl, ttl_after;       /* ttl as it arrived or left; after the decrement */
  char ns[NSP_NSNAMSIZ];        /* "" for the scenario's root namespace */
  char dev[NSP_IFNAMSIZ];       /* out: the device it leaves by; else the one it came in on */
  char dev_out[NSP_IFNAMSIZ];   /* forward: the device it leaves by */
  bool has_route;               /* the route that matched: */
  uint32_t rt_dst, rt_gw;       /* prefix, gateway (0: none) */
  uint8_t rt_plen, rt_type;     /* prefix length, NSP_RTN_* */
  uint32_t rt_table;            /* the table it came from; 0: main */
  bool has_rule;                /* a rule of the namespace's own chose that table: */
  uint32_t rule_pref;           /* its preference */
  uint8_t rt_path, rt_npaths;   /* a multipath route: the path taken (1-based), of how many */
  bool rt_hashed;               /* ... chosen by the flow's multipath hash: */
  uint32_t rt_hash;             /* ... that hash (fib_multipath_hash() >> 1) */
  uint32_t nexthop;             /* out/forward/arp: the neighbour it goes to */
  sim_drop reason;              /* drop */
  char counter[48];             /* drop: the counter the kernel bumps there, as nstat names
                                   it ("IpInAddrErrors") or "IFNAME:tx_dropped"; "" if none */
  char detail[240];             /* drop, arp_failed, nat, socket: what happened in plain words
                                   (a rule's -S text included) */
  char br[NSP_IFNAMSIZ];        /* bridge: the bridge device */
  sim_trace_br_how br_how;      /* bridge: what it did */
  unsigned br_ports;            /* bridge: how many ports a copy went out of
                                   (flood: their names in detail) */
  bool br_bcast;                /* bridge: the destination was broadcast or multicast */
  uint8_t arp_op;               /* arp_solicit, arp_in: ARP_OP_REQUEST (1) or _REPLY (2) */
  uint8_t probe, probes;        /* arp_solicit: this request's number, of how many are sent */
  bool unicast;                 /* arp_solicit: to the known address (NUD_PROBE) */
  bool answered;                /* arp_in: a request for one of our addresses, answered */
  unsigned nud;                 /* arp_in: the sender's neighbour entry after it (0: none) */
  uint8_t ip_proto;             /* other_ip: the IPv4 protocol */
  uint16_t frag_offset;         /* other_ip: the fragment's offset in bytes */
  /* other_ip kept for --explain (l4): a UDP or TCP packet, or an ICMP error
   * about one (icmp_type, icmp_code; the ports and ID of the packet it quotes) */
  bool l4;
  uint8_t l4_proto;             /* IPV4_PROTO_UDP or _TCP: the packet's, or the quoted one's */
  uint16_t sport, dport;
  uint16_t ip_id;               /* NAT and forwarding keep it: a packet's identity along its path */
  uint8_t tcp_flags;
  uint32_t tcp_seq, tcp_ack;
  uint16_t l4_len;              /* the payload's length (UDP data, TCP segment data) */
} sim_trace_event;

/* A short stable name for kind, packet and reason ("forward", "echo_request",
 * "forward_off"): the words of --json. */
const char *sim_trace_kind_name(sim_trace_kind k);
const char *sim_trace_packet_name(sim_trace_packet p);
const char *sim_trace_drop_name(sim_drop r);

#endif
