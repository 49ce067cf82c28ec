/* TCP input (net/ipv4/tcp_ipv4.c tcp_v4_rcv(), tcp_input.c
 * tcp_rcv_state_process(), tcp_rcv_synsent_state_process(), tcp_ack(),
 * tcp_data_queue(), tcp_fin(), tcp_minisocks.c) and errors (tcp_v4_err()). */
#include <errno.h>
#include <string.h>

#include "proto/icmp.h"
#include "proto/ipv4.h"
#include "proto/tcp.h"
#include "sim/tcp.h"
#include "sim/trace_hooks.h"

#define TCP_MAX_QUICKACKS 16
#define TCP_RCV_WSCALE 10 /* ilog2(tcp_rmem[2] = 32 MiB) - 15, tcp_select_initial_window() */

/* One segment as it arrived. */
typedef struct {
  ipv4_hdr ip;
  tcp_hdr th;
  const uint8_t *data;
  size_t dlen;
  const uint8_t *pkt;
  size_t len;
} tcp_seg;

/* __inet_lookup_established() then __inet_lookup_listener(): a socket of
 * the 4-tuple in any state but CLOSE and LISTEN, else a listener of the
 * port (its bound address or the wildcard). */
static sim_tcp *tcp_lookup(sim_netns *ns, const tcp_seg *g) {
  sim_tcp *listener = NULL;
  for (guint i = 0; ns->isocks && i < ns->isocks->len; i++) {
    sim_isock *s = g_ptr_array_index(ns->isocks, i);
    sim_tcp *tp = s->proto;
    if (s->opts.type != NSP_SOCK_TCP || !tp || s->lport != g->th.dport) continue;
    if (tp->state == SIM_TCP_LISTEN) {
      if ((!s->laddr || s->laddr == g->ip.daddr) && (!listener || s->laddr)) listener = tp;
      continue;
    }
    if (tp->state != SIM_TCP_CLOSE && s->laddr == g->ip.daddr && s->raddr == g->ip.saddr &&
        s->rport == g->th.sport)
      return tp;
  }
  return listener;
}

/* The initial receive window: the largest whole number of segments of
 * `mss` under 65535 (tcp_select_initial_window(): the space is larger,
 * a SYN's window field is not scaled). */
static uint32_t tcp_initial_rcv_wnd(uint16_t mss) {
  return mss ? 65535u / mss * mss : 65535u;
}

static void tcp_take_opts(sim_tcp *tp, const tcp_hdr *th, uint16_t advmss) {
  tp->ts_ok = th->opt.ts;
  tp->ts_recent = th->opt.tsval;
  tp->sack_ok = th->opt.sack_perm;
  tp->ws_ok = th->opt.wscale >= 0;
  tp->snd_wscale = tp->ws_ok ? (uint8_t)th->opt.wscale : 0;
  if (!tp->ws_ok) tp->rcv_wscale = 0;
  uint16_t peer = th->opt.mss ? th->opt.mss : 536;
  uint16_t mss = peer < advmss ? peer : advmss;
  tp->mss_cache = (uint16_t)(mss - (tp->ts_ok ? 12 : 0));
}

static uint16_t tcp_route_advmss(sim_isock *s) {
  sim_rt_result res;
  nsp_status st;
  if (!sim_isock_route(s, s->raddr, s->rport, false, &res, &st)) return 536;
  unsigned mtu = sim_isock_mtu(&res);
  return (uint16_t)(mtu > 65535 ? 65495 : mtu - 40);
}

/* tcp_conn_request(): a child in SYN_RECV answers with SYN-ACK; its
 * window in whole segments of the MSS less the timestamps it will carry
 * (tcp_openreq_init_rwin()). */
