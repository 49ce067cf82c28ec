/* The stream `nspath` hands to its pcapng writer, `nspath-pcapng`: a
 * separate program because it links Wireshark's libwiretap (GPL-2.0+)
 * while nspath links Graphviz (EPL-1.0), two licences that cannot meet in
 * one program (docs/internals.md, "pcapng and pictures: two programs").
 *
 * The stream is the writer's whole interface, on its standard input, in
 * the byte order of the machine (both ends run on it):
 *
 *   "NSPATH-PCAPNG 1\n"                      once, first
 *   'I' u32 name_len name u32 desc_len desc  an interface: IDs 0, 1, … in order
 *   'P' u32 iface u64 t_ns u32 len u32 comment_len comment frame[len]
 *                                            a frame (Ethernet), its time in ns
 *                                            and its comment ("" for none)
 *
 * Strings are UTF-8 without a NUL.  An interface comes before its first
 * frame; frames come in the order they are to be written. */
#ifndef NSP_PCAPNG_STREAM_H
#define NSP_PCAPNG_STREAM_H

#define NSP_PCAPNG_STREAM_MAGIC "NSPATH-PCAPNG 1\n"
#define NSP_PCAPNG_REC_IFACE 'I'
#define NSP_PCAPNG_REC_PACKET 'P'
/* Limits the writer enforces (a frame: the 65535 snaplen of the pcaps). */
#define NSP_PCAPNG_MAX_FRAME 65535u
#define NSP_PCAPNG_MAX_TEXT 4096u

#endif
