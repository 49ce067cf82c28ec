/* TCP output and timers (net/ipv4/tcp_output.c, tcp_timer.c,
 * tcp_ipv4.c tcp_v4_send_reset()). */
#include <errno.h>
#include <string.h>

#include "proto/ipv4.h"
#include "proto/tcp.h"
#include "sim/tcp.h"

#define MS 1000000ULL
#define S 1000000000ULL
#define TCP_TIMEOUT_INIT S        /* RFC 6298's 1 s */
#define TCP_RTO_MIN (200 * MS)
/* the first retransmission timeout of a connection between namespaces,
 * measured on the kernel: TCP_RTO_MIN plus the RTT sample and the jiffies'
 * rounding (data sent again after 212, 212, 424, 828 ms) */
#define TCP_RTO_LAN (212 * MS)
#define TCP_RTO_MAX (120 * S)
#define TCP_DELACK_MIN (40 * MS)  /* TCP_ATO_MIN: HZ/25 */
#define TCP_TIMEWAIT_LEN (60 * S)
#define TCP_INIT_CWND 10
#define TCP_SYN_RETRIES 6         /* net.ipv4.tcp_syn_retries */
#define TCP_SYNACK_RETRIES 5      /* net.ipv4.tcp_synack_retries */
#define TCP_SYN_LINEAR 4          /* net.ipv4.tcp_syn_linear_timeouts (6.18: 4) */
#define TCP_RETRIES2 15

static void tcp_rtx_fire(sim_timer *t, void *owner);
static void tcp_delack_fire(sim_timer *t, void *owner);
static void tcp_tw_fire(sim_timer *t, void *owner);

static sim_world *tcp_world(const sim_tcp *tp) { return tp->sk->ns->w; }

void sim_tcp_init(sim_tcp *tp, sim_isock *sk) {
  tp->sk = sk;
  tp->sndq = g_byte_array_new();
  tp->rcvq = g_byte_array_new();
  tp->rto = TCP_TIMEOUT_INIT;
  g_queue_init(&tp->accept_q);
  sim_timer_init(&tp->rtx_timer, tcp_rtx_fire, tp);
  sim_timer_init(&tp->delack_timer, tcp_delack_fire, tp);
  sim_timer_init(&tp->tw_timer, tcp_tw_fire, tp);
}

static void tcp_timers_stop(sim_tcp *tp) {
  if (!tp->sk->ns) return;
  sim_timerq *q = &tcp_world(tp)->timers;
  sim_timerq_cancel(q, &tp->rtx_timer);
  sim_timerq_cancel(q, &tp->delack_timer);
  sim_timerq_cancel(q, &tp->tw_timer);
}

void sim_tcp_free(sim_tcp *tp) {
  tcp_timers_stop(tp);
  g_byte_array_free(tp->sndq, TRUE);
  g_byte_array_free(tp->rcvq, TRUE);
  g_queue_clear(&tp->accept_q);
  g_free(tp);
}

/* The timestamp clock: milliseconds, from a per-connection offset
 * (tcp_time_stamp_ms() + tp->tsoffset, a keyed hash on the kernel). */
uint32_t sim_tcp_tsval(const sim_tcp *tp) {
  return (uint32_t)(tcp_world(tp)->now / MS) + tp->ts_offset;
}

/* The window we announce: the initial one, in our scale's units
 * (__tcp_select_window() aligns it up to 1 << rcv_wscale); a SYN's is
 * never scaled. */
static uint16_t tcp_window(const sim_tcp *tp, bool syn) {
  if (syn) return (uint16_t)(tp->rcv_wnd > 65535 ? 65535 : tp->rcv_wnd);
  uint32_t unit = 1u << tp->rcv_wscale;
  uint32_t w = (tp->rcv_wnd + unit - 1) / unit;
  return (uint16_t)(w > 65535 ? 65535 : w);
}

/* One segment out through the socket's route, with its TTL, TOS, DF and
 * IP ID; the checksum left CHECKSUM_PARTIAL as on a veth. */
static void tcp_xmit(sim_tcp *tp, const tcp_hdr *h, const uint8_t *data, size_t dlen) {
  sim_isock *sk = tp->sk;
  if (!sk->ns) return;
  sim_rt_result res;
  nsp_status st;
  if (!sim_isock_route(sk, sk->raddr, sk->rport, false, &res, &st)) return; /* IpOutNoRoutes, soft error */
  uint8_t pkt[IPV4_HDR_LEN + TCP_HDR_MAX_LEN + 1500];
  inet_put32(pkt + 12, sk->laddr);
  inet_put32(pkt + 16, sk->raddr);
  size_t n = tcp_emit(h, sk->laddr, sk->raddr, data, dlen, PROTO_CSUM_PARTIAL, pkt + IPV4_HDR_LEN,
                      sizeof pkt - IPV4_HDR_LEN);
  if (!n) return;
  sk->ns->cnt.tcp_out_segs++;
  sim_isock_ip_output(sk, &res, pkt, IPV4_HDR_LEN + n, IPV4_PROTO_TCP,
                      tp->state == SIM_TCP_SYN_RECV);
}

