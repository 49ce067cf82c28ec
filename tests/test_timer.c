/* The timer queue (sim/timer.c): a heap before the horizon and a ring of
 * buckets after it must fire timers in exactly the order one ordered
 * structure would -- (expiry, sequence) -- whatever is armed, re-armed or
 * cancelled, near, far, past the ring or on a bucket's edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sim/timer.h"

#define N_TIMERS 512
#define BUCKET_NS (1ULL << SIM_TIMERQ_SHIFT)

typedef struct {
  sim_timer t[N_TIMERS];
  bool armed[N_TIMERS]; /* the reference: what should be pending */
  uint64_t rng;
} timer_model;

static uint64_t model_rand(timer_model *m) {
  m->rng ^= m->rng << 13;
  m->rng ^= m->rng >> 7;
  m->rng ^= m->rng << 17;
  return m->rng;
}

static void model_fn(sim_timer *t, void *ctx) {
  (void)t;
  (void)ctx;
}

/* The reference's earliest timer: a scan of every armed one. */
static int model_first(const timer_model *m) {
  int best = -1;
  for (int i = 0; i < N_TIMERS; i++)
    if (m->armed[i] && (best < 0 || sim_timer_before(&m->t[i], &m->t[best]))) best = i;
  return best;
}

/* A delay drawn to hit every case: at once, within a bucket, on a bucket's
 * edge, across the ring's far end, past the ring, and the hour of IPv6's
 * router solicitations. */
static uint64_t model_delay(timer_model *m) {
  switch (model_rand(m) % 7) {
  case 0: return 0;
  case 1: return model_rand(m) % 1000;
  case 2: return model_rand(m) % (4 * BUCKET_NS);
  case 3: return (1 + model_rand(m) % 8) * BUCKET_NS - model_rand(m) % 2;
  case 4: return SIM_TIMERQ_BUCKETS * BUCKET_NS - model_rand(m) % (3 * BUCKET_NS);
  case 5: return SIM_TIMERQ_BUCKETS * BUCKET_NS * (1 + model_rand(m) % 3);
  default: return 3600000000000ULL + model_rand(m) % BUCKET_NS;
  }
}

/* Random arms, re-arms (some with a place taken earlier), cancels and pops
 * due timers as the clock moves, each pop checked against the reference. */
static void timer_run_random(uint64_t seed, int steps) {
  timer_model m = {.rng = seed};
  sim_timerq q;
  sim_timerq_init(&q);
  for (int i = 0; i < N_TIMERS; i++) sim_timer_init(&m.t[i], model_fn, &m);
  uint64_t now = 0, early_seq = sim_timerq_next_seq(&q);
  for (int step = 0; step < steps; step++) {
    int i = (int)(model_rand(&m) % N_TIMERS);
    unsigned op = model_rand(&m) % 10;
    if (op < 5) {
      if (op == 0) {
        sim_timerq_arm_seq(&q, &m.t[i], now + model_delay(&m), early_seq);
        early_seq = sim_timerq_next_seq(&q);
      } else sim_timerq_arm(&q, &m.t[i], now + model_delay(&m));
      m.armed[i] = true;
    } else if (op < 7) {
      sim_timerq_cancel(&q, &m.t[i]);
      m.armed[i] = false;
    } else {
      /* the clock goes to the next timer, or a step further */
      int first = model_first(&m);
      sim_timer *peek = sim_timerq_peek(&q);
      assert_ptr_equal(peek, first < 0 ? NULL : &m.t[first]);
      if (first < 0) continue;
      uint64_t to = m.t[first].expires + (op == 9 ? model_rand(&m) % (2 * BUCKET_NS) : 0);
      if (to > now) now = to;
      sim_timer *t;
      while ((t = sim_timerq_pop_due(&q, now))) {
        int want = model_first(&m);
        assert_ptr_equal(t, &m.t[want]);
        assert_false(sim_timer_pending(t));
        m.armed[want] = false;
      }
      int next = model_first(&m);
      if (next >= 0) assert_true(m.t[next].expires > now);
    }
    for (int k = 0; k < N_TIMERS; k += 61) assert_int_equal(sim_timer_pending(&m.t[k]), m.armed[k]);
  }
  sim_timerq_free(&q);
  for (int i = 0; i < N_TIMERS; i++) assert_false(sim_timer_pending(&m.t[i]));
}

static void test_timer_random_orders(void **state) {
  (void)state;
  for (uint64_t seed = 1; seed <= 40; seed++) timer_run_random(seed * 0x9e3779b97f4a7c15ULL, 4000);
}

/* Timers due at one instant fire in the order they were armed, wherever
 * each waited: one armed before the horizon passed the instant's bucket
 * (in the bucket), one after (in the heap). */
static void test_timer_same_instant_in_arming_order(void **state) {
  (void)state;
  sim_timerq q;
  sim_timerq_init(&q);
  sim_timer t[4];
  for (int i = 0; i < 4; i++) sim_timer_init(&t[i], model_fn, NULL);
  uint64_t at = 5 * BUCKET_NS + 7;
  sim_timerq_arm(&q, &t[0], at);
  sim_timerq_arm(&q, &t[1], at - 1);
  assert_ptr_equal(sim_timerq_peek(&q), &t[1]); /* the horizon is past `at` now */
  sim_timerq_arm(&q, &t[2], at);
  sim_timerq_arm(&q, &t[3], 6 * BUCKET_NS); /* the next bucket's first instant */
  sim_timer *want[] = {&t[1], &t[0], &t[2], &t[3]};
  for (int i = 0; i < 4; i++) assert_ptr_equal(sim_timerq_pop_due(&q, at + BUCKET_NS), want[i]);
  assert_null(sim_timerq_pop_due(&q, UINT64_MAX));
  sim_timerq_free(&q);
}

/* Re-arming a bucketed timer moves it; cancelling every timer of a bucket
 * leaves nothing behind for the peek to find. */
static void test_timer_rearm_and_empty_buckets(void **state) {
  (void)state;
  sim_timerq q;
  sim_timerq_init(&q);
  sim_timer t[64];
  for (int i = 0; i < 64; i++) {
    sim_timer_init(&t[i], model_fn, NULL);
    sim_timerq_arm(&q, &t[i], (uint64_t)(10 + i % 4) * BUCKET_NS + (uint64_t)i);
  }
  for (int i = 0; i < 64; i++)
    if (i % 4 != 2) sim_timerq_cancel(&q, &t[i]);
  sim_timerq_arm(&q, &t[6], 3 * BUCKET_NS);
  assert_ptr_equal(sim_timerq_peek(&q), &t[6]);
  assert_ptr_equal(sim_timerq_pop_due(&q, 3 * BUCKET_NS), &t[6]);
  assert_ptr_equal(sim_timerq_peek(&q), &t[2]);
  for (int i = 2; i < 64; i += 4) sim_timerq_cancel(&q, &t[i]);
  assert_null(sim_timerq_peek(&q));
  sim_timerq_free(&q);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_timer_random_orders),
      cmocka_unit_test(test_timer_same_instant_in_arming_order),
      cmocka_unit_test(test_timer_rearm_and_empty_buckets),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
