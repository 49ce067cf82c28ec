/* Packet sockets on one interface, as tcpdump opens them (libpcap's
 * PF_PACKET socket bound to the device): every frame the device sends
 * (dev_queue_xmit_nit(), called from dev_hard_start_xmit() -- so nothing
 * of a device without carrier, whose noop qdisc drops first) and every
 * frame it receives (deliver_skb() to ptype_all in __netif_receive_skb_core(),
 * before any rx_handler: a bridge port's capture sees its frames before
 * the bridge takes them).  A promiscuous capture raises the device's
 * promiscuity (dev_set_promiscuity()), which only a bridge device turns
 * into something: it then passes every frame it forwards up to itself
 * (br_handle_frame_finish()), so tcpdump on br0 sees them all.
 *
 * The frames wait in a queue of the capture until tcpdump takes them; the
 * queue is the socket's ring, and grows as the ring would not (nothing is
 * dropped: "0 packets dropped by kernel"). */
#include <errno.h>
#include <string.h>

#include "sim/sim.h"

typedef struct {
  uint64_t ts;
  uint32_t len, caplen;
} cap_rec;

struct sim_capture {
  sim_iface *dev;        /* NULL once the device is gone */
  nsp_capture_cfg cfg;
  GByteArray *ring;      /* cap_rec then caplen bytes, one after another */
  size_t head;           /* offset of the next record to take */
  uint64_t received;
};

static void capture_push(sim_capture *c, uint64_t now, const uint8_t *frame, size_t len) {
  cap_rec r = {.ts = now, .len = (uint32_t)len,
               .caplen = (uint32_t)MIN(len, (size_t)c->cfg.snaplen)};
  if (c->head == c->ring->len) {
    g_byte_array_set_size(c->ring, 0);
    c->head = 0;
  }
  g_byte_array_append(c->ring, (const guint8 *)&r, sizeof r);
  g_byte_array_append(c->ring, frame, r.caplen);
  c->received++;
}

void sim_capture_tap(sim_iface *dev, const uint8_t *frame, size_t len) {
  uint64_t now = dev->ns->w->now;
  for (guint i = 0; i < dev->caps->len; i++) capture_push(g_ptr_array_index(dev->caps, i), now, frame, len);
}

sim_capture *sim_capture_open(sim_netns *ns, const nsp_capture_cfg *cfg, nsp_status *st) {
  sim_iface *dev = sim_netns_iface_by_name(ns, cfg->dev);
  if (!dev) {
    /* pcap_activate(): PCAP_ERROR_NO_SUCH_DEVICE, tcpdump prints the message */
    nsp_status_set(st, ENODEV, NULL);
    g_snprintf(st->extack, sizeof st->extack, "%s: No such device exists", cfg->dev);
    return NULL;
  }
  if (!dev->up) {
    /* iface_bind() turns the packet socket's ENETDOWN into PCAP_ERROR_IFACE_NOT_UP */
    nsp_status_set(st, ENETDOWN, NULL);
    g_snprintf(st->extack, sizeof st->extack, "%s: That device is not up", cfg->dev);
    return NULL;
  }
  sim_capture *c = g_new0(sim_capture, 1);
  c->dev = dev;
  c->cfg = *cfg;
  c->ring = g_byte_array_new();
  if (!dev->caps) dev->caps = g_ptr_array_new();
  g_ptr_array_add(dev->caps, c);
  if (cfg->promisc) dev->promisc++;
  return c;
}

bool sim_capture_next(sim_capture *c, nsp_capture_frame *f) {
  if (c->head >= c->ring->len) return false;
  cap_rec r;
  memcpy(&r, c->ring->data + c->head, sizeof r);
  f->ts_ns = r.ts;
  f->len = r.len;
  f->caplen = r.caplen;
  f->data = c->ring->data + c->head + sizeof r;
  c->head += sizeof r + r.caplen;
  return true;
}

bool sim_capture_ready(const sim_capture *c) { return c->head < c->ring->len; }

void sim_capture_stats(sim_capture *c, nsp_capture_stats *s) {
  s->received = c->received;
  s->dropped = 0;
}

static void capture_detach(sim_capture *c) {
  if (!c->dev) return;
  g_ptr_array_remove(c->dev->caps, c);
  if (c->cfg.promisc) c->dev->promisc--;
  c->dev = NULL;
}

void sim_capture_close(sim_capture *c) {
  capture_detach(c);
  g_byte_array_free(c->ring, TRUE);
  g_free(c);
}

/* The device leaves its namespace or goes: its packet sockets lose it. */
void sim_capture_dev_gone(sim_iface *dev) {
  while (dev->caps && dev->caps->len) capture_detach(g_ptr_array_index(dev->caps, 0));
}
