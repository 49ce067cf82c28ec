#include "tests/fuzz/fuzz.h"

#include <errno.h>
#include <glib.h>
#include <unistd.h>

#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/inet.h"
#include "proto/ipv4.h"
#include "proto/tcp.h"
#include "proto/udp.h"

/* A UDP or TCP checksum as a veth carries it: CHECKSUM_PARTIAL (the
 * pseudo-header's sum, proto/udp.h) from a socket, a full one from
 * ip_send_unicast_reply() (a RST), or none (UDP's 0). */
static void fuzz_l4_cksum_check(const char *link, const ipv4_hdr *h, const uint8_t *l4, size_t len,
                                uint16_t check) {
  if (h->proto == IPV4_PROTO_UDP && check == 0) return;
  if (check == inet_pseudo_partial(h->saddr, h->daddr, h->proto, (uint16_t)len)) return;
  uint32_t sum = inet_cksum_partial(l4, len, inet_pseudo_sum(h->saddr, h->daddr, h->proto, (uint16_t)len));
  FUZZ_ASSERT(inet_cksum_finish(sum) == 0, "%s: protocol %u with checksum 0x%04x, neither partial "
              "nor full", link, h->proto, check);
}

static void fuzz_l4_check(const char *link, const ipv4_hdr *h, const uint8_t *l4, size_t len) {
  proto_err e;
  if (h->proto == IPV4_PROTO_ICMP) {
    icmp_hdr ih;
    e = icmp_parse(l4, len, &ih);
    FUZZ_ASSERT(e == PROTO_OK, "%s: ICMP does not parse: %s", link, proto_err_str(e));
  } else if (h->proto == IPV4_PROTO_UDP) {
    udp_hdr u;
    e = udp_parse(l4, len, h->saddr, h->daddr, false, &u);
    FUZZ_ASSERT(e == PROTO_OK, "%s: UDP does not parse: %s", link, proto_err_str(e));
    FUZZ_ASSERT(u.len == len, "%s: UDP length %u in %zu bytes", link, u.len, len);
    fuzz_l4_cksum_check(link, h, l4, len, u.check);
  } else if (h->proto == IPV4_PROTO_TCP) {
    tcp_hdr t;
    e = tcp_parse(l4, len, h->saddr, h->daddr, false, &t);
    FUZZ_ASSERT(e == PROTO_OK, "%s: TCP does not parse: %s", link, proto_err_str(e));
    fuzz_l4_cksum_check(link, h, l4, len, t.check);
  }
}

void fuzz_frame_check(const char *link, const uint8_t *frame, size_t len, bool l4_too) {
  ether_hdr eh;
  FUZZ_ASSERT(ether_hdr_parse(frame, len, &eh) == PROTO_OK, "%s: a %zu-byte frame", link, len);
  const uint8_t *p = frame + ETHER_HDR_LEN;
  size_t plen = len - ETHER_HDR_LEN;
  if (eh.type == ETHER_TYPE_ARP) {
    arp_pkt a;
    proto_err e = arp_pkt_parse(p, plen, &a);
    FUZZ_ASSERT(e == PROTO_OK, "%s: ARP does not parse: %s", link, proto_err_str(e));
    return;
  }
  FUZZ_ASSERT(eh.type == ETHER_TYPE_IPV4, "%s: EtherType 0x%04x on the wire", link, eh.type);
  ipv4_hdr h;
  proto_err e = ipv4_hdr_parse(p, plen, &h);
  FUZZ_ASSERT(e == PROTO_OK, "%s: IPv4 does not parse: %s", link, proto_err_str(e));
  FUZZ_ASSERT(h.ttl > 0, "%s: IPv4 with TTL 0 on the wire", link);
  if (!l4_too || (h.frag & (IPV4_FLAG_MF | IPV4_OFFSET_MASK))) return;
  fuzz_l4_check(link, &h, p + h.ihl, h.tot_len - h.ihl);
}

void fuzz_scratch_cwd(void) {
  static bool done;
  if (done) return;
  done = true;
  char *dir = g_dir_make_tmp("nspath-fuzz-XXXXXX", NULL);
  FUZZ_ASSERT(dir && chdir(dir) == 0, "no scratch directory: %s", g_strerror(errno));
  g_free(dir);
}
