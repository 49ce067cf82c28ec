/* A chain of routers through the backend operations (see chain.h). */
#include "bench/chain.h"

#include <glib.h>
#include <string.h>

#define CHAIN_NET 0x0a000000u /* 10.0.0.0: one /30 per link */

const char *chain_node_name(int i, char *buf) {
  g_snprintf(buf, 16, "c%d", i);
  return buf;
}

uint32_t chain_addr(int link, int end) { return CHAIN_NET + 4u * (uint32_t)link + 1u + (uint32_t)end; }

static int chain_ifindex(nsp_backend *be, const char *ns, const char *dev) {
  size_t n;
  nsp_link *l = be->ops->link_list(be, ns, &n);
  int idx = 0;
  for (size_t i = 0; i < n && !idx; i++)
    if (!strcmp(l[i].name, dev)) idx = l[i].ifindex;
  g_free(l);
  return idx;
}

/* ip address add ADDR/30 dev DEV; ip link set DEV up */
static bool chain_addr_up(nsp_backend *be, const char *ns, const char *dev, uint32_t addr,
                          nsp_status *st) {
  nsp_addr a = {.ifindex = chain_ifindex(be, ns, dev), .local = addr, .plen = 30};
  return be->ops->addr_add(be, ns, &a, st) && be->ops->link_set_up(be, ns, a.ifindex, true, st);
}

/* ip route add DST/PLEN via GW */
static bool chain_route(nsp_backend *be, const char *ns, uint32_t dst, uint8_t plen, uint32_t gw,
                        nsp_status *st) {
  nsp_route_req rq = {.r = {.table = NSP_RT_TABLE_MAIN, .type = NSP_RTN_UNICAST,
                            .protocol = NSP_RTPROT_BOOT, .scope = NSP_SCOPE_UNIVERSE, .dst = dst,
                            .plen = plen, .gw = gw}};
  return be->ops->route_add(be, ns, &rq, st);
}

/* ip link add x<i> type veth peer name y<i> (in node i); ip link set y<i> netns c<i+1>;
 * both ends addressed and up. */
static bool chain_link(nsp_backend *be, int i, nsp_status *st) {
  char here[16], there[16], x[16], y[16];
  chain_node_name(i, here);
  chain_node_name(i + 1, there);
  g_snprintf(x, sizeof x, "x%d", i);
  g_snprintf(y, sizeof y, "y%d", i);
  return be->ops->link_add_veth(be, here, x, y, st) &&
         be->ops->link_set_netns(be, here, chain_ifindex(be, here, y), there, st) &&
         chain_addr_up(be, here, x, chain_addr(i, 0), st) &&
         chain_addr_up(be, there, y, chain_addr(i, 1), st);
}

/* Routes of node i once its links exist: a router sends node 0's subnet left
 * (unless it is connected) and the rest right; a host uses its neighbour. */
static bool chain_node_routes(nsp_backend *be, int i, int routers, nsp_status *st) {
  char ns[16];
  chain_node_name(i, ns);
  if (i == 0) return chain_route(be, ns, 0, 0, chain_addr(0, 1), st);
  if (i == routers + 1) return chain_route(be, ns, 0, 0, chain_addr(routers, 0), st);
  if (i > 1 && !chain_route(be, ns, chain_addr(0, 0) & ~3u, 30, chain_addr(i - 1, 0), st))
    return false;
  return chain_route(be, ns, 0, 0, chain_addr(i, 1), st) &&
         be->ops->sysctl_set(be, ns, "net.ipv4.ip_forward", "1", st);
}

bool chain_build(nsp_backend *be, int routers, int far_ttl, nsp_status *st) {
  char ns[16];
  /* past user.max_net_namespaces at boot (sim/sim.h SIM_MAX_NETNS) the
   * limit is raised as a user raises it on the kernel */
  if (routers + 3 > 131072) {
    char v[16];
    g_snprintf(v, sizeof v, "%d", routers + 3);
    if (!be->ops->sysctl_set(be, NULL, "user.max_net_namespaces", v, st)) return false;
  }
  if (!be->ops->netns_add(be, chain_node_name(0, ns), st)) return false;
  for (int i = 0; i <= routers; i++) {
    if (!be->ops->netns_add(be, chain_node_name(i + 1, ns), st) || !chain_link(be, i, st) ||
        !chain_node_routes(be, i, routers, st))
      return false;
  }
  if (!chain_node_routes(be, routers + 1, routers, st)) return false;
  if (!far_ttl) return true;
  char v[8];
  g_snprintf(v, sizeof v, "%d", far_ttl);
  return be->ops->sysctl_set(be, chain_node_name(routers + 1, ns), "net.ipv4.ip_default_ttl", v,
                             st);
}

/* ---- the same chain as lines a person types ------------------------------ */

static void chain_script_addr(GString *out, int link, int end) {
  uint32_t a = chain_addr(link, end);
  g_string_append_printf(out, "%u.%u.%u.%u", a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255);
}

