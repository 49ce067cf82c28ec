/* Frames arriving on an interface: arbitrary bytes delivered to any veth
 * end of a built world -- the textbook's router (forwarding on), the same
 * router with forwarding off, two routers in a row -- and everything the
 * stack does with them: ARP, replies, ICMP errors, forwarding, fragments.
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
 * consumed by ARP, taken for reassembly, or dropped with a reason: the
 * namespace's counters say which); every frame put on a wire parses back
 * with a correct IPv4 header checksum; a packet forwarded at once leaves
 * with its TTL one less and nothing else changed but the checksum; the
 * virtual clock never runs backwards.  Bridge and NAT worlds join when
 * those models land (docs/fuzzing.md). */
#include <string.h>

#include "core/scenario.h"
#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "sim/sim.h"
#include "sim/world.h"
#include "tests/fuzz/fuzz.h"

#define WIRE_ADDS                                                                         \
  "ip netns exec ns1 ip link set lo up\nip netns exec ns2 ip link set lo up\n"

static const char *const wire_worlds[] = {
    /* 0: the textbook's router, forwarding on, neighbours resolved */
    "ip netns add ns1\nip netns add router\nip netns add ns2\n"
    "ip link add ns1-veth0 type veth peer name gw-veth0\n"
    "ip link add ns2-veth0 type veth peer name gw-veth1\n"
    "ip link set ns1-veth0 netns ns1\nip link set gw-veth0 netns router\n"
    "ip link set gw-veth1 netns router\nip link set ns2-veth0 netns ns2\n"
    "ip netns exec ns1 ip link set ns1-veth0 up\nip netns exec router ip link set gw-veth0 up\n"
    "ip netns exec router ip link set gw-veth1 up\nip netns exec ns2 ip link set ns2-veth0 up\n"
    "ip netns exec router ip link set lo up\n" WIRE_ADDS
    "ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0\n"
    "ip netns exec router ip address add 192.0.2.254/24 dev gw-veth0\n"
    "ip netns exec router ip address add 198.51.100.254/24 dev gw-veth1\n"
    "ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0\n"
    "ip netns exec ns1 ip route add default via 192.0.2.254\n"
    "ip netns exec ns2 ip route add default via 198.51.100.254\n"
    "ip netns exec router sysctl -w net.ipv4.ip_forward=1\n"
    "ip netns exec ns1 ping -c 1 198.51.100.1\n",
    /* 1: the same router with forwarding off (ip_error()) */
    "ip netns add ns1\nip netns add router\nip netns add ns2\n"
    "ip link add ns1-veth0 type veth peer name gw-veth0\n"
    "ip link add ns2-veth0 type veth peer name gw-veth1\n"
    "ip link set ns1-veth0 netns ns1\nip link set gw-veth0 netns router\n"
    "ip link set gw-veth1 netns router\nip link set ns2-veth0 netns ns2\n"
    "ip netns exec ns1 ip link set ns1-veth0 up\nip netns exec router ip link set gw-veth0 up\n"
    "ip netns exec router ip link set gw-veth1 up\nip netns exec ns2 ip link set ns2-veth0 up\n"
    "ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0\n"
    "ip netns exec router ip address add 192.0.2.254/24 dev gw-veth0\n"
    "ip netns exec router ip address add 198.51.100.254/24 dev gw-veth1\n"
    "ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0\n"
    "ip netns exec ns1 ip route add default via 192.0.2.254\n",
    /* 2: two routers in a row (textbook 04) */
    "ip netns add ns1\nip netns add router1\nip netns add router2\nip netns add ns2\n"
    "ip link add ns1-veth0 type veth peer name gw1-veth0\n"
    "ip link add gw1-veth1 type veth peer name gw2-veth0\n"
    "ip link add gw2-veth1 type veth peer name ns2-veth0\n"
    "ip link set ns1-veth0 netns ns1\nip link set gw1-veth0 netns router1\n"
    "ip link set gw1-veth1 netns router1\nip link set gw2-veth0 netns router2\n"
    "ip link set gw2-veth1 netns router2\nip link set ns2-veth0 netns ns2\n"
    "ip netns exec ns1 ip link set ns1-veth0 up\nip netns exec router1 ip link set gw1-veth0 up\n"
    "ip netns exec router1 ip link set gw1-veth1 up\nip netns exec router2 ip link set gw2-veth0 up\n"
    "ip netns exec router2 ip link set gw2-veth1 up\nip netns exec ns2 ip link set ns2-veth0 up\n"
    WIRE_ADDS
    "ip netns exec ns1 ip address add 192.0.2.1/24 dev ns1-veth0\n"
    "ip netns exec router1 ip address add 192.0.2.254/24 dev gw1-veth0\n"
    "ip netns exec router1 ip address add 203.0.113.1/24 dev gw1-veth1\n"
    "ip netns exec router2 ip address add 203.0.113.2/24 dev gw2-veth0\n"
    "ip netns exec router2 ip address add 198.51.100.254/24 dev gw2-veth1\n"
    "ip netns exec ns2 ip address add 198.51.100.1/24 dev ns2-veth0\n"
    "ip netns exec ns1 ip route add default via 192.0.2.254\n"
    "ip netns exec ns2 ip route add default via 198.51.100.254\n"
    "ip netns exec router1 ip route add 198.51.100.0/24 via 203.0.113.2\n"
    "ip netns exec router2 ip route add 192.0.2.0/24 via 203.0.113.1\n"
    "ip netns exec router1 sysctl -w net.ipv4.ip_forward=1\n"
    "ip netns exec router2 sysctl -w net.ipv4.ip_forward=1\n"
    "ip netns exec ns1 ping -c 1 198.51.100.1\n",
};

