/* The frame journal (sim/world.h sim_world_journal_enable): one record per
 * frame that crossed a pair, in the order they crossed, each with what its
 * sender's ARP was and what its receiver did with it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sim/world.h"
#include "tests/fixture.h"

#define S 1000000000ULL

static fx_world *router(int forwarding) {
  fx_world *f = fx_new();
  fx_veth(f, "ns1", "ns1-veth0", "router", "gw-veth0");
  fx_veth(f, "ns2", "ns2-veth0", "router", "gw-veth1");
  fx_addr_up(f, "ns1", "ns1-veth0", "192.0.2.1/24");
  fx_addr_up(f, "router", "gw-veth0", "192.0.2.254/24");
  fx_addr_up(f, "router", "gw-veth1", "198.51.100.254/24");
  fx_addr_up(f, "ns2", "ns2-veth0", "198.51.100.1/24");
  fx_route(f, "ns1", "0.0.0.0/0", "192.0.2.254");
  fx_route(f, "ns2", "0.0.0.0/0", "198.51.100.254");
  fx_forwarding(f, "router", forwarding);
  return f;
}

static void ping_once(fx_world *f) {
  nsp_probe *p = fx_ping(f, "ns1", "198.51.100.1", 64);
  nsp_probe_event ev;
  f->be->ops->probe_wait(p, fx_now(f) + 2 * S, &ev);
  f->be->ops->probe_close(p);
  fx_run(f, S / 10);
}

static const sim_trace_event *find(const sim_frame_rec *r, sim_trace_kind k) {
  for (guint i = 0; i < r->events->len; i++)
    if (g_array_index(r->events, sim_trace_event, i).kind == k)
      return &g_array_index(r->events, sim_trace_event, i);
  return NULL;
}

static void test_journal_off_records_nothing(void **state) {
  (void)state;
  fx_world *f = router(1);
  ping_once(f);
  size_t n = 1;
  assert_null(sim_world_journal_take(f->w, &n));
  assert_int_equal(n, 0);
  fx_free(f);
}

/* Every frame the wire carried, in order, with its place; the first ARP
 * request says it is 1 of 3 and that the router answered and learnt ns1
 * as STALE; the echo request across the router is forwarded 64 -> 63. */
static void test_journal_every_frame_and_its_account(void **state) {
  (void)state;
  fx_world *f = router(1);
  sim_world_journal_enable(f->w, true);
  ping_once(f);
  size_t n;
  sim_frame_rec *r = sim_world_journal_take(f->w, &n);
  assert_int_equal(n, f->frames->len);
  for (size_t i = 0; i < n; i++) {
    const fx_frame *x = &g_array_index(f->frames, fx_frame, i);
    char link[40];
    g_snprintf(link, sizeof link, "%s--%s", r[i].end_name[0], r[i].end_name[1]);
    assert_string_equal(link, x->link);
    assert_int_equal(r[i].len, x->len);
    assert_memory_equal(r[i].data, x->data, x->len);
    assert_int_equal(r[i].at_ns, x->at);
    assert_true(r[i].received);
  }
  assert_string_equal(r[0].end_ns[0], "ns1");
  assert_string_equal(r[0].end_ns[1], "router");
  assert_int_equal(r[0].from, 0);
  const sim_trace_event *sol = find(&r[0], SIM_TRACE_ARP_SOLICIT);
  assert_non_null(sol);
  assert_int_equal(sol->probe, 1);
  assert_int_equal(sol->probes, 3);
  assert_false(sol->unicast);
  assert_int_equal(sol->dst, fx_ip("192.0.2.254"));
  const sim_trace_event *in = find(&r[0], SIM_TRACE_ARP_IN);
  assert_non_null(in);
  assert_string_equal(in->ns, "router");
  assert_true(in->answered);
  assert_int_equal(in->nud, NSP_NUD_STALE);
  /* the first echo request on ns1's link: forwarded by the router */
  const sim_trace_event *fw = NULL;
  for (size_t i = 0; i < n && !fw; i++)
    if (strcmp(r[i].end_name[0], "ns1-veth0") == 0) fw = find(&r[i], SIM_TRACE_FORWARD);
  assert_non_null(fw);
  assert_string_equal(fw->ns, "router");
  assert_string_equal(fw->dev, "gw-veth0");
  assert_string_equal(fw->dev_out, "gw-veth1");
  assert_int_equal(fw->ttl, 64);
  assert_int_equal(fw->ttl_after, 63);
  sim_frame_recs_free(r, n);
  fx_free(f);
}

/* Forwarding off: the dropped echo request carries its drop; --explain's
 * own events are kept all the same, and stopping either leaves the other. */
static void test_journal_drop_beside_explain(void **state) {
  (void)state;
  fx_world *f = router(0);
  sim_world_trace_enable(f->w, true);
  sim_world_journal_enable(f->w, true);
  ping_once(f);
  size_t n, ne;
  sim_frame_rec *r = sim_world_journal_take(f->w, &n);
  sim_trace_event *ev = sim_world_trace_take(f->w, &ne);
  assert_non_null(ev);
  const sim_trace_event *drop = NULL;
  for (size_t i = 0; i < n && !drop; i++) drop = find(&r[i], SIM_TRACE_DROP);
  assert_non_null(drop);
  assert_string_equal(drop->ns, "router");
  assert_int_equal(drop->reason, SIM_DROP_FORWARD_OFF);
  assert_string_equal(drop->counter, "IpInAddrErrors");
  for (size_t i = 0; i < ne; i++) /* the journal's own kinds stay out of --explain's */
    assert_true(ev[i].kind != SIM_TRACE_ARP_SOLICIT && ev[i].kind != SIM_TRACE_ARP_IN);
  g_free(ev);
  sim_frame_recs_free(r, n);
  sim_world_trace_enable(f->w, false);
  ping_once(f);
  r = sim_world_journal_take(f->w, &n);
  assert_true(n > 0);
  sim_frame_recs_free(r, n);
  sim_world_journal_enable(f->w, false);
  sim_world_trace_enable(f->w, true);
  ping_once(f);
  ev = sim_world_trace_take(f->w, &ne);
  assert_true(ne > 0);
  assert_null(sim_world_journal_take(f->w, &n));
  g_free(ev);
  fx_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_journal_off_records_nothing),
      cmocka_unit_test(test_journal_every_frame_and_its_account),
      cmocka_unit_test(test_journal_drop_beside_explain),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
