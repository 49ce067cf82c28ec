/* ICMP redirects: a router that sends a packet back out of the device it
 * came in on tells the sender about the better next hop, and a host that
 * accepts it leaves a next-hop exception (sim/fnhe.c) for the destination.
 * Measured on the kernel (tests/scenarios/95-99): the first redirect only
 * makes the host resolve the new gateway; the exception comes with a
 * redirect that finds its neighbour valid, so traffic moves on the second. */
#include <arpa/inet.h>

#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/redirect.h"
#include "sim/trace_hooks.h"

/* ip_rt_redirect_number, _load (HZ/50), _silence ((HZ/50) << 10) */
#define REDIRECT_NUMBER 9
#define REDIRECT_LOAD_NS 20000000ULL
#define REDIRECT_SILENCE_NS (REDIRECT_LOAD_NS << (REDIRECT_NUMBER + 1))
#define NS_60S (60ULL * 1000000000ULL)
#define REDIR_HOST 1    /* ICMP_REDIR_HOST */
#define REDIR_HOSTTOS 3 /* REDIR_HOSTTOS */

typedef struct {
  uint64_t rate_last;
  int n_redirects;
} redirect_peer;

bool sim_redirect_tx_enabled(const sim_iface *dev) {
  return dev->ns->all_send_redirects || dev->send_redirects;
}

bool sim_redirect_rx_enabled(const sim_iface *dev) {
  const sim_netns *ns = dev->ns;
  if (sim_iface_forwarding(dev)) return ns->all_accept_redirects && dev->accept_redirects;
  return ns->all_accept_redirects || dev->accept_redirects;
}

bool sim_redirect_shared_media(const sim_iface *dev) {
  return dev->ns->all_shared_media || dev->shared_media;
}

bool sim_redirect_secure(const sim_iface *dev) {
  return dev->ns->all_secure_redirects || dev->secure_redirects;
}

/* inet_addr_onlink(): a and b both inside one subnet of dev's addresses
 * (b 0 counts as inside) */
static bool redirect_onlink(const sim_iface *dev, uint32_t a, uint32_t b) {
  for (guint i = 0; i < dev->addrs->len; i++) {
    const nsp_addr *ad = &g_array_index(dev->addrs, nsp_addr, i);
    uint32_t m = ad->plen ? ~0u << (32 - ad->plen) : 0;
    if (((a ^ ad->local) & m) == 0 && (!b || ((b ^ ad->local) & m) == 0)) return true;
  }
  return false;
}

bool sim_redirect_mark(const sim_iface *in, const sim_rt_result *res, uint32_t saddr) {
  if (res->dev != in || !sim_redirect_tx_enabled(in)) return false;
  uint32_t gw = res->gateway ? res->nexthop : 0;
  return sim_redirect_shared_media(in) || redirect_onlink(in, saddr, gw);
}

static redirect_peer *redirect_peer_get(sim_netns *ns, uint32_t saddr) {
  if (!ns->rdr) {
    ns->rdr = g_new0(sim_redirect, 1);
    ns->rdr->fnhes = g_array_new(FALSE, FALSE, sizeof(sim_fnhe));
  }
  if (!ns->rdr->peers)
    ns->rdr->peers = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  redirect_peer *p = g_hash_table_lookup(ns->rdr->peers, GUINT_TO_POINTER(saddr));
  if (!p) { /* inet_getpeer(): rate_last = jiffies - 60 * HZ */
    p = g_new0(redirect_peer, 1);
    p->rate_last = ns->w->now - (ns->w->now < NS_60S ? ns->w->now : NS_60S);
    g_hash_table_insert(ns->rdr->peers, GUINT_TO_POINTER(saddr), p);
  }
  return p;
}

/* ip_rt_send_redirect(): "the first ip_rt_redirect_number redirects are
 * sent with exponential backoff, then we stop sending them at all,
 * assuming that the host ignores our redirects"; a silence of
 * ip_rt_redirect_silence starts over. */