static void chain_script_route(GString *out, int node, const char *dst, int via_link, int via_end) {
  g_string_append_printf(out, "ip -n c%d route add %s via ", node, dst);
  chain_script_addr(out, via_link, via_end);
  g_string_append_c(out, '\n');
}

static void chain_script_link(GString *out, int i) {
  g_string_append_printf(out, "ip netns add c%d\nip -n c%d link add x%d type veth peer name y%d\n"
                              "ip -n c%d link set y%d netns c%d\nip -n c%d address add ",
                         i + 1, i, i, i, i, i, i + 1, i);
  chain_script_addr(out, i, 0);
  g_string_append_printf(out, "/30 dev x%d\nip -n c%d link set x%d up\nip -n c%d address add ", i, i,
                         i, i + 1);
  chain_script_addr(out, i, 1);
  g_string_append_printf(out, "/30 dev y%d\nip -n c%d link set y%d up\n", i, i + 1, i);
}

void chain_script(GString *out, int routers, int far_ttl) {
  g_string_append(out, "ip netns add c0\n");
  for (int i = 0; i <= routers; i++) {
    chain_script_link(out, i);
    if (i == 0) {
      chain_script_route(out, 0, "default", 0, 1);
      continue;
    }
    if (i > 1) chain_script_route(out, i, "10.0.0.0/30", i - 1, 0);
    chain_script_route(out, i, "default", i, 1);
    g_string_append_printf(out, "ip netns exec c%d sysctl -w net.ipv4.ip_forward=1\n", i);
  }
  chain_script_route(out, routers + 1, "default", routers, 0);
  if (far_ttl)
    g_string_append_printf(out, "ip netns exec c%d sysctl -w net.ipv4.ip_default_ttl=%d\n",
                           routers + 1, far_ttl);
}

/* ---- floods ------------------------------------------------------------- */

static void chain_flood_take(const nsp_probe_event *ev, chain_flood_result *out) {
  if (ev->kind == NSP_PROBE_ERROR) {
    out->errors++;
    return;
  }
  out->replies++;
  if (!out->min_ttl || ev->ttl < out->min_ttl) out->min_ttl = ev->ttl;
  if (ev->ttl > out->max_ttl) out->max_ttl = ev->ttl;
}

/* Takes every event already there, without letting time pass. */
static void chain_flood_drain(nsp_backend *be, nsp_probe *p, chain_flood_result *out) {
  nsp_probe_event ev;
  for (;;) {
    be->ops->probe_wait(p, be->ops->clock_now(be), &ev);
    if (ev.kind == NSP_PROBE_NONE) return;
    chain_flood_take(&ev, out);
  }
}

struct chain_prober {
  nsp_backend *be;
  nsp_probe *p;
  uint16_t seq;
};

chain_prober *chain_prober_open(nsp_backend *be, int routers) {
  char ns[16];
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = chain_addr(routers, 1), .ttl = 255, .ident = 0x4e53};
  nsp_probe *p = be->ops->probe_open(be, chain_node_name(0, ns), &cfg, &st);
  uint32_t src;
  if (!p) return NULL;
  if (!be->ops->probe_connect(p, &src, &st)) {
    be->ops->probe_close(p);
    return NULL;
  }
  chain_prober *c = g_new0(chain_prober, 1);
  c->be = be;
  c->p = p;
  return c;
}

void chain_prober_close(chain_prober *c) {
  if (!c) return;
  c->be->ops->probe_close(c->p);
  g_free(c);
}

bool chain_prober_flood(chain_prober *c, unsigned count, unsigned burst, uint64_t gap_ns,
                        chain_flood_result *out) {
  nsp_backend *be = c->be;
  nsp_status st = {0};
  bool ok = true;
  memset(out, 0, sizeof *out);
  while (ok && out->sent < count) {
    for (unsigned k = 0; k < burst && out->sent < count && ok; k++, out->sent++)
      ok = be->ops->probe_send(c->p, c->seq++, 56, &st);
    be->ops->clock_advance(be, gap_ns);
    chain_flood_drain(be, c->p, out);
  }
  /* a round trip is 2 (routers + 1) link crossings of 10 µs, plus ARP */
  uint64_t end = be->ops->clock_now(be) + 1000000000ULL;
  nsp_probe_event ev;
  while (ok && out->replies + out->errors < out->sent) {
    be->ops->probe_wait(c->p, end, &ev);
    if (ev.kind == NSP_PROBE_NONE) break;
    chain_flood_take(&ev, out);
  }
  return ok;
}

bool chain_flood(nsp_backend *be, int routers, unsigned count, unsigned burst, uint64_t gap_ns,
                 chain_flood_result *out) {
  memset(out, 0, sizeof *out);
  chain_prober *c = chain_prober_open(be, routers);
  if (!c) return false;
  bool ok = chain_prober_flood(c, count, burst, gap_ns, out);
  chain_prober_close(c);
  return ok;
}
