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

bool chain_flood(nsp_backend *be, int routers, unsigned count, unsigned burst, uint64_t gap_ns,
                 chain_flood_result *out) {
  char ns[16];
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = chain_addr(routers, 1), .ttl = 255, .ident = 0x4e53};
  memset(out, 0, sizeof *out);
  nsp_probe *p = be->ops->probe_open(be, chain_node_name(0, ns), &cfg, &st);
  uint32_t src;
  if (!p) return false;
  bool ok = be->ops->probe_connect(p, &src, &st);
  while (ok && out->sent < count) {
    for (unsigned k = 0; k < burst && out->sent < count && ok; k++)
      ok = be->ops->probe_send(p, (uint16_t)out->sent++, 56, &st);
    be->ops->clock_advance(be, gap_ns);
    chain_flood_drain(be, p, out);
  }
  /* a round trip is 2 (routers + 1) link crossings of 10 µs, plus ARP */
  uint64_t end = be->ops->clock_now(be) + 1000000000ULL;
  nsp_probe_event ev;
  while (ok && out->replies + out->errors < out->sent) {
    be->ops->probe_wait(p, end, &ev);
    if (ev.kind == NSP_PROBE_NONE) break;
    chain_flood_take(&ev, out);
  }
  be->ops->probe_close(p);
  return ok;
}
