/* Live captures for tcpdump lines (core/tcpdump.c) on the kernel: a
 * libpcap handle opened on one interface of a private namespace as
 * tcpdump 4.99.3 opens it -- promiscuous unless -p, the snapshot length
 * it asks for -- but non-blocking and in immediate mode, read by the job
 * scheduler when its descriptor is readable (no thread).  tcpdump itself
 * uses a 100 ms buffer timeout on a terminal; the frames are the same,
 * they reach the screen up to 100 ms later. */
#ifndef REAL_LIVECAP_H
#define REAL_LIVECAP_H

#include <stdbool.h>

#include "core/backend.h"

typedef struct real_livecap real_livecap;

/* Opens cfg->dev inside namespace nsfd; NULL with st->err (ENODEV,
 * ENETDOWN, EPERM, EIO) and libpcap's message in st->extack. */
real_livecap *real_livecap_open(int nsfd, const nsp_capture_cfg *cfg, nsp_status *st);
/* The next frame libpcap has, without waiting; false when none. */
bool real_livecap_next(real_livecap *c, nsp_capture_frame *f);
void real_livecap_stats(real_livecap *c, nsp_capture_stats *s);
int real_livecap_fd(const real_livecap *c);
void real_livecap_close(real_livecap *c);

#endif
