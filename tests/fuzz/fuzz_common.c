#include "tests/fuzz/fuzz.h"

#include "proto/arp.h"
#include "proto/ether.h"
#include "proto/icmp.h"
#include "proto/ipv4.h"

void fuzz_frame_check(const char *link, const uint8_t *frame, size_t len, bool icmp_too) {
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
  if (!icmp_too || h.proto != IPV4_PROTO_ICMP || (h.frag & (IPV4_FLAG_MF | IPV4_OFFSET_MASK)))
    return;
  icmp_hdr ih;
  e = icmp_parse(p + h.ihl, h.tot_len - h.ihl, &ih);
  FUZZ_ASSERT(e == PROTO_OK, "%s: ICMP does not parse: %s", link, proto_err_str(e));
}
