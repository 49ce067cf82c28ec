/* ICMP redirects (net/ipv4/route.c ip_rt_send_redirect(), __ip_do_redirect(),
 * net/ipv4/ip_forward.c) and the next-hop exceptions a honoured one leaves
 * in the FIB (struct fib_nh_exception, update_or_create_fnhe(),
 * find_exception(), rt_bind_exception()).
 *
 * sim/redirect.c: whether a router sends one and its rate limit, and what a
 * host does with one it receives.  sim/fnhe.c: the exception table of a
 * namespace, keyed by next hop (device and gateway) and destination, with
 * its expiry on the virtual clock and `ip route flush cache`'s generation. */
#ifndef SIM_REDIRECT_H
#define SIM_REDIRECT_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim.h"

/* ip_rt_gc_timeout (RT_GC_TIMEOUT, 300 s): how long an exception lives */
#define SIM_FNHE_TIMEOUT_NS (300ULL * 1000000000ULL)

/* One exception (struct fib_nh_exception). */
typedef struct {
  int oif;           /* the next hop it hangs off: its device ... */
  uint32_t nh_gw;    /* ... and gateway (0: a device route) */
  uint32_t daddr;    /* fnhe_daddr */
  uint32_t gw;       /* fnhe_gw: the redirected gateway, 0 once reset */
  uint64_t expires;  /* fnhe_expires on the virtual clock, 0: none */
  unsigned genid;    /* fnhe_genid: stale once the cache was flushed */
  bool bound;        /* a route was bound to it (fnhe_rth_*): dumped */
} sim_fnhe;

/* What a namespace keeps for redirects; NULL until the first. */
typedef struct sim_redirect {
  GHashTable *peers; /* saddr -> the inet_peer's rate_last, n_redirects */
  GArray *fnhes;     /* sim_fnhe */
  unsigned genid;    /* net->ipv4.rt_genid's part for exceptions (fnhe_genid()) */
} sim_redirect;

/* The conf keys' combining rules (include/linux/inetdevice.h). */
/* IN_DEV_TX_REDIRECTS(): send_redirects of all or the device */
bool sim_redirect_tx_enabled(const sim_iface *dev);
/* IN_DEV_RX_REDIRECTS(): a forwarding device takes redirects only when all
 * and the device accept them, any other when either does */
bool sim_redirect_rx_enabled(const sim_iface *dev);
bool sim_redirect_shared_media(const sim_iface *dev);
bool sim_redirect_secure(const sim_iface *dev);

/* __mkroute_input(): a packet routed back out of its input device, its
 * source on that link (or shared_media), is marked to be redirected
 * (IPSKB_DOREDIRECT) */
bool sim_redirect_mark(const sim_iface *in, const sim_rt_result *res, uint32_t saddr);
/* ip_forward() -> ip_rt_send_redirect(): Redirect Host for pkt (its TTL
 * already decremented) to res's next hop, within the per-source limit */
void sim_redirect_send(sim_iface *in, const sim_rt_result *res, const uint8_t *pkt, size_t len);
/* icmp_redirect() -> ipv4_redirect() -> __ip_do_redirect(): a redirect
 * received on dev; pkt is the whole IP packet */
void sim_redirect_input(sim_netns *ns, sim_iface *dev, const uint8_t *pkt, size_t len);
void sim_redirect_free(sim_netns *ns);

/* fnhe.c */
/* find_exception() and rt_bind_exception() for a route just chosen:
 * res's next hop replaced by a live exception's gateway (RTCF_REDIRECTED,
 * res->expires set); an expired one is deleted, a stale one reset. */
void sim_fnhe_apply(sim_netns *ns, uint32_t daddr, sim_rt_result *res);
/* update_or_create_fnhe() */
void sim_fnhe_update(sim_netns *ns, int oif, uint32_t nh_gw, uint32_t daddr, uint32_t gw,
                     uint64_t expires);
/* the exception as it stands (no expiry or generation applied); NULL: none */
const sim_fnhe *sim_fnhe_find(sim_netns *ns, int oif, uint32_t nh_gw, uint32_t daddr);
/* rt_cache_flush(): a new generation, every exception stale */
void sim_fnhe_flush_cache(sim_netns *ns);
/* fnhe_dump_bucket(): the live, bound exceptions as `ip route show cache`
 * lists them; *n set, g_free */
nsp_route_get *sim_fnhe_list(sim_netns *ns, size_t *n);
/* the exceptions of a next hop that went away (fib_nh_common_release()) */
void sim_fnhe_forget(sim_netns *ns, int oif);

#endif
