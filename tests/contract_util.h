/* Helpers of the backend contract tests (test_contract.c,
 * test_contract_sock.c), each built once per backend (-DNSP_BACKEND_REAL
 * for the kernel): small worlds built through the operations. */
#ifndef NSP_TESTS_CONTRACT_UTIL_H
#define NSP_TESTS_CONTRACT_UTIL_H

#include <glib.h>
#include <string.h>

#include "core/backend.h"
#include "proto/inet.h"
#ifdef NSP_BACKEND_REAL
#include "real/world.h"
#else
#include "sim/world.h"
#endif

#define S 1000000000ULL
/* long enough for an ARP request lost while a fresh link settles (the
 * kernel retries after 1 s), short enough for a test */
#define REPLY_WAIT (3 * S)

static G_GNUC_UNUSED nsp_backend *contract_backend_new(void) {
#ifdef NSP_BACKEND_REAL
  nsp_status st = {0};
  real_world *w = real_world_new(&st);
  return w ? real_world_backend(w) : NULL;
#else
  return sim_world_backend(sim_world_new(7));
#endif
}

static G_GNUC_UNUSED int setup(void **state) {
  nsp_backend *be = contract_backend_new();
  if (!be) return -1;
  *state = be;
  return 0;
}

static G_GNUC_UNUSED int teardown(void **state) {
  nsp_backend *be = *state;
  be->ops->destroy(be);
  return 0;
}

static G_GNUC_UNUSED uint32_t ip(const char *s) {
  uint32_t a = 0;
  assert_true(ipv4_addr_pton(s, &a));
  return a;
}

static G_GNUC_UNUSED int ifindex(nsp_backend *be, const char *ns, const char *name) {
  size_t n;
  int idx = 0;
  nsp_link *l = be->ops->link_list(be, ns, &n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(l[i].name, name)) idx = l[i].ifindex;
  g_free(l);
  return idx;
}

static G_GNUC_UNUSED void veth(nsp_backend *be, const char *nsa, const char *a, const char *nsb, const char *b) {
  nsp_status st = {0};
  if (!be->ops->netns_exists(be, nsa)) assert_true(be->ops->netns_add(be, nsa, &st));
  if (!be->ops->netns_exists(be, nsb)) assert_true(be->ops->netns_add(be, nsb, &st));
  assert_true(be->ops->link_add_veth(be, NULL, a, b, &st));
  assert_true(be->ops->link_set_netns(be, NULL, ifindex(be, NULL, a), nsa, &st));
  assert_true(be->ops->link_set_netns(be, NULL, ifindex(be, NULL, b), nsb, &st));
}

static G_GNUC_UNUSED void addr_up(nsp_backend *be, const char *ns, const char *dev, const char *a, int plen) {
  nsp_status st = {0};
  nsp_addr x = {.ifindex = ifindex(be, ns, dev), .local = ip(a), .plen = (uint8_t)plen};
  assert_true(be->ops->addr_add(be, ns, &x, &st));
  assert_true(be->ops->link_set_up(be, ns, x.ifindex, true, &st));
}

static G_GNUC_UNUSED void route_via(nsp_backend *be, const char *ns, const char *dst, int plen, const char *gw) {
  nsp_status st = {0};
  nsp_route_req rq = {.r = {.table = NSP_RT_TABLE_MAIN, .type = NSP_RTN_UNICAST,
                            .protocol = NSP_RTPROT_BOOT, .dst = ip(dst), .plen = (uint8_t)plen,
                            .gw = ip(gw)}, .has_type = true, .has_protocol = true};
  assert_true(be->ops->route_add(be, ns, &rq, &st));
}

/* ns1 (192.0.2.1) -- c-rt (forwarding) -- ns2 (198.51.100.1) */
static G_GNUC_UNUSED void router(nsp_backend *be) {
  nsp_status st = {0};
  veth(be, "c-ns1", "c-ns1-v0", "c-rt", "c-rt-v0");
  veth(be, "c-ns2", "c-ns2-v0", "c-rt", "c-rt-v1");
  addr_up(be, "c-ns1", "c-ns1-v0", "192.0.2.1", 24);
  addr_up(be, "c-rt", "c-rt-v0", "192.0.2.254", 24);
  addr_up(be, "c-rt", "c-rt-v1", "198.51.100.254", 24);
  addr_up(be, "c-ns2", "c-ns2-v0", "198.51.100.1", 24);
  route_via(be, "c-ns1", "0.0.0.0", 0, "192.0.2.254");
  route_via(be, "c-ns2", "0.0.0.0", 0, "198.51.100.254");
  assert_true(be->ops->sysctl_set(be, "c-rt", "net.ipv4.ip_forward", "1", &st));
}

#endif
