#include "sim/wire.h"

#include <glib.h>
#include <string.h>

#define WIRE_MIN_CAP (64 * 1024)

static size_t wire_align(size_t n) { return (n + 7) & ~(size_t)7; }

void sim_wire_init(sim_wire *q) {
  memset(q, 0, sizeof *q);
  q->reserved = SIZE_MAX;
}

void sim_wire_free(sim_wire *q) {
  g_free(q->buf);
  g_free(q->retired);
  sim_wire_init(q);
}

/* Copies the records, oldest first, to the start of a larger buffer. */
static void wire_grow(sim_wire *q, size_t need) {
  size_t cap = q->cap ? 2 * q->cap : WIRE_MIN_CAP;
  while (cap < 2 * need) cap *= 2;
  uint8_t *buf = g_malloc(cap);
  size_t used = 0, off = q->head;
  for (size_t i = 0; i < q->count; i++) {
    off = sim_wire_skip_wrap(q, off);
    const sim_wire_rec *r = sim_wire_at(q, off);
    memcpy(buf + used, r, r->size);
    used += r->size;
    off += r->size;
  }
  /* a record being delivered lives on in the first old buffer until it is
   * popped; a buffer between two growths holds nothing anyone points to */
  if (q->retired) g_free(q->buf);
  else q->retired = q->buf;
  q->buf = buf;
  q->cap = cap;
  q->head = 0;
  q->tail = used;
}

/* Where `need` contiguous bytes fit, or SIZE_MAX. */
static size_t wire_room(sim_wire *q, size_t need) {
  if (!q->buf) return SIZE_MAX;
  if (q->count == 0) q->head = q->tail = 0;
  /* the tail never catches up with the head: tail == head means empty */
  if (q->tail >= q->head) {
    if (q->cap - q->tail >= need) return q->tail;
    if (need < q->head) {
      if (q->tail < q->cap) sim_wire_at(q, q->tail)->size = 0; /* wrap mark */
      return 0;
    }
    return SIZE_MAX;
  }
  return q->head - q->tail > need ? q->tail : SIZE_MAX;
}

uint8_t *sim_wire_reserve_room(sim_wire *q, size_t len) {
  size_t need = wire_align(sizeof(sim_wire_rec) + len);
  size_t at = wire_room(q, need);
  if (at == SIZE_MAX) {
    wire_grow(q, need);
    at = q->tail;
  }
  sim_wire_rec *r = sim_wire_at(q, at);
  r->size = (uint32_t)need;
  r->len = (uint32_t)len;
  q->reserved = at;
  return (uint8_t *)(r + 1);
}

const sim_wire_rec *sim_wire_second(sim_wire *q) {
  if (q->count < 2) return NULL;
  const sim_wire_rec *h = sim_wire_head(q);
  return sim_wire_at(q, sim_wire_skip_wrap(q, q->head + h->size));
}

void sim_wire_retire(sim_wire *q) {
  g_free(q->retired);
  q->retired = NULL;
}
