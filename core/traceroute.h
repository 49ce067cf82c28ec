/* traceroute as Debian's traceroute 2.1.2 runs it (traceroute/traceroute.c,
 * mod-udp.c, mod-icmp.c, libsupp/clif.c): its command line
 * (core/traceroute_opts.c), its bookkeeping of probes -- when a hop is
 * printed, when a probe expires, where a late "final" answer goes -- and
 * its output (core/traceroute_run.c), and the probes themselves through
 * the backend's sockets (core/cmd_traceroute.c).  Pure state, no I/O here:
 * the unit tests drive it by hand (tests/test_traceroute.c). */
#ifndef NSP_TRACEROUTE_H
#define NSP_TRACEROUTE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define TR_GO (-1)          /* go on; other values are an exit status */
#define TR_UNSUPPORTED (-2) /* accepted by traceroute, not modelled: why */

/* traceroute.c's defaults */
#define TR_MAX_HOPS 255
#define TR_MAX_PROBES 10
#define TR_DEF_HOPS 30
#define TR_DEF_SIM_PROBES 16
#define TR_DEF_NUM_PROBES 3
#define TR_DEF_WAIT_SECS 5.0
#define TR_DEF_HERE_FACTOR 3
#define TR_DEF_NEAR_FACTOR 10
#define TR_DEF_WAIT_PREC 0.001 /* "+1 ms to avoid precision issues" */
#define TR_DEF_DATA_LEN 40     /* all but the IP header */
#define TR_MAX_PACKET_LEN 65000
#define TR_DEF_START_PORT 33434
#define TR_IP_HDR 20
#define TR_UDP_HDR 8

typedef struct {
  bool icmp;                 /* -I: the "icmp" module, else "default" (UDP) */
  bool noresolve;            /* -n */
  unsigned first_hop;        /* -f */
  unsigned max_hops;         /* -m */
  unsigned sim_probes;       /* -N */
  unsigned probes_per_hop;   /* -q */
  double wait_secs, here_factor, near_factor; /* -w MAX,HERE,NEAR */
  unsigned port;             /* -p: 0 when absent */
  unsigned tos;              /* -t */
  const char *device;        /* -i */
  const char *src;           /* -s, an address */
  uint32_t src_addr, dst_addr; /* host order */
  const char *host;
  int packet_len;            /* the second argument, -1 when absent */
  size_t header_len, data_len; /* main(): header_len + data_len is printed */
  char why[128];
} tr_opts;

/* CLIF_parse() with traceroute's option list, then main()'s checks: TR_GO,
 * an exit status after traceroute's words in out, or TR_UNSUPPORTED. */
int tr_opts_parse(int argc, char **argv, tr_opts *o, GString *out);

/* struct probe (traceroute.h) as do_it() keeps it; times in seconds. */
typedef struct {
  bool done, final;
  bool has_res;
  uint32_t res;          /* who answered */
  double send_time, recv_time;
  int recv_ttl;
  int seq;               /* UDP: the destination port; ICMP: the echo sequence */
  int sk;                /* index of the backend socket + 1, 0: none */
  char err_str[16];
} tr_probe;

typedef struct {
  const tr_opts *o;
  tr_probe *probes;
  unsigned num_probes;   /* max_hops * probes_per_hop */
} tr_state;

/* get_timeout(): how long pb may still wait (HERE, NEAR, MAX). */
double tr_get_timeout(const tr_state *t, const tr_probe *pb);
/* check_expired(): an expired probe pb may take a later final answer. */
void tr_check_expired(tr_state *t, tr_probe *pb);
/* print_probe(): "\n%2u " before a hop's first probe, then " *" or the
 * address (once per hop unless it changes), "  %.3f ms", " !H" */
void tr_print_probe(const tr_state *t, const tr_probe *pb, GString *out);
/* parse_icmp_res() for IPv4: the !-annotation of an ICMP error, final
 * unless it is a Time Exceeded in transit */
void tr_parse_icmp_res(tr_probe *pb, uint8_t type, uint8_t code, uint32_t info);

#endif