void sim_redirect_send(sim_iface *in, const sim_rt_result *res, const uint8_t *pkt, size_t len) {
  sim_netns *ns = in->ns;
  if (!sim_redirect_tx_enabled(res->dev)) return;
  uint32_t saddr = inet_get32(pkt + 12);
  uint64_t now = ns->w->now;
  redirect_peer *p = redirect_peer_get(ns, saddr);
  if (now > p->rate_last + REDIRECT_SILENCE_NS) p->n_redirects = 0;
  if (p->n_redirects >= REDIRECT_NUMBER) {
    p->rate_last = now;
    sim_trace_redirect(ns, in, pkt, len, res->nexthop, SIM_REDIRECT_LIMITED);
    return;
  }
  if (p->n_redirects && now <= p->rate_last + (REDIRECT_LOAD_NS << p->n_redirects)) {
    sim_trace_redirect(ns, in, pkt, len, res->nexthop, SIM_REDIRECT_LIMITED);
    return;
  }
  sim_trace_redirect(ns, in, pkt, len, res->nexthop, SIM_REDIRECT_SENT);
  sim_icmp_send(ns, in, pkt, len, ICMP_REDIRECT, REDIR_HOST, res->nexthop, false);
  p->rate_last = now;
  p->n_redirects++;
}

/* __ip_do_redirect()'s checks on the new gateway: why it is refused,
 * SIM_REDIRECT_TAKEN when it is not */
static sim_redirect_what redirect_check(sim_netns *ns, sim_iface *dev, uint32_t old_gw,
                                        uint32_t new_gw) {
  if (new_gw == old_gw) return SIM_REDIRECT_BAD_GW;
  if (!sim_redirect_rx_enabled(dev))
    return sim_iface_forwarding(dev) ? SIM_REDIRECT_FORWARDING : SIM_REDIRECT_OFF;
  if ((new_gw >> 28) == 0xe || new_gw == 0xffffffffu || (new_gw >> 24) == 0)
    return SIM_REDIRECT_BAD_GW;
  if (!sim_redirect_shared_media(dev)) {
    if (!redirect_onlink(dev, new_gw, old_gw)) return SIM_REDIRECT_NOT_ONLINK;
    /* ip_fib_check_default(): only to a gateway of a default route on dev */
    if (sim_redirect_secure(dev)) {
      sim_flow fl = {.daddr = 0, .iif = 1};
      sim_fib_res fr;
      if (sim_fib_lookup_flow(ns, &fl, &fr) || fr.rt->gw != new_gw || fr.rt->oif != dev->ifindex)
        return SIM_REDIRECT_SECURE;
    }
  } else if (sim_netns_addr_is_local(ns, new_gw)) { /* inet_addr_type() != RTN_UNICAST */
    return SIM_REDIRECT_BAD_GW;
  }
  return SIM_REDIRECT_TAKEN;
}

void sim_redirect_input(sim_netns *ns, sim_iface *dev, const uint8_t *pkt, size_t len) {
  ipv4_hdr h;
  if (ipv4_hdr_parse(pkt, len, &h) != PROTO_OK) return;
  const uint8_t *icmp = pkt + h.ihl;
  if ((icmp[1] & 7) > REDIR_HOSTTOS) return;
  uint32_t old_gw = h.saddr, new_gw = inet_get32(icmp + 4);
  const uint8_t *q = icmp + ICMP_HDR_LEN;
  /* ipv4_redirect(): the route the quoted packet took, looked up again */
  sim_flow fl = {.daddr = inet_get32(q + 16), .saddr = inet_get32(q + 12), .proto = q[9]};
  sim_rt_result res;
  if (sim_ip_route_output_flow(ns, &fl, &res) || !res.rt || !res.gateway || res.nexthop != old_gw)
    return; /* not the gateway we use for it: nothing said */
  sim_redirect_what w = redirect_check(ns, dev, old_gw, new_gw);
  if (w != SIM_REDIRECT_TAKEN) {
    sim_trace_redirect(ns, dev, q, len - h.ihl - ICMP_HDR_LEN, new_gw, w);
    return;
  }
  sim_neigh *n = sim_neigh_lookup(res.dev, new_gw, true);
  if (!sim_neigh_valid(n)) { /* neigh_event_send(): resolve it first */
    sim_trace_redirect(ns, dev, q, len - h.ihl - ICMP_HDR_LEN, new_gw, SIM_REDIRECT_RESOLVE);
    sim_neigh_event_send(n);
    return;
  }
  /* fib_lookup() + fib_select_path(): the next hop the exception hangs off */
  sim_fnhe_update(ns, res.dev->ifindex, old_gw, fl.daddr, new_gw, ns->w->now + SIM_FNHE_TIMEOUT_NS);
  sim_trace_redirect(ns, dev, q, len - h.ihl - ICMP_HDR_LEN, new_gw, SIM_REDIRECT_TAKEN);
}

void sim_redirect_free(sim_netns *ns) {
  if (!ns->rdr) return;
  if (ns->rdr->peers) g_hash_table_destroy(ns->rdr->peers);
  g_array_free(ns->rdr->fnhes, TRUE);
  g_free(ns->rdr);
  ns->rdr = NULL;
}