static void tcp_opts_common(const sim_tcp *tp, tcp_opts *o) {
  memset(o, 0, sizeof *o);
  o->wscale = -1;
  if (tp->ts_ok) {
    o->ts = true;
    o->tsval = sim_tcp_tsval(tp);
    o->tsecr = tp->ts_recent;
  }
}

void sim_tcp_send(sim_tcp *tp, uint8_t flags, uint32_t seq, size_t off, size_t dlen) {
  tcp_hdr h = {.sport = tp->sk->lport, .dport = tp->sk->rport, .seq = seq, .ack = tp->rcv_nxt,
               .flags = flags, .win = tcp_window(tp, false)};
  if (!(flags & TCP_ACK)) h.ack = 0;
  tcp_opts_common(tp, &h.opt);
  /* an empty queue may have no buffer at all: no pointer arithmetic on
   * NULL (found by tests/fuzz/fuzz_wire, regress/wire/tcp-ack-empty-queue) */
  tcp_xmit(tp, &h, dlen ? tp->sndq->data + off : NULL, dlen);
  if (flags & TCP_ACK) {
    /* an ACK rides on this one: nothing left to delay (inet_csk_clear_xmit_timer()) */
    tp->ack_pending = false;
    sim_timerq_cancel(&tcp_world(tp)->timers, &tp->delack_timer);
  }
}

/* The MSS we announce: the route's MTU less 40 (tcp_advmss(),
 * dst_metric_advmss()). */
static uint16_t tcp_advmss(sim_tcp *tp) {
  sim_rt_result res;
  nsp_status st;
  if (!tp->sk->ns || !sim_isock_route(tp->sk, tp->sk->raddr, tp->sk->rport, false, &res, &st)) return 536;
  unsigned mtu = sim_isock_mtu(&res);
  return (uint16_t)(mtu > 65535 ? 65535 - 40 : mtu - 40);
}

/* tcp_syn_options(): MSS, SACK-permitted, timestamps, window scale, in
 * tcp_options_write()'s order; the initial window rounded down to whole
 * segments of the announced MSS (tcp_select_initial_window()). */
void sim_tcp_send_syn(sim_tcp *tp) {
  uint16_t mss = tcp_advmss(tp);
  tcp_hdr h = {.sport = tp->sk->lport, .dport = tp->sk->rport, .seq = tp->iss, .flags = TCP_SYN};
  tcp_opts_common(tp, &h.opt);
  h.opt.ts = true;
  h.opt.tsval = sim_tcp_tsval(tp);
  h.opt.tsecr = 0;
  h.opt.mss = mss;
  h.opt.sack_perm = true;
  h.opt.wscale = (int8_t)tp->rcv_wscale;
  h.win = tcp_window(tp, true);
  tcp_xmit(tp, &h, NULL, 0);
}

/* tcp_make_synack(): the options the SYN asked for, in the same order. */
void sim_tcp_send_synack(sim_tcp *tp) {
  tcp_hdr h = {.sport = tp->sk->lport, .dport = tp->sk->rport, .seq = tp->iss,
               .ack = tp->rcv_nxt, .flags = TCP_SYN | TCP_ACK};
  tcp_opts_common(tp, &h.opt);
  h.opt.mss = tcp_advmss(tp);
  h.opt.sack_perm = tp->sack_ok;
  h.opt.wscale = tp->ws_ok ? (int8_t)tp->rcv_wscale : -1;
  h.win = tcp_window(tp, true);
  tcp_xmit(tp, &h, NULL, 0);
}

void sim_tcp_send_ack(sim_tcp *tp) {
  sim_tcp_send(tp, TCP_ACK, tp->snd_nxt, 0, 0);
}

/* tcp_write_xmit(): what the peer's window and the initial congestion
 * window allow, a segment of mss_cache bytes at most each, PSH on the
 * last one of what is queued (tcp_push()); then the FIN when asked for
 * and all data is out (tcp_send_fin() sets it on the last segment if
 * there is one unsent, else sends it alone). */