static void tcp_listen_syn(sim_tcp *lp, const tcp_seg *g) {
  sim_isock *ls = lp->sk;
  if ((int)g_queue_get_length(&lp->accept_q) > lp->backlog) {
    ls->ns->cnt.tcp_listen_drops++;
    return;
  }
  nsp_status st;
  sim_isock *cs = sim_isock_new(ls->ns->w, ls->ns, &ls->opts, &st);
  if (!cs) return;
  cs->bound_ifindex = ls->bound_ifindex;
  cs->laddr = g->ip.daddr;
  cs->lport = ls->lport;
  cs->raddr = g->ip.saddr;
  cs->rport = g->th.sport;
  cs->connected = true;
  cs->inet_id = (uint16_t)sim_world_rand(ls->ns->w);
  sim_tcp *tp = g_new0(sim_tcp, 1);
  sim_tcp_init(tp, cs);
  cs->proto = tp;
  tp->parent = lp;
  tp->orphan = true; /* nobody holds it until accept() */
  tp->state = SIM_TCP_SYN_RECV;
  tp->irs = g->th.seq;
  tp->rcv_nxt = g->th.seq + 1;
  tp->iss = (uint32_t)sim_world_rand(ls->ns->w);
  tp->snd_una = tp->iss;
  tp->snd_nxt = tp->iss + 1;
  tp->ts_offset = (uint32_t)sim_world_rand(ls->ns->w);
  tp->rcv_wscale = TCP_RCV_WSCALE;
  uint16_t advmss = tcp_route_advmss(cs);
  tcp_take_opts(tp, &g->th, advmss);
  tp->rcv_wnd = tcp_initial_rcv_wnd((uint16_t)(advmss - (tp->ts_ok ? 12 : 0)));
  tp->snd_wnd = g->th.win; /* a SYN's window is not scaled */
  sim_tcp_send_synack(tp);
  sim_tcp_rearm_rtx(tp);
}

static void tcp_listen_input(sim_tcp *lp, const tcp_seg *g) {
  if (g->th.flags & TCP_RST) return;
  if (g->th.flags & TCP_ACK) {
    sim_tcp_send_reset(lp->sk->ns, g->pkt, g->len);
    return;
  }
  if (g->th.flags & TCP_SYN) tcp_listen_syn(lp, g);
}

static void tcp_reset(sim_tcp *tp, int err) {
  tp->sk->sk_err = err;
  sim_tcp_done(tp);
}

/* tcp_rcv_synsent_state_process() */
static void tcp_synsent_input(sim_tcp *tp, const tcp_seg *g) {
  const tcp_hdr *th = &g->th;
  if (th->flags & TCP_ACK) {
    if (th->ack != tp->iss + 1) {
      if (!(th->flags & TCP_RST)) sim_tcp_send_reset(tp->sk->ns, g->pkt, g->len);
      return;
    }
    if (th->flags & TCP_RST) {
      tcp_reset(tp, ECONNREFUSED); /* "Connection refused" */
      return;
    }
  }
  if (!(th->flags & TCP_SYN) || !(th->flags & TCP_ACK)) return; /* no simultaneous open */
  tp->irs = th->seq;
  tp->rcv_nxt = th->seq + 1;
  tp->snd_una = th->ack;
  tcp_take_opts(tp, th, tcp_route_advmss(tp->sk));
  tp->snd_wnd = th->win;
  tp->retransmits = 0;
  sim_timerq_cancel(&tp->sk->ns->w->timers, &tp->rtx_timer);
  sim_tcp_rtt_sample(tp);
  sim_tcp_set_state(tp, SIM_TCP_ESTABLISHED);
  sim_tcp_send_ack(tp); /* at once: nothing is written yet, no pingpong */
  sim_tcp_push(tp);
}

/* tcp_ack(): what the peer acknowledged leaves the send queue; the FIN
 * counts one. */
static void tcp_ack(sim_tcp *tp, const tcp_hdr *th) {
  tp->snd_wnd = (uint32_t)th->win << tp->snd_wscale;
  if (!tcp_seq_before(tp->snd_una, th->ack) || tcp_seq_before(tp->snd_nxt, th->ack)) return;
  uint32_t acked = th->ack - tp->snd_una;
  size_t data = acked;
  if (tp->fin_sent && th->ack == tp->snd_nxt) data--;
  if (data > tp->sndq->len) data = tp->sndq->len;
  g_byte_array_remove_range(tp->sndq, 0, (guint)data);
  tp->snd_una = th->ack;
  tp->retransmits = 0;
  sim_tcp_rtt_sample(tp);
  if (tp->snd_una == tp->snd_nxt) sim_timerq_cancel(&tp->sk->ns->w->timers, &tp->rtx_timer);
  else sim_tcp_rearm_rtx(tp);
}

