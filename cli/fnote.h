/* A journaled frame's comment in the pcapng of `nspath run --pcapng`: what
 * the model did with it, in --explain's words ("ARP request 2 of 3 for
 * 198.51.100.1", "forwarded by router gw-veth0 -> gw-veth1 via
 * 198.51.100.0/24, ttl 64 -> 63", "dropped in router: … [IpInAddrErrors]"). */
#ifndef CLI_FNOTE_H
#define CLI_FNOTE_H

#include <glib.h>

#include "sim/world.h"

/* The comment of frame f (a new string). */
char *fnote_text(const sim_frame_rec *f);

#endif
