/* ping's reply accounting (core/cmd_ping.c) against what iputils 20221126
 * prints when replies come twice, come for a sequence number it has not
 * sent yet, or come after the deadline.  The simulation answers the
 * requests; the events it hands to ping then pass through a test double
 * of probe_wait() that repeats, prepends or delays them, as the network
 * or an earlier ping with the same identifier would on the kernel.  The
 * simulation itself is unchanged.
 *
 * The expected summaries are iputils' own: with two pings given one
 * identifier (`ping -e 4242`, twice, the second started while the
 * first's two requests still waited for ARP), the kernel printed
 *   64 bytes from 192.0.2.2: icmp_seq=1 ttl=64 time=2032 ms
 *   64 bytes from 192.0.2.2: icmp_seq=2 ttl=64 time=1024 ms
 *   64 bytes from 192.0.2.2: icmp_seq=1 ttl=64 time=6.52 ms (DUP!)
 *   64 bytes from 192.0.2.2: icmp_seq=2 ttl=64 time=0.059 ms
 *   64 bytes from 192.0.2.2: icmp_seq=3 ttl=64 time=0.053 ms
 *   3 packets transmitted, 4 received, +1 duplicates, -33.3333% packet loss, time 2022ms
 * gather_statistics() counts every reply with its identifier and a clear
 * bit; pinger() clears the bit of each sequence number it sends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "core/scenario.h"
#include "sim/world.h"

#define MS 1000000ULL
#define S 1000000000ULL

typedef enum {
  INJECT_TWICE, /* every reply handed over a second time */
  INJECT_STALE, /* before the first reply: an earlier ping's replies to seq 1 and 2 */
  INJECT_LATE,  /* every event 1.5 s later than the simulation delivers it */
} inject_mode;

#define LATE_NS (1500 * MS)

/* The test double's state: probe_wait() has no backend argument. */
static struct {
  inject_mode mode;
  void (*inner_wait)(nsp_probe *p, uint64_t deadline, nsp_probe_event *ev);
  GQueue queued; /* nsp_probe_event*: handed over before asking the simulation */
  bool stale_done;
} inj;

static void inj_push(const nsp_probe_event *ev) {
  g_queue_push_tail(&inj.queued, g_memdup2(ev, sizeof *ev));
}

static bool inj_pop(nsp_probe_event *ev) {
  nsp_probe_event *e = g_queue_pop_head(&inj.queued);
  if (!e) return false;
  *ev = *e;
  g_free(e);
  return true;
}

/* An earlier ping's replies as the kernel queued them: the same
 * identifier, its own (earlier) send times in the payload. */
static void inj_stale(const nsp_probe_event *own) {
  for (uint16_t seq = 1; seq <= 2; seq++) {
    nsp_probe_event old = *own;
    old.seq = seq;
    old.sent_ns = own->at_ns - (3 - seq) * S;
    inj_push(&old);
  }
  inj_push(own);
}

/* INJECT_LATE: events wait in inj.queued until their (delayed) time. */
static void inj_wait_late(nsp_probe *p, uint64_t deadline, nsp_probe_event *ev) {
  for (;;) {
    nsp_probe_event *head = g_queue_peek_head(&inj.queued);
    uint64_t until = head && head->at_ns < deadline ? head->at_ns : deadline;
    inj.inner_wait(p, until, ev);
    if (ev->kind != NSP_PROBE_NONE) {
      ev->at_ns += LATE_NS;
      inj_push(ev);
      continue;
    }
    if (head && ev->at_ns >= head->at_ns) {
      inj_pop(ev);
      return;
    }
    if (ev->at_ns >= deadline) return;
  }
}

static void inj_wait(nsp_probe *p, uint64_t deadline, nsp_probe_event *ev) {
  if (inj.mode == INJECT_LATE) {
    inj_wait_late(p, deadline, ev);
    return;
  }
  if (inj_pop(ev)) return;
  inj.inner_wait(p, deadline, ev);
  if (ev->kind != NSP_PROBE_REPLY) return;
  if (inj.mode == INJECT_TWICE) {
    inj_push(ev);
  } else if (!inj.stale_done) {
    inj.stale_done = true;
    inj_stale(ev);
    inj_pop(ev);
  }
}

static const char topo[] = "ip netns add ns1\n"
                           "ip netns add ns2\n"
                           "ip link add v1 type veth peer name v2\n"
                           "ip link set v1 netns ns1\n"
                           "ip link set v2 netns ns2\n"
                           "ip -n ns1 address add 192.0.2.1/24 dev v1\n"
                           "ip -n ns2 address add 192.0.2.2/24 dev v2\n"
                           "ip -n ns1 link set v1 up\n"
                           "ip -n ns2 link set v2 up\n";

