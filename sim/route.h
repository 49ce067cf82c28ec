/* Policy routing: the tables of a namespace beside main and local
 * (net/ipv4/fib_frontend.c fib_new_table()), the rule list
 * (net/core/fib_rules.c, net/ipv4/fib_rules.c) and the lookup of a flow
 * through both (fib_lookup()), for sim/table.c and sim/rules.c.
 *
 * The index (sim/fib.c) knows one table; a namespace holds main and local
 * as before and any other table as one more sim_fib here, made by the
 * first `ip route add … table N` (or a rule `table 0` asking for an empty
 * one) and kept for the namespace's life, as the kernel keeps it. */
#ifndef SIM_ROUTE_H
#define SIM_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "sim/fib.h"

typedef struct sim_netns sim_netns;

/* One table other than main and local. */
typedef struct {
  uint32_t id;
  unsigned seq;  /* creation order: a hash bucket lists the newest first */
  sim_fib fib;
} sim_table;

/* struct flowi4 as far as a route lookup reads it. */
typedef struct {
  uint32_t daddr, saddr;
  int iif;          /* input device, LOOPBACK_IFINDEX (1) for local output */
  int oif;          /* 0: any */
  uint32_t mark;
  uint8_t tos;      /* the TOS byte as the rules compare it */
  uint8_t scope;    /* only routes of this scope or narrower (flowi4_scope) */
  /* what a multipath hash may read (sim/mpath.c): the protocol and ports
   * of the flow (flowi4_proto, fl4_sport, fl4_dport; an ICMP type and
   * code sit in dport's bytes, as in flowi_uli), or the packet itself
   * when the kernel hashes an skb (forwarding, ICMP errors, ip route get) */
  uint8_t proto;
  uint16_t sport, dport;
  bool any_sport;   /* FLOWI_FLAG_ANY_SPORT: a connect() before the port is
                       bound hashes a random one */
  const uint8_t *pkt;
  size_t pkt_len;
  bool anysrc;      /* FLOWI_FLAG_ANYSRC: saddr need not be ours (nf_reject's RST) */
} sim_flow;

/* struct fib_result: the route, and the table it came from; for --explain
 * also the rule that decided (NULL without custom rules) and, when the
 * lookup failed on a route that rejects, that route. */
typedef struct {
  const sim_route *rt;
  uint32_t table;
  const nsp_rule *rule;
  const sim_route *reject;
} sim_fib_res;

/* A rule (struct fib4_rule): the request as it was given, which `ip rule
 * show` prints back, and the mask fwmark compares with. */
typedef struct {
  nsp_rule r;
  uint32_t mark_mask;
} sim_rule;

/* table.c */
/* The table with this id (0 is main, as fib_new_table() takes it), NULL
 * when it was never made. */
sim_fib *sim_table_get(sim_netns *ns, uint32_t id);
/* The same, made when missing (fib_new_table()). */
sim_fib *sim_table_new(sim_netns *ns, uint32_t id);
/* The lowest id from 1 up with no table (fib_empty_table()); 0 when none. */
uint32_t sim_table_empty_id(sim_netns *ns);
/* Every table in `ip route show table all` order (inet_dump_fib(): hash
 * bucket id & 255 ascending, the newest first within one); *n set, g_free. */
uint32_t *sim_table_ids(sim_netns *ns, size_t *n);
void sim_tables_free(sim_netns *ns);
/* fib_table_lookup() in one table: 0 and res filled, or the error of the
 * route type that matched (-EINVAL blackhole, -EHOSTUNREACH unreachable,
 * -EACCES prohibit, -EAGAIN throw or nothing). */
int sim_table_lookup(sim_netns *ns, uint32_t id, const sim_flow *fl, sim_fib_res *res);
/* fib_lookup(): through the rules once any rule was changed, else main
 * (with local merged into it) and, when that found nothing, default;
 * 0 or -errno. */
int sim_fib_lookup_flow(sim_netns *ns, const sim_flow *fl, sim_fib_res *res);
/* Calls fn on every table of the namespace, main and local included. */
void sim_tables_foreach(sim_netns *ns, void (*fn)(sim_fib *t, void *ctx), void *ctx);
/* sim_fib_remove_if() and sim_fib_set_nh_flags() over every table: a
 * device's routes die with it whatever table holds them (fib_sync_down_dev()). */
size_t sim_tables_remove_if(sim_netns *ns, bool (*match)(const sim_route *r, const void *ctx),
                            const void *ctx);
void sim_tables_set_nh_flags(sim_netns *ns, int oif, unsigned set, unsigned clear);
void sim_tables_set_path_flags(sim_netns *ns, int oif, unsigned set, unsigned clear);

/* rules.c */
/* The three rules of a new namespace (fib_default_rules_init()). */
void sim_rules_init(sim_netns *ns);
void sim_rules_free(sim_netns *ns);
bool sim_rules_add(sim_netns *ns, const nsp_rule *r, nsp_status *st);
bool sim_rules_del(sim_netns *ns, const nsp_rule *r, nsp_status *st);
/* As the kernel dumps them (fib_nl_fill_rule()); *n set, g_free. */
nsp_rule *sim_rules_list(sim_netns *ns, size_t *n);
/* fib_rules_lookup(): 0 and res, or -errno. */
int sim_rules_lookup(sim_netns *ns, const sim_flow *fl, sim_fib_res *res);

#endif
