/* Small worlds for unit tests, built through the backend operations the
 * way a scenario would, plus a tap recording every frame on the wire. */
#ifndef TESTS_FIXTURE_H
#define TESTS_FIXTURE_H

#include <glib.h>

#include "core/backend.h"
#include "sim/world.h"

typedef struct {
  char link[40];
  uint64_t at;
  uint8_t data[1600];
  size_t len;
} fx_frame;

typedef struct {
  sim_world *w;
  nsp_backend *be;
  GArray *frames; /* fx_frame */
} fx_world;

fx_world *fx_new(void);
void fx_free(fx_world *f);
/* ip netns add; ip link add A type veth peer name B; move each end. */
void fx_veth(fx_world *f, const char *ns_a, const char *a, const char *ns_b, const char *b);
void fx_netns(fx_world *f, const char *ns);
/* ip address add ADDR/LEN dev DEV; ip link set DEV up */
void fx_addr_up(fx_world *f, const char *ns, const char *dev, const char *cidr);
void fx_route(fx_world *f, const char *ns, const char *cidr, const char *via);
void fx_forwarding(fx_world *f, const char *ns, int on);
void fx_run(fx_world *f, uint64_t ns_from_now);
uint64_t fx_now(fx_world *f);
/* one echo request; returns the probe so the caller can wait on it */
nsp_probe *fx_ping(fx_world *f, const char *ns, const char *dst, uint8_t ttl);
/* frames on a link, and a one-line description of frame i of them */
unsigned fx_count(fx_world *f, const char *link);
const fx_frame *fx_nth(fx_world *f, const char *link, unsigned i);
uint32_t fx_ip(const char *s);
int fx_index(fx_world *f, const char *ns, const char *dev);

#endif
