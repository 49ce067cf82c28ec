/* The ping socket of the real backend: what iputils 20221126 opens as root
 * (ping/ping.c ping4_run(), ping4_send_probe(), ping4_parse_reply(),
 * ping4_receive_error_msg()), created inside one private namespace and
 * used from anywhere.  Same contract as sim/sock.c: the backend's probe_*
 * operations (core/backend.h) are thin wrappers over these.
 *
 * Addresses are host order, times CLOCK_MONOTONIC nanoseconds.  Nothing
 * here keeps state outside the real_probe object. */
#ifndef REAL_PROBE_H
#define REAL_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/backend.h"

typedef struct real_probe real_probe;

/* A raw ICMP socket created inside namespace nsfd (setns in, socket(),
 * setns back; the socket stays in that namespace): SO_BINDTODEVICE
 * cfg->dev when not "" (ENODEV when missing), IP_MTU_DISCOVER per
 * cfg->pmtudisc (0 want, 1 dont, 2 do), bind() to cfg->src when not 0
 * (EADDRNOTAVAIL when not local), iputils' ICMP_FILTER and ident filter,
 * IP_RECVERR, IP_TTL cfg->ttl unless 0.  NULL with st->err on failure.  nsfd is
 * duplicated, not kept: the caller may close it. */
real_probe *real_probe_open(int nsfd, const nsp_probe_cfg *cfg, nsp_status *st);

/* iputils' source address probe: a UDP socket in the same namespace, bound
 * to cfg->dev when set, connect()ed to cfg->dst port 1025; getsockname()
 * gives *src.  false with st->err = connect()'s errno (ENETUNREACH when no
 * route). */
bool real_probe_connect(real_probe *p, uint32_t *src, nsp_status *st);

/* One echo request to cfg->dst: id cfg->ident, sequence seq, size bytes of
 * payload (a CLOCK_MONOTONIC timeval, seconds and microseconds as 8+8
 * little-endian bytes, when size >= 16; then bytes i & 0xff).  false with
 * st->err = sendto()'s errno; for EMSGSIZE st->info is the MTU of the local
 * error IP_RECVERR queued (0 when none). */
bool real_probe_send(real_probe *p, uint16_t seq, size_t size, nsp_status *st);

/* Waits until one event or until CLOCK_MONOTONIC reaches deadline_ns:
 * NSP_PROBE_REPLY for an echo reply with our ident, NSP_PROBE_ERROR for an
 * ICMP error about one of our echo requests to cfg->dst, NSP_PROBE_NONE
 * (at_ns = now) when nothing came. */
void real_probe_wait(real_probe *p, uint64_t deadline_ns, nsp_probe_event *ev);

void real_probe_close(real_probe *p);

/* The socket to poll() for p's events (the job scheduler's wait_any);
 * *pending when events already wait, met by a send. */
int real_probe_fd(real_probe *p, bool *pending);

/* CLOCK_MONOTONIC in nanoseconds: the clock of the real backend. */
uint64_t real_clock_now(void);

#endif
