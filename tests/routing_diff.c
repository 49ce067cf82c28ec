/* The differential test of policy routing: one random world of rules and
 * tables (hundreds of routes, nested prefixes, several tables, every route
 * type) built through the command layer in the simulation and on the
 * kernel (the real backend: private namespaces), then random
 * `ip route get` queries (random destination, from, iif, oif, mark, tos)
 * answered by both; every line's output must be the same.
 *
 * usage: routing_diff [SEED [QUERIES]]  (root; exits 77 when namespaces
 * cannot be made).  Prints how many lines and queries it compared. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scenario.h"
#include "real/world.h"
#include "sim/world.h"

#define NS "d"
#define PAIRS 4

typedef struct {
  GRand *rng;
  GPtrArray *prefixes; /* "A.B.C.D/L" strings of routes added */
} gen;

static const char *const tables[] = {"main", "10", "20", "200", "default", "1000", "30"};

static const char *pick(gen *g, const char *const *v, size_t n) {
  return v[g_rand_int_range(g->rng, 0, (gint32)n)];
}

static bool chance(gen *g, double p) { return g_rand_double(g->rng) < p; }

static uint32_t gen_addr_in(gen *g, uint32_t net, int plen) {
  uint32_t mask = plen ? ~0u << (32 - plen) : 0;
  return (net & mask) | (g_rand_int(g->rng) & ~mask);
}

