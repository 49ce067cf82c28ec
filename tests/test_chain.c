/* What the fast path must keep (sim/link.c, wire.c, neigh.c, pkt.c): long
 * router chains built through the backend (bench/chain.h) deliver every
 * reply with the right TTL and exactly the frames they should on each link,
 * pcaps hold them all, and a world of many namespaces keeps its namespace
 * ids and its paths.  Counts, not timings: speed is the bench's business. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>

#include "bench/chain.h"
#include "sim/world.h"

#ifndef CHAIN_MANY
#define CHAIN_MANY 100000
#endif

typedef struct {
  sim_world *w;
  nsp_backend *be;
  GHashTable *frames; /* link name -> frames seen */
} chain_world;

static void chain_tap(void *ctx, const char *link, uint64_t now, const uint8_t *frame,
                      size_t len) {
  GHashTable *t = ctx;
  gpointer old = g_hash_table_lookup(t, link);
  g_hash_table_insert(t, g_strdup(link), GUINT_TO_POINTER(GPOINTER_TO_UINT(old) + 1));
}

static chain_world *chain_new(int routers, int far_ttl, const char *pcap_dir) {
  chain_world *c = g_new0(chain_world, 1);
  c->w = sim_world_new(1);
  c->be = sim_world_backend(c->w);
  c->frames = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  sim_world_set_tap(c->w, chain_tap, c->frames);
  if (pcap_dir) sim_world_set_pcap_dir(c->w, pcap_dir);
  nsp_status st = {0};
  assert_true(chain_build(c->be, routers, far_ttl, &st));
  return c;
}

static void chain_free(chain_world *c) {
  sim_world_free(c->w);
  g_hash_table_destroy(c->frames);
  g_free(c);
}

static unsigned chain_frames(chain_world *c, int link) {
  char name[40];
  g_snprintf(name, sizeof name, "x%d--y%d", link, link);
  return GPOINTER_TO_UINT(g_hash_table_lookup(c->frames, name));
}

/* 250 routers, the far host answering with TTL 255: every reply comes back
 * with 255 - 250, and each link carried one ARP exchange, the requests and
 * the replies -- nothing lost, nothing twice. */
static void test_chain_250_routers_replies(void **state) {
  (void)state;
  chain_world *c = chain_new(250, 255, NULL);
  chain_flood_result r;
  assert_true(chain_flood(c->be, 250, 40, 4, 4000, &r));
  assert_int_equal(r.sent, 40);
  assert_int_equal(r.replies, 40);
  assert_int_equal(r.errors, 0);
  assert_int_equal(r.min_ttl, 5);
  assert_int_equal(r.max_ttl, 5);
  for (int i = 0; i <= 250; i++) assert_int_equal(chain_frames(c, i), 2 + 2 * 40);
  chain_free(c);
}

/* With the default TTL of 64 the replies die at the 64th router back
 * (ip_forward(): TTL 1 is not forwarded): the links beyond carry only the
 * requests and their ARP exchange. */
static void test_chain_default_ttl_stops_replies(void **state) {
  (void)state;
  chain_world *c = chain_new(250, 0, NULL);
  chain_flood_result r;
  assert_true(chain_flood(c->be, 250, 10, 2, 4000, &r));
  assert_int_equal(r.replies, 0);
  /* node j gets a reply with TTL 64 - (250 - j): node 187 gets it with 1 */
  for (int i = 0; i < 187; i++) assert_int_equal(chain_frames(c, i), 2 + 10);
  for (int i = 187; i <= 250; i++) assert_true(chain_frames(c, i) >= 2 + 2 * 10);
  chain_free(c);
}

static unsigned pcap_count(const char *path, bool *ordered) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(path, err);
  assert_non_null(p);
  struct pcap_pkthdr *h;
  const u_char *data;
  unsigned n = 0;
  double last = 0;
  *ordered = true;
  while (pcap_next_ex(p, &h, &data) == 1) {
    double t = (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6;
    if (t < last) *ordered = false;
    last = t;
    n++;
  }
  pcap_close(p);
  return n;
}

