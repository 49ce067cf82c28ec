/* Frames arriving on an interface: arbitrary bytes delivered to any veth
 * end of a built world (tests/fuzz/fuzz_wire_worlds.c) -- the textbook's
 * router (forwarding on), the same router with forwarding off, two routers
 * in a row, a router with policy rules, route types of every kind and the
 * ARP and rp_filter sysctls, the textbook's router with sockets open (a
 * TCP listener and a bound UDP socket in ns2 answering as an echo server,
 * a TCP connection and a connected UDP socket from ns1), three hosts on a
 * bridge (frames in on the hosts' ends and on the bridge's ports), and a
 * router doing MASQUERADE and DNAT with echo servers and clients on both
 * sides -- and everything the stack does with them: ARP, replies, ICMP
 * errors, forwarding, bridging, fragments, UDP, TCP, NAT.
 *
 * Input: one byte choosing the world, then records of
 *   [device byte][delay byte][length: 2 bytes big-endian][frame]
 * The device byte picks the veth end (low 5 bits, modulo their number)
 * and three fix-ups that let mutations reach past the first checks: 0x80
 * writes the device's own MAC as the destination, 0x40 makes an IPv4
 * header's total length and checksum right, 0x20 an ICMP checksum.  The
 * delay byte lets 0..2.55 s of virtual time pass before the frame arrives.
 *
 * Asserted: every frame that arrives has a fate (delivered, forwarded,
 * consumed by ARP, taken for reassembly, handed to IPv6, bridged, or
 * dropped with a reason: the namespace's and its bridges' counters say
 * which); every frame put on a wire parses back with a correct IPv4 header
 * checksum; a packet forwarded at once leaves with its TTL one less and
 * nothing else changed but the checksum -- or, through the NAT, nothing
 * but the checksums, addresses and ports, and a TCP or UDP checksum that
 * was right stays right; the virtual clock never runs backwards; a
 * socket's errors come with an errno. */
#include <string.h>

#include "core/scenario.h"
#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/bridge.h"
#include "sim/sim.h"
#include "core/backend.h"
#include "sim/world.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_wire.h"

/* ---- the sockets of WIRE_WORLD_SOCKETS and WIRE_WORLD_NAT -------------- */

#define WIRE_ACCEPTED_MAX 8

/* Servers (a TCP listener, a bound UDP socket: echo servers) in one
 * namespace, a TCP connection and a connected UDP socket toward them from
 * another, to an address and ports that may be translated on the way. */
typedef struct {
  const char *server_ns, *client_ns;
  uint16_t tcp_port, udp_port;  /* the servers' */
  uint32_t to;                  /* what the clients connect to */
  uint16_t to_tcp, to_udp;
} wire_socks_plan;

static const wire_socks_plan wire_plan_router = {"ns2", "ns1", 80, 9999, 0xc6336401u, 80, 9999};
/* through the NAT: in by DNAT to ns1 (203.0.113.254:8080 -> 10.0.0.1:80,
 * :5000 -> :5000), out by MASQUERADE to ns2 */
static const wire_socks_plan wire_plan_dnat = {"ns1", "ns2", 80, 5000, 0xcb0071feu, 8080, 5000};
static const wire_socks_plan wire_plan_masq = {"ns2", "ns1", 12345, 5001, 0xcb007101u, 12345, 5001};

typedef struct {
  nsp_backend *be;
  nsp_sock *listener, *udp_server;
  nsp_sock *tcp_client, *udp_client;
  nsp_sock *accepted[WIRE_ACCEPTED_MAX];
  size_t naccepted;
} wire_socks;

static nsp_sock *wire_sock(nsp_backend *be, const char *ns, nsp_sock_type type) {
  nsp_sock_opts o = {.type = type, .pmtudisc = -1, .tos = -1, .recverr = true, .reuseaddr = true};
  nsp_status st = {0};
  nsp_sock *s = be->ops->sock_open(be, ns, &o, &st);
  FUZZ_ASSERT(s, "socket() in %s: errno %d", ns, st.err);
  return s;
}