static char *ip_str(uint32_t a) {
  return g_strdup_printf("%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

/* A prefix near one of a few bases, so that prefixes nest. */
static char *gen_prefix(gen *g, uint32_t *net, int *plen) {
  static const uint32_t bases[] = {0x0a000000, 0x0a010000, 0xac100000, 0xc0a80000, 0xc6336400,
                                   0xcb007100, 0x08080800, 0x0a020000};
  uint32_t base = bases[g_rand_int_range(g->rng, 0, G_N_ELEMENTS(bases))];
  *plen = chance(g, 0.05) ? 0 : g_rand_int_range(g->rng, 8, 33);
  uint32_t mask = *plen ? ~0u << (32 - *plen) : 0;
  /* bits beyond /16 random, so siblings and children appear */
  uint32_t a = (base & 0xffff0000u) | (g_rand_int(g->rng) & 0x0000ffffu);
  *net = a & mask;
  char *s = ip_str(*net), *p = g_strdup_printf("%s/%d", s, *plen);
  g_free(s);
  return p;
}

static void add(GPtrArray *lines, char *line) { g_ptr_array_add(lines, line); }

static void gen_setup(GPtrArray *l) {
  add(l, g_strdup("ip netns add " NS));
  add(l, g_strdup("ip -n " NS " link set lo up"));
  for (int i = 0; i < PAIRS; i++) {
    add(l, g_strdup_printf("ip -n " NS " link add a%d type veth peer name b%d", i, i));
    add(l, g_strdup_printf("ip -n " NS " link set a%d up", i));
    add(l, g_strdup_printf("ip -n " NS " link set b%d up", i));
    add(l, g_strdup_printf("ip -n " NS " address add 10.%d.0.1/16 dev a%d", i, i));
    add(l, g_strdup_printf("ip -n " NS " address add 172.16.%d.1/24 dev b%d", i, i));
  }
  add(l, g_strdup("ip netns exec " NS " sysctl -q -w net.ipv4.ip_forward=1"));
  add(l, g_strdup("ip netns exec " NS " sysctl -q -w net.ipv4.conf.b3.forwarding=0"));
  /* strict and loose reverse path filtering on some inputs */
  add(l, g_strdup("ip netns exec " NS " sysctl -q -w net.ipv4.conf.a1.rp_filter=1"));
  add(l, g_strdup("ip netns exec " NS " sysctl -q -w net.ipv4.conf.b0.rp_filter=2"));
  add(l, g_strdup("ip netns exec " NS " sysctl -q -w net.ipv4.conf.a2.accept_local=1"));
}

static void gen_route(gen *g, GPtrArray *l) {
  uint32_t net;
  int plen, i = g_rand_int_range(g->rng, 0, PAIRS);
  char *p = gen_prefix(g, &net, &plen);
  const char *table = pick(g, tables, G_N_ELEMENTS(tables));
  GString *s = g_string_new("ip -n " NS " route ");
  g_string_append(s, chance(g, 0.1) ? "replace " : chance(g, 0.1) ? "append " : "add ");
  double t = g_rand_double(g->rng);
  if (t < 0.35) {
    char *gw = ip_str(gen_addr_in(g, 0x0a000000u | (uint32_t)i << 16, 16));
    g_string_append_printf(s, "%s via %s", p, gw);
    g_free(gw);
  } else if (t < 0.55) {
    g_string_append_printf(s, "%s dev %c%d", p, chance(g, 0.5) ? 'a' : 'b', i);
  } else if (t < 0.63) {
    g_string_append_printf(s, "blackhole %s", p);
  } else if (t < 0.71) {
    g_string_append_printf(s, "unreachable %s", p);
  } else if (t < 0.79) {
    g_string_append_printf(s, "prohibit %s", p);
  } else if (t < 0.90) {
    g_string_append_printf(s, "throw %s", p);
  } else if (t < 0.96) {
    g_string_append_printf(s, "local %s dev a%d", p, i);
  } else {
    g_string_append_printf(s, "broadcast %s dev a%d", p, i);
  }
  g_string_append_printf(s, " table %s", table);
  if (chance(g, 0.2)) g_string_append_printf(s, " metric %d", g_rand_int_range(g->rng, 1, 4) * 10);
  add(l, g_string_free(s, FALSE));
  g_ptr_array_add(g->prefixes, p);
}

static void gen_rule(gen *g, GPtrArray *l, bool del) {
  static const char *const devs[] = {"a0", "a1", "b2", "b3", "lo", "zz9"};
  static const char *const tos[] = {"0x04", "0x08", "0x10", "0x0c"};
  GString *s = g_string_new(del ? "ip -n " NS " rule del" : "ip -n " NS " rule add");
  uint32_t net;
  int plen, pref = g_rand_int_range(g->rng, 1, 32000);
  if (chance(g, 0.6) || del) g_string_append_printf(s, " pref %d", pref);
  if (chance(g, 0.1)) g_string_append(s, " not");
  if (chance(g, 0.3)) {
    char *p = gen_prefix(g, &net, &plen);
    g_string_append_printf(s, " from %s", p);
    g_free(p);
  }
  if (chance(g, 0.3)) {
    char *p = gen_prefix(g, &net, &plen);
    g_string_append_printf(s, " to %s", p);
    g_free(p);
  }
  if (chance(g, 0.2)) g_string_append_printf(s, " iif %s", pick(g, devs, G_N_ELEMENTS(devs)));
  if (chance(g, 0.1)) g_string_append_printf(s, " oif %s", pick(g, devs, G_N_ELEMENTS(devs)));
  if (chance(g, 0.2))
    g_string_append_printf(s, " fwmark %d%s", g_rand_int_range(g->rng, 1, 5), chance(g, 0.3) ? "/0x3" : "");
  if (chance(g, 0.1)) g_string_append_printf(s, " tos %s", pick(g, tos, G_N_ELEMENTS(tos)));
  double a = g_rand_double(g->rng);
  if (a < 0.7) {
    g_string_append_printf(s, " table %s", pick(g, tables, G_N_ELEMENTS(tables)));
    if (chance(g, 0.15)) g_string_append_printf(s, " suppress_prefixlength %d", g_rand_int_range(g->rng, 0, 25));
  } else if (a < 0.76) {
    g_string_append(s, " blackhole");
  } else if (a < 0.82) {
    g_string_append(s, " unreachable");
  } else if (a < 0.88) {
    g_string_append(s, " prohibit");
  } else if (a < 0.95) {
    g_string_append_printf(s, " goto %d", pref + g_rand_int_range(g->rng, 1, 2000));
  } else {
    g_string_append(s, " nop");
  }
  add(l, g_string_free(s, FALSE));
}

static char *gen_query(gen *g) {
  static const char *const devs[] = {"a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3", "lo"};
  static const char *const tos[] = {"0x04", "0x08", "0x10", "0x0c"};
  GString *s = g_string_new("ip -n " NS " route get ");
  uint32_t dst;
  if (chance(g, 0.75) && g->prefixes->len) {
    const char *p = g_ptr_array_index(g->prefixes, g_rand_int_range(g->rng, 0, (gint32)g->prefixes->len));
    unsigned a, b, c, d;
    int plen;
    sscanf(p, "%u.%u.%u.%u/%d", &a, &b, &c, &d, &plen);
    dst = gen_addr_in(g, a << 24 | b << 16 | c << 8 | d, plen);
  } else {
    dst = g_rand_int(g->rng);
  }
  /* multicast routing is not modelled: no 224/4 destinations */
  if ((dst >> 28) == 0xe) dst ^= 0x80000000u;
  char *d = ip_str(dst);
  g_string_append(s, d);
  g_free(d);
  double f = g_rand_double(g->rng);
  bool iif = chance(g, 0.45);
  if (f < 0.3 || (iif && f < 0.9)) {
    uint32_t src = f < 0.15 ? (0x0a000001u | (uint32_t)g_rand_int_range(g->rng, 0, PAIRS) << 16)
                            : gen_addr_in(g, chance(g, 0.5) ? 0x0a000000u : 0xac100000u, 14);
    char *x = ip_str(src);
    g_string_append_printf(s, " from %s", x);
    g_free(x);
  }
  if (iif) g_string_append_printf(s, " iif %s", pick(g, devs, G_N_ELEMENTS(devs)));
  else if (chance(g, 0.1)) g_string_append_printf(s, " oif %s", pick(g, devs, 8));
  if (chance(g, 0.3)) g_string_append_printf(s, " mark %d", g_rand_int_range(g->rng, 0, 6));
  if (chance(g, 0.15)) g_string_append_printf(s, " tos %s", pick(g, tos, G_N_ELEMENTS(tos)));
  return g_string_free(s, FALSE);
}

/* Runs one line on a backend; returns what it printed (transcript part). */
static char *run_line(nsp_backend *be, const char *line, unsigned lineno, nsp_scenario_result *r) {
  size_t from = r->transcript->len;
  nsp_scenario_run_line(be, "routing_diff", lineno, line, r);
  return g_strndup(r->transcript->str + from, r->transcript->len - from);
}

int main(int argc, char **argv) {
  guint32 seed = argc > 1 ? (guint32)strtoul(argv[1], NULL, 0) : 12;
  unsigned queries = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 10000;
  nsp_status st = {0};
  real_world *rw = real_world_new(&st);
  if (!rw) {
    printf("routing_diff: skipped: no private namespaces here (%s)\n", g_strerror(st.err));
    return 77;
  }
  nsp_backend *real = real_world_backend(rw);
  nsp_backend *sim = sim_world_backend(sim_world_new(seed));
  gen g = {.rng = g_rand_new_with_seed(seed), .prefixes = g_ptr_array_new_with_free_func(g_free)};
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  gen_setup(lines);
  for (int i = 0; i < 400; i++) gen_route(&g, lines);
  for (int i = 0; i < 24; i++) gen_rule(&g, lines, i % 8 == 7);
  size_t setup = lines->len;
  for (unsigned i = 0; i < queries; i++) g_ptr_array_add(lines, gen_query(&g));
  nsp_scenario_result rs, rr;
  nsp_scenario_result_init(&rs);
  nsp_scenario_result_init(&rr);
  /* no pause between commands: nothing here waits on a timer */
  rs.pace_ns = rr.pace_ns = 0;
  unsigned differ = 0, compared = 0, answered = 0;
  for (guint i = 0; i < lines->len; i++) {
    const char *line = g_ptr_array_index(lines, i);
    char *a = run_line(real, line, i + 1, &rr), *b = run_line(sim, line, i + 1, &rs);
    if (i >= setup) compared++, answered += strstr(a, "RTNETLINK") == NULL;
    if (strcmp(a, b) != 0) {
      if (differ++ < 20) printf("DIFFERS line %u:\n-- kernel:\n%s-- model:\n%s", i + 1, a, b);
    }
    g_free(a);
    g_free(b);
    g_string_truncate(rr.transcript, 0);
    g_string_truncate(rs.transcript, 0);
  }
  if (rr.unsupported || rs.unsupported) printf("unsupported lines:\n%s%s", rr.diag->str, rs.diag->str);
  printf("routing_diff: seed %u: %zu setup lines (%u routes, rules) and %u route queries compared "
         "(%u answered with a route), %u differ\n",
         seed, setup, g.prefixes->len, compared, answered, differ);
  nsp_scenario_result_clear(&rs);
  nsp_scenario_result_clear(&rr);
  g_ptr_array_free(lines, TRUE);
  g_ptr_array_free(g.prefixes, TRUE);
  g_rand_free(g.rng);
  sim->ops->destroy(sim);
  real->ops->destroy(real);
  return differ || rr.unsupported || rs.unsupported ? 1 : 0;
}
