/* What real/nl.c and real/nl_route.c share: the error plumbing (see the
 * top of real/nl.c) and the raw request helpers. */
#ifndef REAL_NL_PRIV_H
#define REAL_NL_PRIV_H

#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"

/* What the kernel's NLMSG_ERROR said during one operation. */
typedef struct {
  int err; /* positive errno, 0 when no error arrived */
  char msg[sizeof ((nsp_status *)NULL)->extack];
} real_nl_ack;

/* Installs the error callback that fills a, until real_nl_ack_done(). */
void real_nl_ack_watch(struct nl_sock *sk, real_nl_ack *a);
/* Removes it; false with *st (the kernel's errno and extack, else libnl's
 * code as an errno) when nlerr < 0. */
bool real_nl_ack_done(struct nl_sock *sk, real_nl_ack *a, int nlerr, nsp_status *st);
/* p, or abort on NULL (out of memory), as g_malloc() does. */
void *real_nl_need(void *p);
/* Sends msg (freed here) and feeds every answer to valid: a dump up to its
 * NLMSG_DONE, or a single answer and then its ACK (as rtnl_talk()). */
int real_nl_request(struct nl_sock *sk, struct nl_msg *msg, bool dump, nl_recvmsg_msg_cb_t valid,
                    void *arg);
struct nl_msg *real_nl_msg_new(int type, int flags, const void *hdr, size_t len);
struct nl_addr *real_nl_ip4(uint32_t a, unsigned plen);
uint32_t real_nl_ip4_get(struct nl_addr *a);
void real_nla_put_ip4(struct nl_msg *m, int type, uint32_t a);

#endif