static void wire_socks_open(wire_socks *k, nsp_backend *be, const wire_socks_plan *p) {
  const nsp_backend_ops *op = be->ops;
  nsp_status st = {0};
  k->be = be;
  k->listener = wire_sock(be, p->server_ns, NSP_SOCK_TCP);
  FUZZ_ASSERT(op->sock_bind(k->listener, &(nsp_sockaddr){0, p->tcp_port}, &st), "bind tcp");
  FUZZ_ASSERT(op->sock_listen(k->listener, WIRE_ACCEPTED_MAX, &st), "listen");
  k->udp_server = wire_sock(be, p->server_ns, NSP_SOCK_UDP);
  FUZZ_ASSERT(op->sock_bind(k->udp_server, &(nsp_sockaddr){0, p->udp_port}, &st), "bind udp");
  k->tcp_client = wire_sock(be, p->client_ns, NSP_SOCK_TCP);
  op->sock_connect(k->tcp_client, &(nsp_sockaddr){p->to, p->to_tcp}, &st); /* EINPROGRESS */
  k->udp_client = wire_sock(be, p->client_ns, NSP_SOCK_UDP);
  FUZZ_ASSERT(op->sock_connect(k->udp_client, &(nsp_sockaddr){p->to, p->to_udp}, &st),
              "connect udp: errno %d", st.err);
  op->clock_advance(be, 10000000); /* the handshake */
}

/* An errno the calls may give: set, and positive. */
static void wire_sock_err(const char *what, const nsp_status *st) {
  FUZZ_ASSERT(st->err > 0, "%s failed without an errno", what);
}

/* The echo servers answer what came; each client sends one byte
 * (the record's delay byte) when it is odd; errors are drained. */
static void wire_socks_serve(wire_socks *k, unsigned byte) {
  const nsp_backend_ops *op = k->be->ops;
  uint8_t buf[2048];
  nsp_status st = {0};
  nsp_sockaddr peer;
  nsp_sock *c;
  while (k->naccepted < WIRE_ACCEPTED_MAX &&
         (c = op->sock_accept(k->listener, &peer, &st)) != NULL)
    k->accepted[k->naccepted++] = c;
  for (size_t i = 0; i < k->naccepted; i++) {
    st = (nsp_status){0};
    long n = op->sock_recv(k->accepted[i], buf, sizeof buf, NULL, false, &st);
    if (n > 0 && op->sock_send(k->accepted[i], buf, (size_t)n, NULL, &st) < 0)
      wire_sock_err("send on an accepted connection", &st);
    else if (n < 0) wire_sock_err("recv on an accepted connection", &st);
    (void)op->sock_error(k->accepted[i]);
  }
  st = (nsp_status){0};
  long n = op->sock_recv(k->udp_server, buf, sizeof buf, &peer, false, &st);
  if (n >= 0 && op->sock_send(k->udp_server, buf, (size_t)n, &peer, &st) < 0)
    wire_sock_err("sendto from the UDP server", &st);
  nsp_sock *clients[] = {k->tcp_client, k->udp_client, k->udp_server};
  for (size_t i = 0; i < G_N_ELEMENTS(clients); i++) {
    nsp_sock_errq e;
    while (op->sock_recv_err(clients[i], &e))
      FUZZ_ASSERT(e.err > 0, "a queued socket error without an errno");
    st = (nsp_status){0};
    if (i < 2 && (byte & 1)) {
      uint8_t b = (uint8_t)byte;
      if (op->sock_send(clients[i], &b, 1, NULL, &st) < 0) wire_sock_err("send from a client", &st);
    }
    st = (nsp_status){0};
    if (i < 2 && op->sock_recv(clients[i], buf, sizeof buf, NULL, false, &st) < 0)
      wire_sock_err("recv in a client", &st);
  }
}