#define WIRE_SENT_MAX 64

typedef struct {
  uint64_t last_ns;
  bool collect;                 /* keep what leaves while a frame is handled */
  size_t nsent;
  const uint8_t *sent[WIRE_SENT_MAX];
  size_t sent_len[WIRE_SENT_MAX];
} wire_watch;

static void wire_tap(void *ctx, const char *link, uint64_t now, const uint8_t *frame, size_t len) {
  wire_watch *w = ctx;
  FUZZ_ASSERT(now >= w->last_ns, "%s: a frame at %llu ns after one at %llu ns", link,
              (unsigned long long)now, (unsigned long long)w->last_ns);
  w->last_ns = now;
  fuzz_frame_check(link, frame, len, false);
  if (w->collect && w->nsent < WIRE_SENT_MAX) {
    w->sent[w->nsent] = frame; /* in the wire's ring until the clock moves */
    w->sent_len[w->nsent++] = len;
  }
}

/* What the namespace did with the frames it was given, all fates summed. */
static uint64_t wire_fates(const sim_netns *ns) {
  const sim_counters *c = &ns->cnt;
  uint64_t n = c->ip_in_delivers + c->ip_forw_datagrams + c->ip_reasm_reqds + c->arp_rcv;
  for (int i = SIM_DROP_NONE + 1; i < SIM_DROP_MAX; i++) n += c->drops[i];
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

/* A packet that was forwarded at once left with TTL - 1, the rest as it came. */
static void wire_check_forward(const wire_watch *w, const uint8_t *in, size_t len) {
  ipv4_hdr h;
  if (len < ETHER_HDR_LEN || ipv4_hdr_parse(in + ETHER_HDR_LEN, len - ETHER_HDR_LEN, &h) != PROTO_OK)
    return;
  const uint8_t *ip = in + ETHER_HDR_LEN;
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
  const char *text = wire_worlds[data[0] % G_N_ELEMENTS(wire_worlds)];
  nsp_scenario_run_text(be, "world.sh", text, strlen(text), &r);
  FUZZ_ASSERT(r.unsupported == 0, "the world did not build: %s", r.diag->str);
  nsp_scenario_result_clear(&r);
  wire_watch w = {.last_ns = be->ops->clock_now(be)};
  volatile int stop = 0;
  sim_world_set_tap(world, wire_tap, &w);
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
  }
  be->ops->clock_advance(be, 35ULL * 1000000000ULL); /* ARP's timers, reassembly's 30 s */
  g_free(frame);
  sim_world_free(world);
  return 0;
}
