/* A live capture of one interface of a private namespace, written as a
 * pcap file while the scenario runs: the real backend's counterpart of
 * the simulation's pcap_open_dead() + pcap_dump() writer.
 *
 * The packet socket is made inside the namespace (a packet socket, like
 * any socket, belongs to the namespace it was made in, and binds to the
 * interface by its index there); a GLib thread then polls it from the
 * caller's namespace and appends each frame to the file as it arrives,
 * written by libpcap (why the socket is ours, not libpcap's: capture.c). */
#ifndef REAL_CAPTURE_H
#define REAL_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"

typedef struct real_capture real_capture;

/* Starts capturing ifname of namespace nsfd into path: snaplen 65535,
 * each frame as it comes, not promiscuous, DLT_EN10MB, both directions.
 * The opening happens on the capture's own thread (entering the namespace
 * and making the socket; several captures open side by side):
 * real_capture_wait() before traffic that must be in the file.  NULL with
 * st->err only when the thread cannot be started; nsfd is duplicated. */
real_capture *real_capture_start(int nsfd, const char *ifname, const char *path, nsp_status *st);

/* Waits until c is open; false with st->err on failure: ENODEV no such
 * interface, ENETDOWN down (the packet socket's pending error, which
 * libpcap's iface_bind() turns into PCAP_ERROR_IFACE_NOT_UP), EPERM no
 * CAP_NET_RAW, EINVAL not Ethernet, the errno of fopen() for path, EIO
 * otherwise; st->extack says which step failed.  Once open, the capture goes on across
 * the link going down and up again.  A failed capture still needs
 * real_capture_stop(). */
bool real_capture_wait(real_capture *c, nsp_status *st);

/* Tells c's thread to drain and end, without waiting: ringing every
 * capture before stopping the first lets their ~50 ms drains overlap. */
void real_capture_ring(real_capture *c);

/* Takes what the kernel still holds for the capture (until ~50 ms pass
 * with no frame), closes the file and frees c; *frames (may be NULL) is
 * the number of frames written. */
void real_capture_stop(real_capture *c, uint64_t *frames);

/* Frames written so far (the capture thread may be adding one). */
uint64_t real_capture_frames(const real_capture *c);

#endif
