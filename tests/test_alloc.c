/* The per-packet path allocates nothing (STYLE: a drop is an enum reason
 * and a counter; the pools keep what comes back): once a chain is warm --
 * ARP resolved, the wire's ring, the packet pool and the socket's event
 * array grown by a first flood -- floods through it make no call to the
 * allocator, with and without pcaps.
 *
 * The program defines malloc() and its kin itself, so every allocation of
 * the process (GLib's included: ctest runs this with G_SLICE=always-malloc)
 * comes through here and is counted while counting is on; they hand the
 * work to glibc's own entry points.  Not built under the sanitizers, which
 * replace the allocator themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "bench/chain.h"
#include "sim/world.h"

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);
void *memalign(size_t align, size_t n); /* <malloc.h>'s, not included: it declares the rest too */

/* The counter: test state, not the library's. */
static volatile int alloc_counting;
static volatile unsigned long alloc_calls;

static void alloc_count(void) {
  if (alloc_counting) alloc_calls++;
}

void *malloc(size_t n) {
  alloc_count();
  return __libc_malloc(n);
}
void *calloc(size_t n, size_t size) {
  alloc_count();
  return __libc_calloc(n, size);
}
void *realloc(void *p, size_t n) {
  alloc_count();
  return __libc_realloc(p, n);
}
void *memalign(size_t align, size_t n) {
  alloc_count();
  return __libc_memalign(align, n);
}
void *aligned_alloc(size_t align, size_t n) {
  alloc_count();
  return __libc_memalign(align, n);
}
int posix_memalign(void **out, size_t align, size_t n) {
  alloc_count();
  void *p = __libc_memalign(align, n);
  if (!p) return 12; /* ENOMEM */
  *out = p;
  return 0;
}
void free(void *p) { __libc_free(p); }

static void pcap_dir_remove(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name(d));) {
    gchar *p = g_build_filename(dir, n, NULL);
    g_unlink(p);
    g_free(p);
  }
  if (d) g_dir_close(d);
  g_rmdir(dir);
}

/* routers in a chain; a warm-up flood, then one counted. */
static void alloc_flood(int routers, bool pcaps) {
  gchar *dir = pcaps ? g_dir_make_tmp("nspath-alloc-XXXXXX", NULL) : NULL;
  sim_world *w = sim_world_new(1);
  nsp_backend *be = sim_world_backend(w);
  nsp_status st = {0};
  if (dir) sim_world_set_pcap_dir(w, dir);
  assert_true(chain_build(be, routers, 255, &st));
  chain_prober *p = chain_prober_open(be, routers);
  assert_non_null(p);
  chain_flood_result r;
  assert_true(chain_prober_flood(p, 8, 1, 1000000, &r));
  /* as many frames in flight as the measured flood will have: the same */
  assert_true(chain_prober_flood(p, 4000, 4, 4000, &r));
  alloc_calls = 0;
  alloc_counting = 1;
  bool ok = chain_prober_flood(p, 4000, 4, 4000, &r);
  alloc_counting = 0;
  assert_true(ok);
  assert_int_equal(r.replies, 4000);
  if (alloc_calls) fail_msg("%lu allocations during 4,000 echoes through %d routers%s", alloc_calls,
                            routers, pcaps ? " with pcaps" : "");
  chain_prober_close(p);
  sim_world_free(w);
  if (dir) pcap_dir_remove(dir);
  g_free(dir);
}

/* The counter sees what it should: the world's own construction allocates. */
static void test_counter_counts(void **state) {
  (void)state;
  alloc_calls = 0;
  alloc_counting = 1;
  sim_world *w = sim_world_new(1);
  alloc_counting = 0;
  assert_true(alloc_calls > 0);
  sim_world_free(w);
}

static void test_chain_10_no_pcaps(void **state) {
  (void)state;
  alloc_flood(10, false);
}

static void test_chain_10_pcaps(void **state) {
  (void)state;
  alloc_flood(10, true);
}

static void test_chain_60_no_pcaps(void **state) {
  (void)state;
  alloc_flood(60, false);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_counter_counts),
      cmocka_unit_test(test_chain_10_no_pcaps),
      cmocka_unit_test(test_chain_10_pcaps),
      cmocka_unit_test(test_chain_60_no_pcaps),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
