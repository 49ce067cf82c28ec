/* TCP codec: RFC 9293 header, RFC 7323 and RFC 2018 options; checksum per
 * RFC 1071 over the pseudo-header. */
#include "proto/tcp.h"

#include <string.h>

static void tcp_opts_clear(tcp_opts *o) {
  memset(o, 0, sizeof *o);
  o->wscale = -1;
}

/* One option of known kind and size. */
static void tcp_opt_take(const uint8_t *p, uint8_t kind, uint8_t size, tcp_opts *o) {
  switch (kind) {
  case TCP_OPT_MSS:
    if (size == 4) o->mss = inet_get16(p + 2);
    break;
  case TCP_OPT_WSCALE:
    if (size == 3) o->wscale = (int8_t)(p[2] > 14 ? 14 : p[2]); /* "Illegal window scaling" */
    break;
  case TCP_OPT_SACK_PERM:
    if (size == 2) o->sack_perm = true;
    break;
  case TCP_OPT_TS:
    if (size == 10) {
      o->ts = true;
      o->tsval = inet_get32(p + 2);
      o->tsecr = inet_get32(p + 6);
    }
    break;
  case TCP_OPT_SACK:
    if (size >= 10 && (size - 2) % 8 == 0) {
      o->nsack = 0;
      for (size_t off = 2; off < size && o->nsack < TCP_SACK_MAX; off += 8) {
        o->sack[o->nsack].start = inet_get32(p + off);
        o->sack[o->nsack].end = inet_get32(p + off + 4);
        o->nsack++;
      }
    }
    break;
  default: break;
  }
}

proto_err tcp_opts_parse(const uint8_t *p, size_t len, tcp_opts *o) {
  tcp_opts_clear(o);
  size_t i = 0;
  while (i < len) {
    uint8_t kind = p[i];
    if (kind == TCP_OPT_EOL) return PROTO_OK;
    if (kind == TCP_OPT_NOP) {
      i++;
      continue;
    }
    if (i + 1 >= len) return PROTO_ERR_OPTION;
    uint8_t size = p[i + 1];
    if (size < 2 || size > len - i) return PROTO_ERR_OPTION; /* "silly options", partial */
    tcp_opt_take(p + i, kind, size, o);
    i += size;
  }
  return PROTO_OK;
}

void tcp_hdr_read(const uint8_t *buf, size_t len, tcp_hdr *out) {
  memset(out, 0, sizeof *out);
  tcp_opts_clear(&out->opt);
  out->sport = inet_get16(buf);
  out->dport = inet_get16(buf + 2);
  out->seq = inet_get32(buf + 4);
  if (len < TCP_HDR_LEN) return;
  out->ack = inet_get32(buf + 8);
  out->hlen = (uint8_t)((buf[12] >> 4) * 4);
  out->flags = buf[13];
  out->win = inet_get16(buf + 14);
  out->check = inet_get16(buf + 16);
  out->urg = inet_get16(buf + 18);
}

proto_err tcp_parse(const uint8_t *buf, size_t len, uint32_t saddr, uint32_t daddr, bool verify,
                    tcp_hdr *out) {
  if (len < TCP_HDR_LEN) return PROTO_ERR_TRUNCATED;
  size_t hlen = (size_t)(buf[12] >> 4) * 4;
  if (hlen < TCP_HDR_LEN) return PROTO_ERR_LENGTH;
  if (hlen > len) return PROTO_ERR_TRUNCATED;
  if (verify) {
    uint32_t sum = inet_pseudo_sum(saddr, daddr, IPV4_PROTO_TCP, (uint16_t)len);
    if (inet_cksum_finish(inet_cksum_partial(buf, len, sum)) != 0) return PROTO_ERR_CHECKSUM;
  }
  tcp_opts o;
  if (tcp_opts_parse(buf + TCP_HDR_LEN, hlen - TCP_HDR_LEN, &o) != PROTO_OK) return PROTO_ERR_OPTION;
  tcp_hdr_read(buf, len, out);
  out->opt = o;
  return PROTO_OK;
}

size_t tcp_opts_len(const tcp_opts *o) {
  size_t n = 0;
  if (o->mss) n += 4;
  if (o->ts) n += 12;
  if (o->sack_perm && !o->ts) n += 4;
  if (o->wscale >= 0) n += 4;
  if (o->nsack) n += 4 + 8u * o->nsack;
  return n;
}

static uint8_t *tcp_put4(uint8_t *p, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  p[0] = a;
  p[1] = b;
  p[2] = c;
  p[3] = d;
  return p + 4;
}

/* tcp_options_write() */
static void tcp_opts_write(const tcp_opts *o, uint8_t *p) {
  if (o->mss) {
    p = tcp_put4(p, TCP_OPT_MSS, 4, (uint8_t)(o->mss >> 8), (uint8_t)o->mss);
  }
  if (o->ts) {
    if (o->sack_perm) p = tcp_put4(p, TCP_OPT_SACK_PERM, 2, TCP_OPT_TS, 10);
    else p = tcp_put4(p, TCP_OPT_NOP, TCP_OPT_NOP, TCP_OPT_TS, 10);
    inet_put32(p, o->tsval);
    inet_put32(p + 4, o->tsecr);
    p += 8;
  } else if (o->sack_perm) {
    p = tcp_put4(p, TCP_OPT_NOP, TCP_OPT_NOP, TCP_OPT_SACK_PERM, 2);
  }
  if (o->wscale >= 0) p = tcp_put4(p, TCP_OPT_NOP, TCP_OPT_WSCALE, 3, (uint8_t)o->wscale);
  if (o->nsack) {
    p = tcp_put4(p, TCP_OPT_NOP, TCP_OPT_NOP, TCP_OPT_SACK, (uint8_t)(2 + 8 * o->nsack));
    for (unsigned i = 0; i < o->nsack; i++) {
      inet_put32(p, o->sack[i].start);
      inet_put32(p + 4, o->sack[i].end);
      p += 8;
    }
  }
}

size_t tcp_emit(const tcp_hdr *h, uint32_t saddr, uint32_t daddr, const uint8_t *payload,
                size_t plen, proto_csum csum, uint8_t *buf, size_t cap) {
  tcp_opts o = h->opt;
  if (o.nsack > TCP_SACK_MAX) o.nsack = TCP_SACK_MAX;
  size_t hlen = TCP_HDR_LEN + tcp_opts_len(&o);
  if (hlen > TCP_HDR_MAX_LEN || cap < hlen || plen > cap - hlen || hlen + plen > 0xffff) return 0;
  inet_put16(buf, h->sport);
  inet_put16(buf + 2, h->dport);
  inet_put32(buf + 4, h->seq);
  inet_put32(buf + 8, h->ack);
  buf[12] = (uint8_t)((hlen / 4) << 4);
  buf[13] = h->flags;
  inet_put16(buf + 14, h->win);
  inet_put16(buf + 16, 0);
  inet_put16(buf + 18, h->urg);
  tcp_opts_write(&o, buf + TCP_HDR_LEN);
  if (plen) memcpy(buf + hlen, payload, plen);
  uint16_t len = (uint16_t)(hlen + plen);
  if (csum == PROTO_CSUM_PARTIAL) {
    inet_put16(buf + 16, inet_pseudo_partial(saddr, daddr, IPV4_PROTO_TCP, len));
  } else {
    uint32_t sum = inet_pseudo_sum(saddr, daddr, IPV4_PROTO_TCP, len);
    inet_put16(buf + 16, inet_cksum_finish(inet_cksum_partial(buf, len, sum)));
  }
  return len;
}