static void wire_socks_close(wire_socks *k) {
  if (!k->be) return;
  const nsp_backend_ops *op = k->be->ops;
  for (size_t i = 0; i < k->naccepted; i++) op->sock_close(k->accepted[i]);
  op->sock_close(k->listener);
  op->sock_close(k->udp_server);
  op->sock_close(k->tcp_client);
  op->sock_close(k->udp_client);
}

#define WIRE_SENT_MAX 64

typedef struct {
  uint64_t last_ns;
  bool nat;                     /* addresses and ports may be translated */
  bool collect;                 /* keep what leaves while a frame is handled */
  const uint8_t *in;            /* that frame */
  size_t in_len;
  size_t nsent;
  const uint8_t *sent[WIRE_SENT_MAX];
  size_t sent_len[WIRE_SENT_MAX];
} wire_watch;

static void wire_tap(void *ctx, const char *link, uint64_t now, const uint8_t *frame, size_t len) {
  wire_watch *w = ctx;
  FUZZ_ASSERT(now >= w->last_ns, "%s: a frame at %llu ns after one at %llu ns", link,
              (unsigned long long)now, (unsigned long long)w->last_ns);
  w->last_ns = now;
  if (w->collect && len == w->in_len && memcmp(frame, w->in, len) == 0) {
    /* a bridge forwards what came as it came, whatever it carries
     * (br_forward()): an Ethernet frame, not necessarily one our stack
     * would send */
    ether_hdr eh;
    FUZZ_ASSERT(ether_hdr_parse(frame, len, &eh) == PROTO_OK, "%s: a %zu-byte frame", link, len);
  } else {
    fuzz_frame_check(link, frame, len, false);
  }
  if (w->collect && w->nsent < WIRE_SENT_MAX) {
    w->sent[w->nsent] = frame; /* in the wire's ring until the clock moves */
    w->sent_len[w->nsent++] = len;
  }
}

/* What the namespace did with the frames it was given, all fates summed:
 * its stack's and its bridges' (a frame in on a port is the bridge's). */
static uint64_t wire_fates(const sim_netns *ns) {
  const sim_counters *c = &ns->cnt;
  uint64_t n = c->ip_in_delivers + c->ip_forw_datagrams + c->ip_reasm_reqds + c->arp_rcv + c->ip6_rcv;
  for (int i = SIM_DROP_NONE + 1; i < SIM_DROP_MAX; i++) n += c->drops[i];
  for (guint i = 0; i < ns->ifaces->len; i++) {
    const sim_iface *d = g_ptr_array_index(ns->ifaces, i);
    if (d->br)
      for (int f = 0; f < SIM_BR_FATE_MAX; f++) n += d->br->fates[f];
  }
  return n;
}

static void wire_fixup(sim_iface *dev, unsigned how, uint8_t *f, size_t len) {
  if ((how & 0x80) && len >= ETHER_HDR_LEN) memcpy(f, dev->mac.b, ETHER_ADDR_LEN);
  if (len < ETHER_HDR_LEN + IPV4_HDR_LEN || inet_get16(f + 12) != ETHER_TYPE_IPV4) return;
  uint8_t *ip = f + ETHER_HDR_LEN;
  size_t iplen = len - ETHER_HDR_LEN, ihl = (size_t)(ip[0] & 0x0f) * 4;
  if ((how & 0x40) && ihl >= IPV4_HDR_LEN && ihl <= iplen) {
    inet_put16(ip + 2, (uint16_t)(iplen > 65535 ? 65535 : iplen));
    inet_put16(ip + 10, 0);
    inet_put16(ip + 10, inet_cksum(ip, ihl));
  }
  size_t tot = inet_get16(ip + 2);
  if ((how & 0x20) && ihl >= IPV4_HDR_LEN && tot <= iplen && tot >= ihl + ICMP_HDR_LEN) {
    inet_put16(ip + ihl + 2, 0);
    inet_put16(ip + ihl + 2, inet_cksum(ip + ihl, tot - ihl));
  }
}

