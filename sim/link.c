/* The wire between two veth ends, and its capture.  A frame crosses only when
 * both ends are up (veth_xmit() drops toward a peer that is down; a device
 * without carrier has the noop qdisc), so the capture holds exactly the
 * frames that crossed, in both directions, as tcpdump on either end would.
 *
 * Every wire of a world has the same delay (link_delay_ns, fixed at the
 * world's birth), so frames arrive in the order they were sent, whatever
 * link they cross: one FIFO of frames in flight (wire.h), whose head the
 * world's run loop treats as one more timer, does the work of a timer per
 * frame.  Each frame keeps the place among
 * timers due at the same instant that a timer of its own, armed when it was
 * sent, would have had -- runs stay identical. */
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>

#include "proto/ether.h"
#include "sim/sim.h"
#include "sim/trace_hooks.h"

static void link_capture(sim_world *w, sim_link *l, uint64_t now, const uint8_t *frame,
                         size_t len);
static void link_dump(sim_link *l, uint64_t now, const uint8_t *frame, size_t len);

/* The wire's "timer" (world.c runs it in turn): the oldest frame arrives. */
void sim_link_wire_deliver(sim_timer *t, void *ctx) {
  sim_world *w = ctx;
  sim_wire_rec *f = sim_wire_head(&w->wire);
  sim_iface *to = f->link->end[f->to_end];
  bool up = to && to->ns && to->up;
  sim_journal_deliver(w, true, up);
  /* toward the first-named end: captured as it is received there (see
   * sim_link_xmit()) */
  if (up && f->to_end == 0 && sim_link_frame_captured((const uint8_t *)(f + 1), f->len))
    link_dump(f->link, w->now, (const uint8_t *)(f + 1), f->len);
  if (up) sim_ether_input(to, (const uint8_t *)(f + 1), f->len);
  sim_journal_deliver(w, false, up);
  sim_wire_pop(&w->wire);
}

static void link_capture(sim_world *w, sim_link *l, uint64_t now, const uint8_t *frame,
                         size_t len) {
  if (!sim_link_frame_captured(frame, len)) return;
  l->frames++;
  if (w->tap) {
    char name[2 * NSP_IFNAMSIZ + 2];
    g_snprintf(name, sizeof name, "%s--%s", l->a_name, l->b_name);
    w->tap(w->tap_ctx, name, now, frame, len);
  }
}

/* The pair's pcap file */
static void link_dump(sim_link *l, uint64_t now, const uint8_t *frame, size_t len) {
  if (!l->dumper) return;
  struct pcap_pkthdr h;
  memset(&h, 0, sizeof h);
  h.ts.tv_sec = (time_t)(now / 1000000000ULL);
  h.ts.tv_usec = (suseconds_t)((now % 1000000000ULL) / 1000);
  h.caplen = h.len = (bpf_u_int32)len;
  pcap_dump((u_char *)l->dumper, &h, frame);
}

uint8_t *sim_link_frame_new(sim_iface *dev, size_t len) {
  if (!sim_iface_carrier(dev)) {
    dev->ns->cnt.drops[SIM_DROP_NO_CARRIER]++;
    /* traced by the caller, which still has the packet (sim_ether_output) */
    return NULL;
  }
  return sim_wire_reserve(&dev->ns->w->wire, len);
}

void sim_link_xmit(sim_iface *dev) {
  sim_world *w = dev->ns->w;
  sim_link *l = dev->link;
  sim_wire_rec *f = sim_wire_commit(&w->wire);
  f->link = l;
  f->to_end = l->end[0] == dev;
  f->expires = w->now + w->link_delay_ns;
  f->seq = sim_timerq_next_seq(&w->timers);
  sim_tap(dev, (const uint8_t *)(f + 1), f->len);
  /* A pair's capture is tcpdump on its first-named end (tests/tools/record):
   * what that end sends is seen as it leaves, what it receives as the
   * receive path takes it -- after whatever that end sent meanwhile, e.g.
   * the ARP a host sends on a redirect before the router's own ARP
   * broadcast, flooded by the bridge, reaches it (95-redirect-honoured).
   * The tap (tests, --pcapng) and the frame count still see every frame
   * as it is sent. */
  link_capture(w, l, w->now, (const uint8_t *)(f + 1), f->len);
  if (dev == l->end[0] && sim_link_frame_captured((const uint8_t *)(f + 1), f->len))
    link_dump(l, w->now, (const uint8_t *)(f + 1), f->len);
  sim_journal_xmit(w, l, dev, (const uint8_t *)(f + 1), f->len);
}

#define LINK_PCAP_BUF (16 * 1024)

/* One capture file per pair, "A--B.pcap", written by libpcap through a
 * stdio buffer of 16 KiB and without stdio's locks (a world runs on one
 * thread): a frame then costs two copies, and a system call only every
 * hundred frames or so -- glibc's default buffer is one 4 KiB block.  Why
 * not more: with a pcap on every link of a chain the buffers are the
 * working set, and 64 KiB ones (4 MiB for 60 links) leave the caches
 * (bench world: 240-285 ns/hop at 64 KiB, 180-230 at 16 KiB; 8 KiB costs
 * more in write() than it saves). */
void sim_link_open_capture(sim_world *w, sim_link *l) {
  if (!w->pcap_dir) return;
  char *path = g_strdup_printf("%s/%s--%s.pcap", w->pcap_dir, l->a_name, l->b_name);
  FILE *f = fopen(path, "wb");
  int err = errno;
  if (f) {
    l->pcap_buf = g_malloc(LINK_PCAP_BUF);
    setvbuf(f, l->pcap_buf, _IOFBF, LINK_PCAP_BUF);
    __fsetlocking(f, FSETLOCKING_BYCALLER);
    l->pcap = pcap_open_dead(DLT_EN10MB, 65535);
    l->dumper = pcap_dump_fopen(l->pcap, f);
    err = EIO;
    if (!l->dumper) fclose(f);
  }
  if (!l->dumper && !w->capture_error)
    w->capture_error = g_strdup_printf("cannot write %s: %s", path, g_strerror(err));
  if (!l->dumper) sim_link_close(l);
  l->has_file = l->dumper != NULL;
  g_free(path);
}

void sim_link_close(sim_link *l) {
  if (l->dumper) pcap_dump_close(l->dumper); /* flushes and closes the file */
  if (l->pcap) pcap_close(l->pcap);
  g_free(l->pcap_buf);
  l->dumper = NULL;
  l->pcap = NULL;
  l->pcap_buf = NULL;
}