/* Buffered capture files hold every frame once the world closes them. */
static void test_chain_pcaps_complete(void **state) {
  (void)state;
  gchar *dir = g_dir_make_tmp("nspath-chain-XXXXXX", NULL);
  assert_non_null(dir);
  chain_world *c = chain_new(10, 0, dir);
  chain_flood_result r;
  assert_true(chain_flood(c->be, 10, 500, 4, 4000, &r));
  assert_int_equal(r.replies, 500);
  sim_world_close_captures(c->w);
  unsigned files;
  uint64_t frames;
  sim_world_capture_stats(c->w, &files, &frames);
  assert_int_equal(files, 11);
  assert_int_equal(frames, 11 * (2 + 2 * 500));
  for (int i = 0; i <= 10; i++) {
    gchar *path = g_strdup_printf("%s/x%d--y%d.pcap", dir, i, i);
    bool ordered;
    assert_int_equal(pcap_count(path, &ordered), 2 + 2 * 500);
    assert_true(ordered);
    g_unlink(path);
    g_free(path);
  }
  chain_free(c);
  g_rmdir(dir);
  g_free(dir);
}

static bool ping_neighbour(nsp_backend *be, int node) {
  char ns[16];
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = chain_addr(node, 1), .ttl = 64, .ident = 7};
  nsp_probe *p = be->ops->probe_open(be, chain_node_name(node, ns), &cfg, &st);
  nsp_probe_event ev;
  be->ops->probe_send(p, 1, 56, &st);
  be->ops->probe_wait(p, be->ops->clock_now(be) + 1000000000ULL, &ev);
  be->ops->probe_close(p);
  return ev.kind == NSP_PROBE_REPLY && ev.ttl == 64;
}

/* A world of CHAIN_MANY namespaces: all listed, every one with its own
 * namespace id (the lowest free one, as idr_alloc gives), links working at
 * both ends and in the middle; a deleted namespace's id is given again. */
static void test_many_namespaces(void **state) {
  (void)state;
  chain_world *c = chain_new(CHAIN_MANY - 2, 0, NULL);
  nsp_backend *be = c->be;
  char **names = be->ops->netns_list(be);
  assert_int_equal(g_strv_length(names), CHAIN_MANY);
  g_strfreev(names);
  guint8 *seen = g_new0(guint8, CHAIN_MANY);
  char ns[16];
  for (int i = 0; i < CHAIN_MANY; i++) {
    int id = be->ops->netns_id(be, chain_node_name(i, ns));
    assert_true(id >= 0 && id < CHAIN_MANY);
    assert_int_equal(seen[id], 0);
    seen[id] = 1;
  }
  g_free(seen);
  assert_true(ping_neighbour(be, 0));
  assert_true(ping_neighbour(be, CHAIN_MANY / 2));
  assert_true(ping_neighbour(be, CHAIN_MANY - 2));
  nsp_status st = {0};
  int freed = be->ops->netns_id(be, chain_node_name(5, ns));
  assert_true(be->ops->netns_del(be, ns, &st));
  assert_true(be->ops->netns_add(be, "z", &st));
  assert_true(be->ops->link_add_veth(be, NULL, "za", "zb", &st));
  size_t n;
  nsp_link *l = be->ops->link_list(be, NULL, &n);
  int zb = 0;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(l[i].name, "zb")) zb = l[i].ifindex;
  g_free(l);
  assert_true(be->ops->link_set_netns(be, NULL, zb, "z", &st));
  assert_int_equal(be->ops->netns_id(be, "z"), freed);
  chain_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chain_250_routers_replies),
      cmocka_unit_test(test_chain_default_ttl_stops_replies),
      cmocka_unit_test(test_chain_pcaps_complete),
      cmocka_unit_test(test_many_namespaces),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