/* A TCP or UDP packet's checksum is right (UDP's 0: none).  NAT mends the
 * checksum by the difference of what it rewrote (nf_nat_proto.c,
 * inet_proto_csum_replace4()), so a right one stays right. */
static bool wire_l4_sum_ok(const uint8_t *ip, const ipv4_hdr *h) {
  const uint8_t *l4 = ip + h->ihl;
  size_t len = h->tot_len - h->ihl;
  if (h->frag & (IPV4_FLAG_MF | IPV4_OFFSET_MASK)) return false;
  if (h->proto == IPV4_PROTO_UDP && len >= 8 && inet_get16(l4 + 6) == 0) return true;
  if ((h->proto != IPV4_PROTO_UDP || len < 8) && (h->proto != IPV4_PROTO_TCP || len < 20)) return false;
  uint32_t sum = inet_cksum_partial(l4, len, inet_pseudo_sum(h->saddr, h->daddr, h->proto, (uint16_t)len));
  return inet_cksum_finish(sum) == 0;
}

/* Through the NAT a forwarded packet is the one that left with the same
 * identification, protocol and length: its TTL one less, its flags and
 * fragment offset kept, a right TCP or UDP checksum still right. */
static void wire_check_nat(const wire_watch *w, const uint8_t *ip, const ipv4_hdr *h) {
  for (size_t i = 0; i < w->nsent; i++) {
    const uint8_t *o = w->sent[i] + ETHER_HDR_LEN;
    size_t olen = w->sent_len[i] - ETHER_HDR_LEN;
    ipv4_hdr oh;
    if (olen != h->tot_len || inet_get16(w->sent[i] + 12) != ETHER_TYPE_IPV4 ||
        ipv4_hdr_parse(o, olen, &oh) != PROTO_OK || memcmp(o + 4, ip + 4, 4) != 0 || o[9] != ip[9] ||
        oh.ttl != h->ttl - 1)
      continue;
    if (wire_l4_sum_ok(ip, h))
      FUZZ_ASSERT(wire_l4_sum_ok(o, &oh), "protocol %u: a right checksum went wrong through the NAT "
                  "(%08x:%u -> %08x:%u)", h->proto, h->saddr, h->daddr, oh.saddr, oh.daddr);
    return;
  }
}

/* A packet that was forwarded at once left with TTL - 1, the rest as it came. */
static void wire_check_forward(const wire_watch *w, const uint8_t *in, size_t len) {
  ipv4_hdr h;
  if (len < ETHER_HDR_LEN || ipv4_hdr_parse(in + ETHER_HDR_LEN, len - ETHER_HDR_LEN, &h) != PROTO_OK)
    return;
  const uint8_t *ip = in + ETHER_HDR_LEN;
  if (w->nat) {
    wire_check_nat(w, ip, &h);
    return;
  }
  for (size_t i = 0; i < w->nsent; i++) {
    const uint8_t *o = w->sent[i] + ETHER_HDR_LEN;
    size_t olen = w->sent_len[i] - ETHER_HDR_LEN;
    if (olen != h.tot_len || inet_get16(w->sent[i] + 12) != ETHER_TYPE_IPV4) continue;
    if (memcmp(o + 12, ip + 12, 8) != 0 || memcmp(o + 4, ip + 4, 4) != 0) continue;
    FUZZ_ASSERT(o[8] == h.ttl - 1, "forwarded with TTL %u, arrived with %u", o[8], h.ttl);
    FUZZ_ASSERT(memcmp(o, ip, 8) == 0 && o[9] == ip[9] && memcmp(o + 12, ip + 12, olen - 12) == 0,
                "a forwarded packet changed beyond its TTL and checksum");
    return;
  }
}

