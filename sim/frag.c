/* IPv4 fragmentation on output and reassembly before local delivery
 * (net/ipv4/ip_output.c ip_do_fragment(), ip_fragment.c).  A ping larger
 * than the MTU leaves without DF (IP_PMTUDISC_WANT) in MTU-sized pieces whose
 * payloads are multiples of 8 bytes; the receiver puts them back together. */
#include <string.h>

#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/sim.h"

typedef struct {
  uint32_t saddr, daddr;
  uint16_t id;
  uint8_t proto;
  uint8_t *data;       /* payload bytes, by offset */
  uint8_t *have;       /* one flag per 8-byte block */
  size_t total;        /* payload length once the last fragment came, else 0 */
  uint8_t hdr[IPV4_HDR_LEN]; /* the first fragment's header */
  bool have_first;
  uint64_t born;       /* when its first fragment arrived */
} frag_queue;

#define FRAG_MAX 65535
/* net.ipv4.ipfrag_high_thresh (4 MiB) over what one queue here costs (the
 * 64 KiB payload buffer and its block flags): past it, inet_frag_find()
 * refuses new queues and the fragment is dropped (IpReasmFails). */
#define FRAG_QUEUES_MAX (4194304 / (FRAG_MAX + FRAG_MAX / 8 + 1))
/* net.ipv4.ipfrag_time: a queue not completed in 30 s is given up
 * (ip_expire()).  Here it goes when the next fragment arrives after that,
 * without the kernel's Time Exceeded (reassembly) to the sender. */
#define FRAG_TIME_NS (30ULL * 1000000000ULL)

void sim_frag_output(sim_iface *dev, uint32_t nexthop, uint8_t *pkt, size_t len,
                     void (*out)(sim_iface *, uint32_t, const uint8_t *, size_t)) {
  size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
  size_t room = ((dev->mtu - ihl) / 8) * 8;
  uint16_t frag = inet_get16(pkt + 6);
  size_t base = (size_t)(frag & IPV4_OFFSET_MASK) * 8;
  uint8_t piece[65536];
  for (size_t off = 0; off < len - ihl; off += room) {
    size_t n = len - ihl - off < room ? len - ihl - off : room;
    bool last = off + n >= len - ihl;
    memcpy(piece, pkt, ihl);
    memcpy(piece + ihl, pkt + ihl + off, n);
    uint16_t f = (uint16_t)(((base + off) / 8) | (last ? (frag & IPV4_FLAG_MF) : IPV4_FLAG_MF));
    inet_put16(piece + 2, (uint16_t)(ihl + n));
    inet_put16(piece + 6, f);
    inet_put16(piece + 10, 0);
    inet_put16(piece + 10, inet_cksum(piece, ihl));
    out(dev, nexthop, piece, ihl + n);
  }
}

static void frag_queue_free(gpointer p) {
  frag_queue *q = p;
  g_free(q->data);
  g_free(q->have);
  g_free(q);
}

static frag_queue *frag_queue_get(sim_netns *ns, const ipv4_hdr *h) {
  if (!ns->frags) ns->frags = g_ptr_array_new_with_free_func(frag_queue_free);
  uint64_t now = ns->w->now;
  for (guint i = 0; i < ns->frags->len;) {
    frag_queue *q = g_ptr_array_index(ns->frags, i);
    if (now - q->born > FRAG_TIME_NS) {
      g_ptr_array_remove_index(ns->frags, i);
      continue;
    }
    if (q->saddr == h->saddr && q->daddr == h->daddr && q->id == h->id && q->proto == h->proto)
      return q;
    i++;
  }
  if (ns->frags->len >= FRAG_QUEUES_MAX) return NULL;
  frag_queue *q = g_new0(frag_queue, 1);
  q->born = now;
  q->saddr = h->saddr, q->daddr = h->daddr, q->id = h->id, q->proto = h->proto;
  q->data = g_malloc0(FRAG_MAX);
  q->have = g_malloc0(FRAG_MAX / 8 + 1);
  g_ptr_array_add(ns->frags, q);
  return q;
}

static bool frag_queue_complete(const frag_queue *q) {
  if (!q->total || !q->have_first) return false;
  for (size_t b = 0; b < (q->total + 7) / 8; b++)
    if (!q->have[b]) return false;
  return true;
}

/* Takes a fragment; when it completes a datagram, writes it to out and
 * returns its length, else 0. */
size_t sim_frag_reassemble(sim_netns *ns, const uint8_t *pkt, const ipv4_hdr *h, uint8_t *out) {
  size_t off = (size_t)(h->frag & IPV4_OFFSET_MASK) * 8, n = h->tot_len - h->ihl;
  frag_queue *q = off + n + IPV4_HDR_LEN > FRAG_MAX ? NULL : frag_queue_get(ns, h);
  if (!q) {
    ns->cnt.drops[SIM_DROP_REASM]++;
    return 0;
  }
  memcpy(q->data + off, pkt + h->ihl, n);
  for (size_t b = off / 8; b < (off + n + 7) / 8; b++) q->have[b] = 1;
  if (!(h->frag & IPV4_FLAG_MF)) q->total = off + n;
  if (off == 0) {
    memcpy(q->hdr, pkt, IPV4_HDR_LEN);
    q->have_first = true;
  }
  if (!frag_queue_complete(q)) return 0;
  size_t len = IPV4_HDR_LEN + q->total;
  memcpy(out, q->hdr, IPV4_HDR_LEN);
  out[0] = 0x45;
  memcpy(out + IPV4_HDR_LEN, q->data, q->total);
  inet_put16(out + 2, (uint16_t)len);
  inet_put16(out + 6, 0);
  inet_put16(out + 10, 0);
  inet_put16(out + 10, inet_cksum(out, IPV4_HDR_LEN));
  g_ptr_array_remove(ns->frags, q);
  return len;
}