/* The state changes an acknowledged FIN makes (tcp_rcv_state_process()). */
static bool tcp_fin_acked_state(sim_tcp *tp) {
  bool fin_acked = tp->fin_sent && tp->snd_una == tp->snd_nxt;
  if (!fin_acked) return true;
  switch (tp->state) {
  case SIM_TCP_FIN_WAIT1: sim_tcp_set_state(tp, SIM_TCP_FIN_WAIT2); return true;
  case SIM_TCP_CLOSING: sim_tcp_time_wait(tp); return false;
  case SIM_TCP_LAST_ACK: sim_tcp_done(tp); return false;
  default: return true;
  }
}

/* tcp_data_queue(): in-order data is queued and acknowledged — at once
 * while in quick-ACK mode (the first 16 ACKs of a connection,
 * tcp_incr_quickack()), else by the delayed-ACK timer unless data to send
 * takes it along; anything else gets a duplicate ACK. */
static void tcp_data(sim_tcp *tp, const tcp_seg *g) {
  if (g->dlen == 0) return;
  if (g->th.seq != tp->rcv_nxt) {
    sim_tcp_send_ack(tp);
    return;
  }
  if (tp->orphan && !tp->parent) { /* closed by its program: data is reset */
    sim_tcp_send_reset(tp->sk->ns, g->pkt, g->len);
    tcp_reset(tp, EPIPE);
    return;
  }
  g_byte_array_append(tp->rcvq, g->data, (guint)g->dlen);
  tp->rcv_nxt += (uint32_t)g->dlen;
  if (!tp->data_seen) { /* the first data: tcp_event_data_recv() -> tcp_incr_quickack() */
    tp->data_seen = true;
    tp->quick = TCP_MAX_QUICKACKS;
  }
  if (tp->quick && !tp->pingpong) {
    tp->quick--; /* tcp_dec_quickack_mode() */
    sim_tcp_send_ack(tp);
  } else {
    sim_tcp_schedule_ack(tp);
  }
}

/* tcp_fin() */
static bool tcp_fin(sim_tcp *tp) {
  tp->rcv_nxt++;
  tp->rcv_fin = true;
  switch (tp->state) {
  case SIM_TCP_SYN_RECV:
  case SIM_TCP_ESTABLISHED:
    sim_tcp_set_state(tp, SIM_TCP_CLOSE_WAIT);
    tp->pingpong = true;
    sim_tcp_schedule_ack(tp);
    return true;
  case SIM_TCP_FIN_WAIT1:
    sim_tcp_send_ack(tp);
    sim_tcp_set_state(tp, SIM_TCP_CLOSING);
    return true;
  case SIM_TCP_FIN_WAIT2:
    sim_tcp_send_ack(tp);
    sim_tcp_time_wait(tp);
    return false;
  default: return true;
  }
}

/* The established side of tcp_rcv_state_process(). */
static void tcp_conn_input(sim_tcp *tp, const tcp_seg *g) {
  const tcp_hdr *th = &g->th;
  if (tp->state == SIM_TCP_TIME_WAIT) {
    /* tcp_timewait_state_process(): a retransmitted FIN is acknowledged again */
    if (th->flags & TCP_FIN) sim_tcp_send_ack(tp);
    return;
  }
  if (th->flags & TCP_RST) {
    if (tp->state == SIM_TCP_SYN_RECV) sim_tcp_done(tp);
    else tcp_reset(tp, tp->state == SIM_TCP_CLOSE_WAIT ? EPIPE : ECONNRESET);
    return;
  }
  if (!(th->flags & TCP_ACK)) return;
  if (tp->ts_ok && th->opt.ts && !tcp_seq_before(tp->rcv_nxt, th->seq)) tp->ts_recent = th->opt.tsval;
  if (tp->state == SIM_TCP_SYN_RECV) {
    if (th->ack != tp->iss + 1) {
      sim_tcp_send_reset(tp->sk->ns, g->pkt, g->len);
      return;
    }
    sim_timerq_cancel(&tp->sk->ns->w->timers, &tp->rtx_timer);
    tp->retransmits = 0;
    sim_tcp_set_state(tp, SIM_TCP_ESTABLISHED);
    g_queue_push_tail(&tp->parent->accept_q, tp);
  }
  tcp_ack(tp, th);
  if (!tcp_fin_acked_state(tp)) return;
  tcp_data(tp, g);
  if (tp->sk->proto != tp || tp->state == SIM_TCP_CLOSE) return;
  if ((th->flags & TCP_FIN) && th->seq + (uint32_t)g->dlen == tp->rcv_nxt && !tcp_fin(tp)) return;
  sim_tcp_push(tp);
}

