#include "tests/fixture.h"

#include <string.h>

#include "proto/inet.h"

static void fx_tap(void *ctx, const char *link, uint64_t now, const uint8_t *frame, size_t len) {
  fx_world *f = ctx;
  fx_frame fr = {.at = now, .len = len < sizeof fr.data ? len : sizeof fr.data};
  g_strlcpy(fr.link, link, sizeof fr.link);
  memcpy(fr.data, frame, fr.len);
  g_array_append_val(f->frames, fr);
}

fx_world *fx_new(void) {
  fx_world *f = g_new0(fx_world, 1);
  f->w = sim_world_new(42);
  f->be = sim_world_backend(f->w);
  f->frames = g_array_new(FALSE, TRUE, sizeof(fx_frame));
  sim_world_set_tap(f->w, fx_tap, f);
  return f;
}

void fx_free(fx_world *f) {
  sim_world_free(f->w);
  g_array_free(f->frames, TRUE);
  g_free(f);
}

uint32_t fx_ip(const char *s) {
  uint32_t a = 0;
  if (!ipv4_addr_pton(s, &a)) g_error("bad address %s", s);
  return a;
}

void fx_netns(fx_world *f, const char *ns) {
  nsp_status st;
  if (!f->be->ops->netns_exists(f->be, ns)) f->be->ops->netns_add(f->be, ns, &st);
}

int fx_index(fx_world *f, const char *ns, const char *dev) {
  size_t n;
  int idx = 0;
  nsp_link *l = f->be->ops->link_list(f->be, ns, &n);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(l[i].name, dev)) idx = l[i].ifindex;
  g_free(l);
  if (!idx) g_error("no device %s", dev);
  return idx;
}

void fx_veth(fx_world *f, const char *ns_a, const char *a, const char *ns_b, const char *b) {
  nsp_status st = {0};
  fx_netns(f, ns_a);
  fx_netns(f, ns_b);
  if (!f->be->ops->link_add_veth(f->be, NULL, a, b, &st)) g_error("veth %s: %d", a, st.err);
  f->be->ops->link_set_netns(f->be, NULL, fx_index(f, NULL, a), ns_a, &st);
  f->be->ops->link_set_netns(f->be, NULL, fx_index(f, NULL, b), ns_b, &st);
}

void fx_addr_up(fx_world *f, const char *ns, const char *dev, const char *cidr) {
  nsp_status st = {0};
  char **p = g_strsplit(cidr, "/", 2);
  nsp_addr a = {.ifindex = fx_index(f, ns, dev), .local = fx_ip(p[0]),
                .plen = (uint8_t)atoi(p[1])};
  g_strfreev(p);
  if (!f->be->ops->addr_add(f->be, ns, &a, &st)) g_error("addr %s: %d", cidr, st.err);
  f->be->ops->link_set_up(f->be, ns, a.ifindex, true, &st);
}

void fx_route(fx_world *f, const char *ns, const char *cidr, const char *via) {
  nsp_status st = {0};
  char **p = g_strsplit(cidr, "/", 2);
  nsp_route_req rq = {.r = {.table = NSP_RT_TABLE_MAIN, .type = NSP_RTN_UNICAST,
                            .protocol = NSP_RTPROT_BOOT, .dst = fx_ip(p[0]),
                            .plen = (uint8_t)atoi(p[1]), .gw = fx_ip(via)}};
  g_strfreev(p);
  if (!f->be->ops->route_add(f->be, ns, &rq, &st)) g_error("route %s: %s", cidr, st.extack);
}

void fx_forwarding(fx_world *f, const char *ns, int on) {
  nsp_status st = {0};
  f->be->ops->sysctl_set(f->be, ns, "net.ipv4.ip_forward", on ? "1" : "0", &st);
}

void fx_run(fx_world *f, uint64_t ns_from_now) { f->be->ops->clock_advance(f->be, ns_from_now); }

uint64_t fx_now(fx_world *f) { return f->be->ops->clock_now(f->be); }

nsp_probe *fx_ping(fx_world *f, const char *ns, const char *dst, uint8_t ttl) {
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = fx_ip(dst), .ttl = ttl, .ident = 0x1234};
  nsp_probe *p = f->be->ops->probe_open(f->be, ns, &cfg, &st);
  if (!p) g_error("probe_open: %d", st.err);
  f->be->ops->probe_send(p, 1, 56, &st);
  return p;
}

unsigned fx_count(fx_world *f, const char *link) {
  unsigned n = 0;
  for (guint i = 0; i < f->frames->len; i++)
    if (!strcmp(g_array_index(f->frames, fx_frame, i).link, link)) n++;
  return n;
}

const fx_frame *fx_nth(fx_world *f, const char *link, unsigned k) {
  for (guint i = 0; i < f->frames->len; i++) {
    const fx_frame *fr = &g_array_index(f->frames, fx_frame, i);
    if (!strcmp(fr->link, link) && k-- == 0) return fr;
  }
  return NULL;
}
