/* TCP in the simulation (net/ipv4/tcp*.c), as the kernel puts it on the
 * wire between namespaces: the handshake with Linux's SYN options and
 * initial windows, data with quick and delayed ACKs, FIN in both orders,
 * TIME_WAIT, RST for a port nobody listens on, SYN retransmissions and
 * `Connection timed out`, ICMP errors aborting a connect.
 *
 * What is not modelled (small exchanges between namespaces never reach
 * it): the receive window's growth (tcp_grow_window(): the advertised
 * window stays the initial one), congestion control beyond the initial
 * window of 10 segments, SACK blocks (nothing is lost or reordered without
 * a rule that drops), urgent data, Nagle's delays for small writes after
 * unacknowledged data, keepalives. */
#ifndef SIM_TCP_H
#define SIM_TCP_H

#include "sim/inet_sock.h"

/* include/net/tcp_states.h */
typedef enum {
  SIM_TCP_CLOSE = 0,
  SIM_TCP_LISTEN,
  SIM_TCP_SYN_SENT,
  SIM_TCP_SYN_RECV,
  SIM_TCP_ESTABLISHED,
  SIM_TCP_FIN_WAIT1,
  SIM_TCP_FIN_WAIT2,
  SIM_TCP_CLOSE_WAIT,
  SIM_TCP_CLOSING,
  SIM_TCP_LAST_ACK,
  SIM_TCP_TIME_WAIT,
} sim_tcp_state;

typedef struct sim_tcp sim_tcp;

struct sim_tcp {
  sim_isock *sk;
  sim_tcp_state state;
  bool orphan;             /* closed by its program; freed when its state ends */
  /* send side (include/linux/tcp.h names) */
  uint32_t iss, snd_una, snd_nxt, snd_wnd;
  uint8_t snd_wscale;      /* the peer's shift */
  uint16_t mss_cache;      /* bytes of data per segment, options taken off */
  GByteArray *sndq;        /* unacknowledged and unsent data, from snd_una on */
  bool fin_pending;        /* shutdown(SHUT_WR) or close(): FIN after the data */
  bool fin_sent;
  /* receive side */
  uint32_t irs, rcv_nxt, rcv_wnd;
  uint8_t rcv_wscale;      /* ours */
  GByteArray *rcvq;        /* received, not yet read */
  bool rcv_fin;            /* the peer's FIN arrived: end of stream after rcvq */
  /* options agreed in the handshake */
  bool ts_ok, sack_ok, ws_ok;
  uint32_t ts_offset, ts_recent;
  /* ACKs */
  bool data_seen;          /* some data arrived (the delayed-ACK engine is on) */
  unsigned quick;          /* icsk_ack.quick: ACKs still sent at once */
  bool pingpong;           /* interactive: ACKs wait to ride on data */
  bool ack_pending;
  /* timers */
  sim_timer rtx_timer;     /* SYN, SYN-ACK and data retransmissions */
  sim_timer delack_timer;
  sim_timer tw_timer;      /* TIME_WAIT's end */
  unsigned retransmits;
  uint64_t rto;
  /* listeners: children whose handshake completed, and the backlog */
  GQueue accept_q;         /* sim_tcp*, oldest first */
  int backlog;
  sim_tcp *parent;         /* a child in SYN_RECV: its listener */
};

/* tcp_v4_rcv(): pkt is a whole IPv4 packet for this namespace. */
void sim_tcp_input(sim_netns *ns, sim_iface *in, const uint8_t *pkt, size_t len);
/* tcp_v4_err(): an ICMP error's whole IPv4 packet. */
void sim_tcp_err(sim_netns *ns, const uint8_t *pkt, size_t len);

/* The socket calls (core/backend.h). */
sim_tcp *sim_tcp_of(sim_isock *s);
bool sim_tcp_connect(sim_isock *s, uint32_t addr, uint16_t port, nsp_status *st);
bool sim_tcp_listen(sim_isock *s, int backlog, nsp_status *st);
sim_isock *sim_tcp_accept(sim_isock *s, nsp_sockaddr *peer, nsp_status *st);
long sim_tcp_sendmsg(sim_isock *s, const void *data, size_t len, nsp_status *st);
long sim_tcp_recvmsg(sim_isock *s, void *buf, size_t cap, bool peek, nsp_status *st);
bool sim_tcp_shutdown(sim_isock *s, int how, nsp_status *st);
/* close(): the socket goes on by itself (FIN, TIME_WAIT) as an orphan. */
void sim_tcp_close(sim_isock *s);
unsigned sim_tcp_poll(sim_isock *s);
const char *sim_tcp_state_name(sim_tcp_state st);

/* tcp_out.c: segments and timers */
void sim_tcp_init(sim_tcp *tp, sim_isock *sk);
void sim_tcp_free(sim_tcp *tp);
/* a segment with the socket's options; data from the send queue at
 * offset `off` (relative to snd_una), `dlen` bytes */
void sim_tcp_send(sim_tcp *tp, uint8_t flags, uint32_t seq, size_t off, size_t dlen);
void sim_tcp_send_syn(sim_tcp *tp);
void sim_tcp_send_synack(sim_tcp *tp);
void sim_tcp_send_ack(sim_tcp *tp);
/* tcp_write_xmit(): new data (and a pending FIN) as the window allows */
void sim_tcp_push(sim_tcp *tp);
/* tcp_v4_send_reset(): a reset answering pkt (no socket, or a bad segment) */
void sim_tcp_send_reset(sim_netns *ns, const uint8_t *pkt, size_t len);
/* the delayed ACK, the retransmission and TIME_WAIT timers */
void sim_tcp_schedule_ack(sim_tcp *tp);
void sim_tcp_rearm_rtx(sim_tcp *tp);
void sim_tcp_set_state(sim_tcp *tp, sim_tcp_state st);
/* the namespace goes: timers stop; an orphan is then freed by
 * sim_tcp_reap_orphan() */
void sim_tcp_ns_gone(sim_tcp *tp);
void sim_tcp_reap_orphan(sim_tcp *tp);
/* tcp_done(): the connection is over (CLOSE); an orphan is freed */
void sim_tcp_done(sim_tcp *tp);
void sim_tcp_time_wait(sim_tcp *tp);
uint32_t sim_tcp_tsval(const sim_tcp *tp);
/* an RTT sample: the retransmission timeout becomes TCP_RTO_MIN */
void sim_tcp_rtt_sample(sim_tcp *tp);

#endif