void sim_tcp_push(sim_tcp *tp) {
  if (tp->state != SIM_TCP_ESTABLISHED && tp->state != SIM_TCP_CLOSE_WAIT &&
      tp->state != SIM_TCP_FIN_WAIT1 && tp->state != SIM_TCP_LAST_ACK &&
      tp->state != SIM_TCP_CLOSING)
    return;
  size_t sent = tp->snd_nxt - tp->snd_una - (tp->fin_sent ? 1 : 0);
  size_t limit = (size_t)tp->mss_cache * TCP_INIT_CWND;
  bool any = false;
  while (sent < tp->sndq->len && sent < limit && sent < tp->snd_wnd) {
    size_t n = tp->sndq->len - sent;
    if (n > tp->mss_cache) n = tp->mss_cache;
    bool last = sent + n == tp->sndq->len;
    uint8_t flags = TCP_ACK | (last ? TCP_PSH : 0);
    if (last && tp->fin_pending && !tp->fin_sent) {
      flags |= TCP_FIN;
      tp->fin_sent = true;
    }
    sim_tcp_send(tp, flags, tp->snd_una + (uint32_t)sent, sent, n);
    sent += n;
    tp->snd_nxt = tp->snd_una + (uint32_t)sent + (tp->fin_sent ? 1 : 0);
    any = true;
  }
  if (tp->fin_pending && !tp->fin_sent && sent == tp->sndq->len) {
    tp->fin_sent = true;
    sim_tcp_send(tp, TCP_FIN | TCP_ACK, tp->snd_una + (uint32_t)sent, 0, 0);
    tp->snd_nxt = tp->snd_una + (uint32_t)sent + 1;
    any = true;
  }
  if (any && !sim_timer_pending(&tp->rtx_timer)) sim_tcp_rearm_rtx(tp);
}

/* tcp_v4_send_reset(): for a segment with ACK the reset takes its ack as
 * sequence, else it acknowledges everything the segment occupied
 * (SYN and FIN count one); no options; sent by the namespace's control
 * socket, so TTL ip_default_ttl, IP ID 0 with DF, and a checksum computed
 * in full (ip_send_unicast_reply(), seen on the kernel). */
void sim_tcp_send_reset(sim_netns *ns, const uint8_t *pkt, size_t len) {
  ipv4_hdr ih;
  if (ipv4_hdr_parse(pkt, len, &ih) != PROTO_OK) return;
  tcp_hdr in;
  size_t tlen = ih.tot_len - ih.ihl;
  if (tcp_parse(pkt + ih.ihl, tlen, ih.saddr, ih.daddr, false, &in) != PROTO_OK) return;
  if (in.flags & TCP_RST) return; /* "Never send a reset in response to a reset." */
  tcp_hdr h = {.sport = in.dport, .dport = in.sport, .flags = TCP_RST, .opt = {.wscale = -1}};
  if (in.flags & TCP_ACK) {
    h.seq = in.ack;
  } else {
    h.flags |= TCP_ACK;
    h.ack = in.seq + (uint32_t)(tlen - in.hlen) + ((in.flags & TCP_SYN) ? 1 : 0) +
            ((in.flags & TCP_FIN) ? 1 : 0);
  }
  /* ip_send_unicast_reply(): the flow of the reply, its ports swapped */
  sim_flow fl = {.daddr = ih.saddr, .saddr = ih.daddr, .proto = IPV4_PROTO_TCP,
                 .sport = in.dport, .dport = in.sport};
  sim_rt_result res;
  if (sim_ip_route_output_flow(ns, &fl, &res)) return;
  uint8_t out[IPV4_HDR_LEN + TCP_HDR_LEN];
  tcp_emit(&h, ih.daddr, ih.saddr, NULL, 0, PROTO_CSUM_FULL, out + IPV4_HDR_LEN, TCP_HDR_LEN);
  ipv4_hdr oh = {.ihl = IPV4_HDR_LEN, .tot_len = sizeof out, .id = 0, .frag = IPV4_FLAG_DF,
                 .ttl = (uint8_t)ns->ip_default_ttl, .proto = IPV4_PROTO_TCP,
                 .saddr = ih.daddr, .daddr = ih.saddr};
  ipv4_hdr_emit(&oh, out, IPV4_HDR_LEN);
  ns->cnt.tcp_out_rsts++;
  sim_ip_output(ns, &res, out, sizeof out);
}

/* ---- timers --------------------------------------------------------- */

static void tcp_arm(sim_tcp *tp, sim_timer *t, uint64_t delay) {
  sim_world *w = tcp_world(tp);
  sim_timerq_arm(&w->timers, t, sim_timer_wheel_expiry(w->now, delay));
}

/* The SYN's timeouts on 6.18, measured: after the first SYN five of 1 s
 * (net.ipv4.tcp_syn_linear_timeouts = 4: "retransmits <= 4" keeps the
 * backoff at 0), then 2, 4, 8, 16, 32 s (SYNs at 0, 1.03, 2.05, 3.07,
 * 4.10, 5.12, 7.13, 11.17, 19.36, 35.49, 69.02 s); each through the timer
 * wheel's rounding. */
