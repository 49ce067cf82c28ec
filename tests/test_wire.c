/* The ring of frames in flight (sim/wire.c): first in, first out across
 * wraps and growths, and the oldest frame intact while new ones are
 * written -- as when a delivered frame makes the next hop send. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sim/wire.h"

/* Frame i: its length varies, every byte says which frame it is. */
static size_t frame_len(unsigned i) { return 42 + (i * 37) % 1500; }

static void wire_put(sim_wire *q, unsigned i) {
  uint8_t *f = sim_wire_reserve(q, frame_len(i));
  memset(f, (int)(i & 0xff), frame_len(i));
  sim_wire_rec *r = sim_wire_commit(q);
  r->seq = i;
}

static void wire_check(const sim_wire_rec *r, unsigned i) {
  assert_non_null(r);
  assert_int_equal(r->seq, i);
  assert_int_equal(r->len, frame_len(i));
  const uint8_t *f = (const uint8_t *)(r + 1);
  for (size_t k = 0; k < r->len; k++) assert_int_equal(f[k], i & 0xff);
}

/* A steady stream: the ring wraps many times at a fixed depth. */
static void test_wire_fifo_wraps(void **state) {
  (void)state;
  sim_wire q;
  sim_wire_init(&q);
  unsigned next_in = 0, next_out = 0;
  for (int round = 0; round < 5000; round++) {
    while (next_in - next_out < 30) wire_put(&q, next_in++);
    wire_check(sim_wire_head(&q), next_out);
    if (q.count > 1) assert_int_equal(sim_wire_second(&q)->seq, next_out + 1);
    sim_wire_pop(&q);
    next_out++;
  }
  assert_int_equal(q.count, next_in - next_out);
  sim_wire_free(&q);
}

/* Delivering the oldest frame sends many more, growing the ring twice:
 * the frame being delivered stays readable, and the order holds. */
static void test_wire_grows_under_delivery(void **state) {
  (void)state;
  sim_wire q;
  sim_wire_init(&q);
  unsigned next_in = 0, next_out = 0;
  for (int i = 0; i < 10; i++) wire_put(&q, next_in++);
  const sim_wire_rec *held = sim_wire_head(&q);
  size_t cap = q.cap;
  while (q.cap < 4 * cap) wire_put(&q, next_in++);
  wire_check(held, 0);
  sim_wire_pop(&q);
  for (next_out = 1; next_out < next_in; next_out++) {
    wire_check(sim_wire_head(&q), next_out);
    sim_wire_pop(&q);
  }
  assert_null(sim_wire_head(&q));
  sim_wire_free(&q);
}

/* A frame larger than the whole ring. */
static void test_wire_big_frame(void **state) {
  (void)state;
  sim_wire q;
  sim_wire_init(&q);
  wire_put(&q, 1);
  uint8_t *f = sim_wire_reserve(&q, 65550);
  memset(f, 0xab, 65550);
  sim_wire_commit(&q)->seq = 2;
  wire_check(sim_wire_head(&q), 1);
  sim_wire_pop(&q);
  const sim_wire_rec *r = sim_wire_head(&q);
  assert_int_equal(r->len, 65550);
  assert_int_equal(((const uint8_t *)(r + 1))[65549], 0xab);
  sim_wire_pop(&q);
  sim_wire_free(&q);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_wire_fifo_wraps),
      cmocka_unit_test(test_wire_grows_under_delivery),
      cmocka_unit_test(test_wire_big_frame),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