/* Builds the two namespaces, then runs `line` with probe_wait() doubled;
 * the transcript of that line (g_free). */
static char *ping_with(inject_mode mode, const char *line) {
  sim_world *w = sim_world_new(11);
  nsp_backend *be = sim_world_backend(w);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  nsp_scenario_run_text(be, "topo", topo, sizeof topo - 1, &r);
  assert_int_equal(r.unsupported, 0);
  nsp_scenario_result_clear(&r);
  be->ops->clock_advance(be, 5 * S); /* room for the earlier ping's send times */

  const nsp_backend_ops *sim_ops = be->ops;
  nsp_backend_ops ops = *sim_ops;
  inj.mode = mode;
  inj.inner_wait = sim_ops->probe_wait;
  inj.stale_done = false;
  g_queue_init(&inj.queued);
  ops.probe_wait = inj_wait;
  be->ops = &ops;
  nsp_scenario_result_init(&r);
  nsp_scenario_run_text(be, "ping", line, strlen(line), &r);
  assert_int_equal(r.unsupported, 0);
  char *out = g_strdup(r.transcript->str);
  nsp_scenario_result_clear(&r);
  g_queue_clear_full(&inj.queued, g_free);
  be->ops = sim_ops;
  sim_world_free(w);
  return out;
}

/* The sequence numbers of the reply lines, in order, "D" after a (DUP!). */
static GString *reply_seqs(const char *out) {
  GString *s = g_string_new(NULL);
  char **lines = g_strsplit(out, "\n", -1);
  for (char **l = lines; *l; l++) {
    const char *q = strstr(*l, "icmp_seq=");
    if (!q || !g_str_has_prefix(*l, "64 bytes from 192.0.2.2: ")) continue;
    g_string_append_printf(s, "%s%ld%s", s->len ? " " : "", strtol(q + 9, NULL, 10),
                           strstr(*l, " (DUP!)") ? "D" : "");
  }
  g_strfreev(lines);
  return s;
}

static void assert_has(const char *out, const char *want) {
  if (!strstr(out, want)) fail_msg("no \"%s\" in:\n%s", want, out);
}

/* Each reply twice: the second of each is a duplicate, shown and counted
 * apart; the run ends on the third reply (nreceived reaches -c). */
static void test_every_reply_twice(void **state) {
  (void)state;
  char *out = ping_with(INJECT_TWICE, "ip netns exec ns1 ping -c 3 192.0.2.2\n");
  GString *seqs = reply_seqs(out);
  assert_string_equal(seqs->str, "1 1D 2 2D 3");
  assert_has(out, "\n3 packets transmitted, 3 received, +2 duplicates, 0% packet loss, time ");
  assert_has(out, "\nrtt min/avg/max/mdev = ");
  g_string_free(seqs, TRUE);
  g_free(out);
}

/* An earlier ping's replies to seq 1 and 2 (one identifier for both, as
 * `ping -e`): counted like iputils counts them, the own reply to seq 1
 * becomes the duplicate, and seq 2's bit is cleared again when it is sent. */
static void test_earlier_ping_same_ident(void **state) {
  (void)state;
  char *out = ping_with(INJECT_STALE, "ip netns exec ns1 ping -c 4 192.0.2.2\n");
  GString *seqs = reply_seqs(out);
  assert_string_equal(seqs->str, "1 2 1D 2 3");
  assert_has(out, "icmp_seq=1 ttl=64 time=2000 ms\n");
  assert_has(out, "icmp_seq=2 ttl=64 time=1000 ms\n");
  assert_has(out, "\n3 packets transmitted, 4 received, +1 duplicates, -33.3333% packet loss, "
                  "time 2");
  g_string_free(seqs, TRUE);
  g_free(out);
}

/* Replies 1.5 s late: seq 1's comes before the alarm (-W 1 after the last
 * send, nothing received then), seq 2's after it and is never read. */
static void test_late_after_deadline(void **state) {
  (void)state;
  char *out = ping_with(INJECT_LATE, "ip netns exec ns1 ping -c 2 -W 1 192.0.2.2\n");
  GString *seqs = reply_seqs(out);
  assert_string_equal(seqs->str, "1");
  assert_has(out, "icmp_seq=1 ttl=64 time=1500 ms\n");
  assert_has(out, "\n2 packets transmitted, 1 received, 50% packet loss, time 1000ms\n");
  g_string_free(seqs, TRUE);
  g_free(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_reply_twice),
      cmocka_unit_test(test_earlier_ping_same_ident),
      cmocka_unit_test(test_late_after_deadline),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