void sim_tcp_input(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len) {
  tcp_seg g = {.pkt = pkt, .len = len};
  if (ipv4_hdr_parse(pkt, len, &g.ip) != PROTO_OK) return;
  const uint8_t *t = pkt + g.ip.ihl;
  size_t tlen = g.ip.tot_len - g.ip.ihl;
  if (tlen < TCP_HDR_LEN || (size_t)(t[12] >> 4) * 4 < TCP_HDR_LEN ||
      (size_t)(t[12] >> 4) * 4 > tlen) {
    ns->cnt.tcp_in_errs++;
    return;
  }
  tcp_hdr_read(t, tlen, &g.th);
  /* tcp_parse_options(): malformed options end the reading, silently */
  tcp_opts_parse(t + TCP_HDR_LEN, g.th.hlen - TCP_HDR_LEN, &g.th.opt);
  g.data = t + g.th.hlen;
  g.dlen = tlen - g.th.hlen;
  ns->cnt.tcp_in_segs++;
  sim_tcp *tp = tcp_lookup(ns, &g);
  if (!tp) {
    ns->cnt.drops[SIM_DROP_NO_SOCKET]++;
    sim_trace_drop(ns, in, pkt, len, SIM_DROP_NO_SOCKET, NULL);
    sim_tcp_send_reset(ns, pkt, len);
    return;
  }
  sim_trace_socket(ns, in, pkt, len, tp->sk, sim_tcp_state_name(tp->state));
  switch (tp->state) {
  case SIM_TCP_LISTEN: tcp_listen_input(tp, &g); break;
  case SIM_TCP_SYN_SENT: tcp_synsent_input(tp, &g); break;
  default: tcp_conn_input(tp, &g); break;
  }
}

/* tcp_v4_err(): during the handshake any Destination Unreachable, Time
 * Exceeded or Parameter Problem ends connect() with its errno
 * (ECONNREFUSED for Port Unreachable, EHOSTUNREACH, ENETUNREACH, …);
 * later ones are only remembered (sk_err_soft), unless IP_RECVERR. */
void sim_tcp_err(sim_netns *ns, const uint8_t *pkt, size_t len) {
  ipv4_hdr oh, qh;
  if (ipv4_hdr_parse(pkt, len, &oh) != PROTO_OK) return;
  const uint8_t *icmp = pkt + oh.ihl;
  const uint8_t *q = icmp + ICMP_HDR_LEN;
  ipv4_hdr_read(q, &qh);
  tcp_hdr th;
  tcp_hdr_read(q + qh.ihl, 8, &th);
  tcp_seg g = {.ip = {.saddr = qh.daddr, .daddr = qh.saddr}, .th = {.sport = th.dport, .dport = th.sport}};
  sim_tcp *tp = tcp_lookup(ns, &g);
  if (!tp || tp->state == SIM_TCP_LISTEN || tp->state == SIM_TCP_TIME_WAIT) return;
  uint8_t type = icmp[0], code = icmp[1];
  int err;
  if (type == ICMP_PARAMETERPROB) err = EPROTO;
  else if (type == ICMP_TIME_EXCEEDED) err = EHOSTUNREACH;
  else if (type == ICMP_DEST_UNREACH && code != ICMP_FRAG_NEEDED) {
    static const int t[] = {ENETUNREACH, EHOSTUNREACH, ENOPROTOOPT, ECONNREFUSED};
    err = code < G_N_ELEMENTS(t) ? t[code] : EHOSTUNREACH;
  } else return;
  if (tp->state == SIM_TCP_SYN_SENT || tp->state == SIM_TCP_SYN_RECV) {
    tcp_reset(tp, err);
    return;
  }
  if (tp->sk->opts.recverr) tp->sk->sk_err = err;
}