static uint64_t tcp_syn_timeout(unsigned retransmits) {
  if (retransmits <= TCP_SYN_LINEAR) return TCP_TIMEOUT_INIT;
  unsigned shift = retransmits - TCP_SYN_LINEAR;
  uint64_t t = TCP_TIMEOUT_INIT << (shift > 7 ? 7 : shift);
  return t > TCP_RTO_MAX ? TCP_RTO_MAX : t;
}

void sim_tcp_rearm_rtx(sim_tcp *tp) {
  uint64_t delay = tp->state == SIM_TCP_SYN_SENT || tp->state == SIM_TCP_SYN_RECV
                       ? tcp_syn_timeout(tp->retransmits)
                       : tp->rto;
  tcp_arm(tp, &tp->rtx_timer, delay);
}

/* tcp_write_err(): the connection failed; a soft error met meanwhile
 * (an ICMP error) is what connect() reports, else ETIMEDOUT. */
static void tcp_write_err(sim_tcp *tp) {
  tp->sk->sk_err = tp->sk->sk_err ? tp->sk->sk_err : ETIMEDOUT;
  sim_tcp_done(tp);
}

static void tcp_rtx_fire(sim_timer *t, void *owner) {
  sim_tcp *tp = owner;
  (void)t;
  if (!tp->sk->ns) return;
  if (tp->state == SIM_TCP_SYN_SENT) {
    /* tcp_write_timeout(): tcp_syn_retries plus the linear ones (10
     * retransmissions: the 11th SYN's timeout ends it, ~133 s in) */
    if (tp->retransmits >= TCP_SYN_RETRIES + TCP_SYN_LINEAR) {
      tcp_write_err(tp);
      return;
    }
    tp->retransmits++;
    sim_tcp_send_syn(tp);
    sim_tcp_rearm_rtx(tp);
    return;
  }
  if (tp->state == SIM_TCP_SYN_RECV) {
    if (tp->retransmits >= TCP_SYNACK_RETRIES) {
      sim_tcp_done(tp);
      return;
    }
    tp->retransmits++;
    sim_tcp_send_synack(tp);
    sim_tcp_rearm_rtx(tp);
    return;
  }
  if (tp->snd_una == tp->snd_nxt) return;
  if (tp->retransmits >= TCP_RETRIES2) {
    tcp_write_err(tp);
    return;
  }
  /* tcp_retransmit_skb() of the first unacknowledged segment; the first
   * one is the tail loss probe (tcp_send_loss_probe(), ~2 RTT + 200 ms
   * for a lone segment) after which the RTO starts unchanged, then the
   * backoff doubles it */
  tp->retransmits++;
  size_t qlen = tp->sndq->len;
  size_t n = qlen < tp->mss_cache ? qlen : tp->mss_cache;
  bool fin = tp->fin_sent && n == qlen;
  uint8_t flags = TCP_ACK | (n ? TCP_PSH : 0) | (fin ? TCP_FIN : 0);
  sim_tcp_send(tp, flags, tp->snd_una, 0, n);
  if (tp->retransmits > 1) tp->rto = tp->rto * 2 > TCP_RTO_MAX ? TCP_RTO_MAX : tp->rto * 2;
  sim_tcp_rearm_rtx(tp);
}

/* tcp_delack_timer_handler(): the ACK that waited goes out alone. */
static void tcp_delack_fire(sim_timer *t, void *owner) {
  sim_tcp *tp = owner;
  (void)t;
  if (!tp->sk->ns || !tp->ack_pending) return;
  sim_tcp_send_ack(tp);
}

void sim_tcp_schedule_ack(sim_tcp *tp) {
  tp->ack_pending = true;
  if (!sim_timer_pending(&tp->delack_timer)) tcp_arm(tp, &tp->delack_timer, TCP_DELACK_MIN);
}

/* After an RTT sample: srtt + rttvar, rttvar never below TCP_RTO_MIN
 * (__tcp_set_rto()); between namespaces the RTT is microseconds. */
void sim_tcp_rtt_sample(sim_tcp *tp) {
  tp->rto = TCP_RTO_LAN;
}

static void tcp_tw_fire(sim_timer *t, void *owner) {
  sim_tcp *tp = owner;
  (void)t;
  sim_tcp_done(tp);
}

void sim_tcp_time_wait(sim_tcp *tp) {
  sim_tcp_set_state(tp, SIM_TCP_TIME_WAIT);
  sim_timerq_cancel(&tcp_world(tp)->timers, &tp->rtx_timer);
  sim_timerq_cancel(&tcp_world(tp)->timers, &tp->delack_timer);
  tcp_arm(tp, &tp->tw_timer, TCP_TIMEWAIT_LEN);
}
