/* Frames as `nspath compare` compares them: one normalized line per ARP or
 * IPv4 frame of a capture, holding everything two runs of a scenario must
 * share and nothing that differs between two runs on the same kernel.
 *
 * Masked, because they differ from run to run even on one kernel: the MAC
 * addresses (random per veth; relabelled m1, m2, … by first appearance in
 * the file, so who-talks-to-whom is still compared; broadcast reads bcast,
 * all zeros zero), the IPv4 ID (a keyed hash in the kernel), the ICMP echo
 * identifier (the ping socket's port), the checksums (they follow from the
 * masked fields; a wrong one is shown as bad-cksum) and the times.  UDP
 * and TCP ports in the ephemeral range (ip_local_port_range, 32768-60999)
 * that first appear as a source port are a socket's random choice and are
 * relabelled p1, p2, … in order of first appearance; a port first seen as
 * a destination (a server's, traceroute's 33434) is shown as it is.  What
 * a port is follows its flow, not its number: the answer of a flow shows
 * the ports as the flow showed them, so a server's port stays a number in
 * its replies, and a socket's random port is labelled even when it happens
 * to be a number some other flow went to (traceroute's probes go to 33434
 * upward, inside the range its sockets take their ports from).  TCP sequence and acknowledgment numbers
 * are relative, as tcpdump shows them: to the first sequence number seen
 * in each direction of a connection (a SYN's is 0); timestamps show as
 * "TS", their values masked.  UDP and TCP checksums are not compared at
 * all: on a veth the kernel leaves them CHECKSUM_PARTIAL (the
 * pseudo-header's sum), which tshark calls wrong.
 *
 * Shown: addresses, ARP opcode and its sender/target addresses, TTL, TOS
 * (when not 0), total length, DF/MF/fragment offset, options length, bytes
 * after the IP packet (Ethernet padding), ICMP type, code, sequence and the
 * rest of the header when it means something (MTU, gateway), and, inside
 * an ICMP error, how many bytes were quoted and the quoted packet's header
 * rendered the same way.  Other EtherTypes are skipped (their frames keep
 * their numbers in the file). */
#ifndef NSP_FRAMES_H
#define NSP_FRAMES_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* The MAC and port labels of one capture file. */
typedef struct {
  GHashTable *macs; /* "aa:bb:…" -> label */
  guint next;
  GHashTable *ports; /* an ephemeral port -> its label "p1", "p2", … */
  GHashTable *ends;  /* "addr:port>addr:port/s" (/d) -> the text its source (destination) port got */
  guint next_port;
  GHashTable *flows; /* "addr:port>addr:port" -> the first sequence number seen that way */
} nsp_frame_labels;

void nsp_frame_labels_init(nsp_frame_labels *l);
void nsp_frame_labels_clear(nsp_frame_labels *l);

/* One Ethernet frame as a line (a new string), labelling its MACs in l;
 * NULL when it is neither ARP nor IPv4, or IGMP (a bridge's reports, at
 * random moments: core/frames.c). */
char *nsp_frame_render(nsp_frame_labels *l, const uint8_t *frame, size_t len);

/* One rendered frame of a file. */
typedef struct {
  guint number; /* in the file, from 1, skipped frames counted */
  char *text;
} nsp_frame;

/* Every ARP/IPv4 frame of a pcap file (Ethernet link type), in order: a
 * GPtrArray of nsp_frame*; NULL with *err when the file cannot be read. */
GPtrArray *nsp_frames_read(const char *path, GError **err);

#endif
