/* Namespaces: birth with a loopback that is down, the ip_forward flag and
 * its per-interface forms, address selection. */
#include <string.h>

#include "proto/inet.h"
#include "sim/inet_sock.h"
#include "sim/netfilter.h"
#include "sim/nexthop.h"
#include "sim/redirect.h"
#include "sim/sim.h"

sim_netns *sim_netns_new(sim_world *w, const char *name) {
  sim_netns *ns = g_new0(sim_netns, 1);
  ns->w = w;
  ns->name = g_strdup(name);
  ns->nsid_in_root = -1;
  ns->next_ifindex = 1;
  ns->ifaces = g_ptr_array_new();
  sim_fib_init(&ns->main);
  sim_fib_init(&ns->local);
  sim_rules_init(ns);
  /* devconf_inherit_init_net: a new namespace copies the host's conf/all and
   * conf/default; the host here has ip_forward 0 (KERNEL.md 5.8). */
  ns->ip_forward = 0;
  ns->default_forwarding = 0;
  ns->ip_default_ttl = 64;
  ns->icmp_echo_ignore_broadcasts = 1;
  ns->icmp_ratelimit_ms = 1000;
  ns->icmp_ratemask = 6168; /* 0x1818: types 3, 4, 11, 12 */
  ns->mp_hash_fields = 7;   /* FIB_MULTIPATH_HASH_FIELD_DEFAULT_MASK */
  /* measured in a new namespace: rp_filter 0, accept_local 0, send_redirects 1 */
  ns->all_send_redirects = ns->default_send_redirects = 1;
  /* and accept_redirects, secure_redirects, shared_media 1 (all, default
   * and every device: tests/scenarios/95-redirect-honoured) */
  ns->all_accept_redirects = ns->default_accept_redirects = 1;
  ns->all_secure_redirects = ns->default_secure_redirects = 1;
  ns->all_shared_media = ns->default_shared_media = 1;
  sim_iface_new(ns, "lo", NSP_LINK_LOOPBACK);
  return ns;
}

void sim_netns_free(sim_netns *ns) {
  /* Destroying a namespace destroys its veths, and with each its peer. */
  while (ns->ifaces->len) {
    sim_iface *dev = g_ptr_array_index(ns->ifaces, ns->ifaces->len - 1);
    if (dev->peer) sim_iface_free(dev->peer);
    sim_iface_free(dev);
  }
  g_ptr_array_free(ns->ifaces, TRUE);
  sim_fib_free(&ns->main);
  sim_fib_free(&ns->local);
  sim_tables_free(ns);
  sim_rules_free(ns);
  sim_nh_free_all(ns);
  if (ns->socks) g_ptr_array_free(ns->socks, TRUE);
  sim_isock_orphan_all(ns);
  if (ns->icmp_peers) g_hash_table_destroy(ns->icmp_peers);
  sim_redirect_free(ns);
  if (ns->frags) g_ptr_array_free(ns->frags, TRUE);
  sim_pneigh_free_all(ns);
  sim_nf_free(ns->nf);
  sim_rtcache_free(ns);
  g_free(ns->name);
  g_free(ns);
}

sim_iface *sim_netns_iface_by_index(sim_netns *ns, int ifindex) {
  /* ifindexes are mostly dense from 1, and ifaces is sorted by them */
  if (ifindex >= 1 && (guint)ifindex <= ns->ifaces->len) {
    sim_iface *dev = g_ptr_array_index(ns->ifaces, ifindex - 1);
    if (dev->ifindex == ifindex) return dev;
  }
  for (guint i = 0; i < ns->ifaces->len; i++) {
    sim_iface *dev = g_ptr_array_index(ns->ifaces, i);
    if (dev->ifindex == ifindex) return dev;
  }
  return NULL;
}

sim_iface *sim_netns_iface_by_name(sim_netns *ns, const char *name) {
  for (guint i = 0; i < ns->ifaces->len; i++) {
    sim_iface *dev = g_ptr_array_index(ns->ifaces, i);
    if (strcmp(dev->name, name) == 0) return dev;
  }
  return NULL;
}

sim_iface *sim_netns_lo(sim_netns *ns) { return sim_netns_iface_by_index(ns, 1); }

bool sim_netns_addr_is_local(sim_netns *ns, uint32_t addr) {
  sim_fib_filter f = {0};
  const sim_route *r = sim_fib_lookup(&ns->local, addr, &f);
  return r && r->type == NSP_RTN_LOCAL;
}

static const nsp_addr *iface_first_primary(const sim_iface *dev, uint32_t dst, int scope) {
  const nsp_addr *any = NULL;
  for (guint i = 0; i < dev->addrs->len; i++) {
    const nsp_addr *a = &g_array_index(dev->addrs, nsp_addr, i);
    if ((a->flags & NSP_IFA_F_SECONDARY) || a->scope > scope) continue;
    if (!dst || ((dst ^ a->local) & ipv4_prefix_mask(a->plen)) == 0) return a;
    if (!any) any = a;
  }
  return any;
}

/* inet_select_addr() (net/ipv4/devinet.c): a primary address of dev within
 * scope, preferring one whose subnet holds dst; failing that, any address of
 * another device of the namespace with a scope below link. */
uint32_t sim_netns_select_addr(sim_netns *ns, sim_iface *dev, uint32_t dst, int scope) {
  const nsp_addr *a = dev ? iface_first_primary(dev, dst, scope) : NULL;
  if (a) return a->local;
  for (guint i = 0; i < ns->ifaces->len; i++) {
    sim_iface *d = g_ptr_array_index(ns->ifaces, i);
    for (guint j = 0; j < d->addrs->len; j++) {
      const nsp_addr *b = &g_array_index(d->addrs, nsp_addr, j);
      if (!(b->flags & NSP_IFA_F_SECONDARY) && b->scope < NSP_SCOPE_LINK && b->scope <= scope)
        return b->local;
    }
  }
  return 0;
}

/* IN_DEV_FORWARD(): the per-interface flag decides, not the global one. */
int sim_iface_forwarding(const sim_iface *dev) { return dev->forwarding; }
