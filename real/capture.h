/* A live capture of one interface of a private namespace, written as a
 * pcap file while the scenario runs: the real backend's counterpart of
 * the simulation's pcap_open_dead() + pcap_dump() writer.
 *
 * libpcap opens its packet socket inside the namespace (a packet socket,
 * like any socket, belongs to the namespace it was made in, and binds to
 * the interface by its index there); a GLib thread then polls it from the
 * caller's namespace and appends each frame to the file as it arrives. */
#ifndef REAL_CAPTURE_H
#define REAL_CAPTURE_H

#include <stdint.h>

#include "core/backend.h"

typedef struct real_capture real_capture;

/* Starts capturing ifname of namespace nsfd into path: snaplen 65535,
 * immediate mode, not promiscuous, DLT_EN10MB, both directions.  The
 * interface must be up (libpcap's iface_bind() turns the packet socket's
 * ENETDOWN into PCAP_ERROR_IFACE_NOT_UP); once started, the capture goes
 * on across the link going down and up again.  NULL with st->err on failure:
 * ENODEV no such interface, ENETDOWN down, EPERM no CAP_NET_RAW, EINVAL not
 * Ethernet, the errno of fopen() for path, EIO otherwise; st->extack has
 * libpcap's message.  nsfd is not kept. */
real_capture *real_capture_start(int nsfd, const char *ifname, const char *path, nsp_status *st);

/* Takes what the kernel still holds for the capture (until ~50 ms pass
 * with no frame), closes the file and frees c; *frames (may be NULL) is
 * the number of frames written. */
void real_capture_stop(real_capture *c, uint64_t *frames);

/* Frames written so far (the capture thread may be adding one). */
uint64_t real_capture_frames(const real_capture *c);

#endif