static sim_iface *wire_device(sim_world *world, unsigned pick) {
  GPtrArray *devs = g_ptr_array_new();
  for (guint i = 0; i < world->netns->len; i++) {
    sim_netns *ns = g_ptr_array_index(world->netns, i);
    for (guint j = 0; j < ns->ifaces->len; j++) {
      sim_iface *d = g_ptr_array_index(ns->ifaces, j);
      if (d->kind == NSP_LINK_VETH) g_ptr_array_add(devs, d);
    }
  }
  sim_iface *d = devs->len ? g_ptr_array_index(devs, pick % devs->len) : NULL;
  g_ptr_array_free(devs, TRUE);
  return d;
}

static void wire_deliver(sim_world *world, wire_watch *w, sim_iface *dev, uint8_t *f, size_t len) {
  sim_netns *ns = dev->ns;
  uint64_t fates = wire_fates(ns), forwarded = ns->cnt.ip_forw_datagrams;
  w->collect = true;
  w->in = f;
  w->in_len = len;
  w->nsent = 0;
  sim_ether_input(dev, f, len);
  w->collect = false;
  FUZZ_ASSERT(wire_fates(ns) > fates, "a %zu-byte frame on %s vanished: no delivery, forward, "
              "ARP, reassembly or drop reason", len, dev->name);
  if (ns->cnt.ip_forw_datagrams > forwarded) wire_check_forward(w, f, len);
  (void)world;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  sim_world *world = sim_world_new(7);
  nsp_backend *be = sim_world_backend(world);
  nsp_scenario_result r;
  nsp_scenario_result_init(&r);
  r.pace_ns = 0;
  unsigned world_no = data[0] % wire_nworlds;
  const char *text = wire_worlds[world_no];
  nsp_scenario_run_text(be, "world.sh", text, strlen(text), &r);
  FUZZ_ASSERT(r.unsupported == 0, "the world did not build: %s", r.diag->str);
  nsp_scenario_result_clear(&r);
  wire_watch w = {.last_ns = be->ops->clock_now(be), .nat = world_no == WIRE_WORLD_NAT};
  volatile int stop = 0;
  sim_world_set_tap(world, wire_tap, &w);
  wire_socks socks = {0}, socks2 = {0};
  if (world_no == WIRE_WORLD_SOCKETS) wire_socks_open(&socks, be, &wire_plan_router);
  if (world_no == WIRE_WORLD_NAT) {
    wire_socks_open(&socks, be, &wire_plan_dnat);
    wire_socks_open(&socks2, be, &wire_plan_masq);
  }
  sim_world_set_budget(world, sim_world_events(world) + 100000, UINT64_MAX, &stop);
  uint8_t *frame = g_malloc(65536);
  for (size_t at = 1; at + 4 <= size && !stop;) {
    unsigned how = data[at], delay = data[at + 1];
    size_t len = inet_get16(data + at + 2);
    at += 4;
    if (len > size - at) len = size - at;
    memcpy(frame, data + at, len);
    at += len;
    uint64_t before = be->ops->clock_now(be);
    be->ops->clock_advance(be, (uint64_t)delay * 10000000ULL);
    FUZZ_ASSERT(be->ops->clock_now(be) >= before, "the clock went back");
    sim_iface *dev = wire_device(world, how & 0x1f);
    if (!dev || !dev->up) continue;
    wire_fixup(dev, how, frame, len);
    wire_deliver(world, &w, dev, frame, len);
    if (socks.be) wire_socks_serve(&socks, delay);
    if (socks2.be) wire_socks_serve(&socks2, delay);
  }
  be->ops->clock_advance(be, 35ULL * 1000000000ULL); /* ARP's timers, reassembly's 30 s */
  wire_socks_close(&socks);
  wire_socks_close(&socks2);
  be->ops->clock_advance(be, 1000000000ULL); /* what closing sent */
  g_free(frame);
  sim_world_free(world);
  return 0;
}
