/* The trace recorder (sim/trace.h) and the probe log (core/probe_log.h)
 * as a library user sees them: the hops of a ping and where it ended. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/probe_log.h"
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

static void ping_once(fx_world *f, const char *dst, uint8_t ttl) {
  nsp_probe *p = fx_ping(f, "ns1", dst, ttl);
  nsp_probe_event ev;
  f->be->ops->probe_wait(p, fx_now(f) + 5 * S, &ev);
  f->be->ops->probe_close(p);
}

static const sim_trace_event *find(const sim_trace_event *ev, size_t n, sim_trace_kind k,
                                   sim_trace_packet p, const char *ns) {
  for (size_t i = 0; i < n; i++)
    if (ev[i].kind == k && ev[i].packet == p && strcmp(ev[i].ns, ns) == 0) return &ev[i];
  return NULL;
}

static void test_trace_off_records_nothing(void **state) {
  (void)state;
  fx_world *f = router(1);
  ping_once(f, "198.51.100.1", 64);
  size_t n = 1;
  assert_null(sim_world_trace_take(f->w, &n));
  assert_int_equal(n, 0);
  fx_free(f);
}

/* Forwarded there and back: out of ns1 by the default route, forwarded by
 * the router with the TTL 64 -> 63, delivered in ns2, the reply back. */
static void test_trace_forwarded_round_trip(void **state) {
  (void)state;
  fx_world *f = router(1);
  sim_world_trace_enable(f->w, true);
  ping_once(f, "198.51.100.1", 64);
  size_t n;
  sim_trace_event *ev = sim_world_trace_take(f->w, &n);
  const sim_trace_event *out = find(ev, n, SIM_TRACE_OUT, SIM_TRACE_ECHO_REQUEST, "ns1");
  assert_non_null(out);
  assert_string_equal(out->dev, "ns1-veth0");
  assert_true(out->has_route);
  assert_int_equal(out->rt_plen, 0);
  assert_int_equal(out->rt_gw, fx_ip("192.0.2.254"));
  assert_int_equal(out->ident, 0x1234);
  assert_int_equal(out->seq, 1);
  const sim_trace_event *fw = find(ev, n, SIM_TRACE_FORWARD, SIM_TRACE_ECHO_REQUEST, "router");
  assert_non_null(fw);
  assert_string_equal(fw->dev, "gw-veth0");
  assert_string_equal(fw->dev_out, "gw-veth1");
  assert_int_equal(fw->ttl, 64);
  assert_int_equal(fw->ttl_after, 63);
  assert_int_equal(fw->rt_dst, fx_ip("198.51.100.0"));
  assert_int_equal(fw->rt_plen, 24);
  assert_non_null(find(ev, n, SIM_TRACE_ARP_WAIT, SIM_TRACE_ECHO_REQUEST, "router"));
  assert_non_null(find(ev, n, SIM_TRACE_ARP_DONE, SIM_TRACE_ECHO_REQUEST, "router"));
  assert_non_null(find(ev, n, SIM_TRACE_DELIVER, SIM_TRACE_ECHO_REQUEST, "ns2"));
  assert_non_null(find(ev, n, SIM_TRACE_DELIVER, SIM_TRACE_ECHO_REPLY, "ns1"));
  assert_null(find(ev, n, SIM_TRACE_DROP, SIM_TRACE_ECHO_REQUEST, "router"));
  g_free(ev);
  fx_free(f);
}

/* Forwarding off: dropped in the router, counted as IpInAddrErrors. */
static void test_trace_forwarding_off(void **state) {
  (void)state;
  fx_world *f = router(0);
  sim_world_trace_enable(f->w, true);
  ping_once(f, "198.51.100.1", 64);
  size_t n;
  sim_trace_event *ev = sim_world_trace_take(f->w, &n);
  const sim_trace_event *d = find(ev, n, SIM_TRACE_DROP, SIM_TRACE_ECHO_REQUEST, "router");
  assert_non_null(d);
  assert_int_equal(d->reason, SIM_DROP_FORWARD_OFF);
  assert_string_equal(d->counter, "IpInAddrErrors");
  assert_string_equal(d->dev, "gw-veth0");
  assert_non_null(strstr(d->detail, "forwarding is off on gw-veth0"));
  assert_null(find(ev, n, SIM_TRACE_IN, SIM_TRACE_ECHO_REQUEST, "ns2"));
  g_free(ev);
  /* taken: nothing is left */
  assert_null(sim_world_trace_take(f->w, &n));
  fx_free(f);
}

/* TTL 1: dropped in the router (IpInHdrErrors); the Time Exceeded it
 * sends back is followed too, as an error about the same sequence. */
static void test_trace_ttl_expired(void **state) {
  (void)state;
  fx_world *f = router(1);
  sim_world_trace_enable(f->w, true);
  ping_once(f, "198.51.100.1", 1);
  size_t n;
  sim_trace_event *ev = sim_world_trace_take(f->w, &n);
  const sim_trace_event *d = find(ev, n, SIM_TRACE_DROP, SIM_TRACE_ECHO_REQUEST, "router");
  assert_non_null(d);
  assert_int_equal(d->reason, SIM_DROP_TTL);
  assert_string_equal(d->counter, "IpInHdrErrors");
  const sim_trace_event *e = find(ev, n, SIM_TRACE_DELIVER, SIM_TRACE_ICMP_ERROR, "ns1");
  assert_non_null(e);
  assert_int_equal(e->icmp_type, 11);
  assert_int_equal(e->src, fx_ip("192.0.2.254"));
  assert_int_equal(e->seq, 1);
  g_free(ev);
  fx_free(f);
}

/* The probe log over the simulation: what a ping sent and got back. */
static void test_probe_log_records(void **state) {
  (void)state;
  fx_world *f = router(1);
  nsp_probe_log *log = nsp_probe_log_new(f->be);
  nsp_backend *be = nsp_probe_log_backend(log);
  nsp_status st = {0};
  nsp_probe_cfg cfg = {.dst = fx_ip("198.51.100.1"), .ttl = 64, .ident = 7};
  nsp_probe *p = be->ops->probe_open(be, "ns1", &cfg, &st);
  uint32_t src = 0;
  assert_true(be->ops->probe_connect(p, &src, &st));
  for (uint16_t seq = 1; seq <= 2; seq++) {
    nsp_probe_event ev;
    assert_true(be->ops->probe_send(p, seq, 56, &st));
    be->ops->probe_wait(p, be->ops->clock_now(be) + S, &ev);
  }
  be->ops->probe_close(p);
  GPtrArray *recs = nsp_probe_log_take(log);
  assert_int_equal(recs->len, 1);
  const nsp_probe_record *r = g_ptr_array_index(recs, 0);
  unsigned tx, rx, errs;
  nsp_probe_record_counts(r, &tx, &rx, &errs);
  assert_int_equal(tx, 2);
  assert_int_equal(rx, 2);
  assert_int_equal(errs, 0);
  assert_string_equal(r->ns, "ns1");
  assert_int_equal(r->cfg.src, fx_ip("192.0.2.1"));
  assert_int_equal(g_array_index(r->events, nsp_probe_event, 0).ttl, 63);
  g_ptr_array_unref(recs);
  nsp_probe_log_free(log);
  fx_free(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_trace_off_records_nothing),
      cmocka_unit_test(test_trace_forwarded_round_trip),
      cmocka_unit_test(test_trace_forwarding_off),
      cmocka_unit_test(test_trace_ttl_expired),
      cmocka_unit_test(test_probe_log_records),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
