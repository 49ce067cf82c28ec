/* Pieces of the frame renderer shared by core/frames.c (Ethernet, ARP,
 * IPv4, ICMP) and core/frames_l4.c (UDP, TCP). */
#ifndef NSP_FRAMES_PRIV_H
#define NSP_FRAMES_PRIV_H

#include <glib.h>
#include <stdbool.h>

#include "core/frames.h"
#include "proto/ipv4.h"

/* The transport header and what it says, at t (len bytes there: a whole
 * segment, or, quoted inside an ICMP error, whatever was quoted). */
void nsp_frame_render_l4(GString *s, nsp_frame_labels *l, const ipv4_hdr *ip, const uint8_t *t,
                         size_t len, bool quoted);

#endif
