/* Packet sockets on one interface, as tcpdump opens them (libpcap's
 * PF_PACKET socket bound to the device, a TPACKET_V3 ring, the filter
 * attached to the socket).
 *
 * What it sees: every frame the device sends (dev_queue_xmit_nit(), from
 * dev_hard_start_xmit() -- so nothing of a device without carrier, whose
 * noop qdisc drops first) and every frame it receives (deliver_skb() to
 * ptype_all in __netif_receive_skb_core(), before any rx_handler: a bridge
 * port's capture sees its frames before the bridge takes them).  A
 * promiscuous capture raises the device's promiscuity, which only a bridge
 * device turns into something: it then passes every frame it forwards up
 * to itself (br_handle_frame_finish()), so tcpdump on br0 sees them all.
 *
 * The filter runs on each frame as the kernel runs it (sk_filter() in
 * packet_rcv()): what it refuses is not counted; what it takes counts as
 * "received by filter" (tp_packets) and lands in the ring.
 *
 * When tcpdump sees it: TPACKET_V3 hands the ring over a block at a time.
 * A block is retired -- its frames become readable -- when its timer
 * fires: the timer is armed when the ring is made and re-armed every
 * tp_retire_blk_tov (the capture's timeout: 100 ms for tcpdump printing
 * to a terminal, 1 s with -w) whether frames came or not
 * (prb_retire_rx_blk_timer_expired() in net/packet/af_packet.c), so a
 * frame waits until the next tick of a clock started with the capture.
 * A capture closed before the tick never shows the frames of its open
 * block, though it counted them.  Immediate mode (timeout 0) hands every
 * frame over at once. */
#include <errno.h>
#include <pcap/pcap.h>
#include <string.h>

#include "sim/sim.h"

typedef struct {
  uint64_t ts;
  uint32_t len, caplen;
} cap_rec;

struct sim_capture {
  sim_iface *dev;        /* NULL once the device is gone */
  sim_world *w;
  nsp_capture_cfg cfg;
  struct bpf_program prog;
  GByteArray *ring;      /* cap_rec then caplen bytes, one after another */
  size_t head;           /* offset of the next record to take */
  size_t retired;        /* records before this offset are handed over */
  uint64_t opened;       /* when the ring was made: the block timer's phase */
  sim_timer block_timer;
  uint64_t received;
};

/* The next tick of the block timer after now. */
static uint64_t capture_next_tick(const sim_capture *c, uint64_t now) {
  uint64_t tov = (uint64_t)c->cfg.timeout_ms * 1000000ULL;
  return c->opened + ((now - c->opened) / tov + 1) * tov;
}

static void capture_block_retire(sim_timer *t, void *ctx) {
  sim_capture *c = ctx;
  (void)t;
  c->retired = c->ring->len;
}

static void capture_push(sim_capture *c, uint64_t now, const uint8_t *frame, size_t len) {
  struct pcap_pkthdr h = {.ts = {.tv_sec = (time_t)(now / 1000000000ULL),
                                 .tv_usec = (suseconds_t)(now % 1000000000ULL / 1000)},
                          .caplen = (bpf_u_int32)MIN(len, (size_t)c->cfg.snaplen),
                          .len = (bpf_u_int32)len};
  if (!pcap_offline_filter(&c->prog, &h, frame)) return;
  cap_rec r = {.ts = now, .len = h.len, .caplen = h.caplen};
  if (c->head == c->ring->len) {
    g_byte_array_set_size(c->ring, 0);
    c->head = c->retired = 0;
  }
  g_byte_array_append(c->ring, (const guint8 *)&r, sizeof r);
  g_byte_array_append(c->ring, frame, r.caplen);
  c->received++;
  if (!c->cfg.timeout_ms) c->retired = c->ring->len;
  else if (!sim_timer_pending(&c->block_timer))
    sim_timerq_arm(&c->w->timers, &c->block_timer, capture_next_tick(c, now));
}

void sim_capture_tap(sim_iface *dev, const uint8_t *frame, size_t len) {
  uint64_t now = dev->ns->w->now;
  for (guint i = 0; i < dev->caps->len; i++) capture_push(g_ptr_array_index(dev->caps, i), now, frame, len);
}

sim_capture *sim_capture_open(sim_netns *ns, const nsp_capture_cfg *cfg, nsp_status *st) {
  sim_iface *dev = sim_netns_iface_by_name(ns, cfg->dev);
  if (!dev) {
    /* pcap_activate(): PCAP_ERROR_NO_SUCH_DEVICE; tcpdump's open_interface() */
    nsp_status_set(st, ENODEV, NULL);
    g_snprintf(st->extack, sizeof st->extack, "%s: No such device exists\n(No such device exists)",
               cfg->dev);
    return NULL;
  }
  if (!dev->up) {
    /* iface_bind() turns the packet socket's ENETDOWN into PCAP_ERROR_IFACE_NOT_UP */
    nsp_status_set(st, ENETDOWN, NULL);
    g_snprintf(st->extack, sizeof st->extack, "%s: That device is not up", cfg->dev);
    return NULL;
  }
  sim_capture *c = g_new0(sim_capture, 1);
  pcap_t *dead = pcap_open_dead(DLT_EN10MB, (int)cfg->snaplen);
  if (pcap_compile(dead, &c->prog, cfg->filter ? cfg->filter : "", 1, 0) < 0) {
    nsp_status_set(st, EINVAL, NULL);
    g_strlcpy(st->extack, pcap_geterr(dead), sizeof st->extack);
    pcap_close(dead);
    g_free(c);
    return NULL;
  }
  pcap_close(dead);
  c->dev = dev;
  c->w = ns->w;
  c->cfg = *cfg;
  c->cfg.filter = NULL; /* compiled; the caller's string may go */
  c->ring = g_byte_array_new();
  c->opened = ns->w->now;
  sim_timer_init(&c->block_timer, capture_block_retire, c);
  if (!dev->caps) dev->caps = g_ptr_array_new();
  g_ptr_array_add(dev->caps, c);
  if (cfg->promisc) dev->promisc++;
  return c;
}

bool sim_capture_next(sim_capture *c, nsp_capture_frame *f) {
  if (c->head >= c->retired) return false;
  cap_rec r;
  memcpy(&r, c->ring->data + c->head, sizeof r);
  f->ts_ns = r.ts;
  f->len = r.len;
  f->caplen = r.caplen;
  f->data = c->ring->data + c->head + sizeof r;
  c->head += sizeof r + r.caplen;
  return true;
}

bool sim_capture_ready(const sim_capture *c) { return c->head < c->retired; }

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
  sim_timerq_cancel(&c->w->timers, &c->block_timer);
  pcap_freecode(&c->prog);
  g_byte_array_free(c->ring, TRUE);
  g_free(c);
}

/* The device leaves its namespace or goes: its packet sockets lose it. */
void sim_capture_dev_gone(sim_iface *dev) {
  while (dev->caps && dev->caps->len) capture_detach(g_ptr_array_index(dev->caps, 0));
}
