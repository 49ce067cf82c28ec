/* --explain on the simulation: the trace of one command (sim/trace.h)
 * grouped per ping and sequence number, each packet's hops and where it
 * ended, as text for the transcript and as JSON for --json. */
#ifndef CLI_EXPLAIN_H
#define CLI_EXPLAIN_H

#include <glib.h>

#include <json-glib/json-glib.h>

#include "core/probe_log.h"
#include "sim/trace.h"

/* One packet of a ping's sequence number (the request, its reply, an ICMP
 * error about it), with every event recorded for it. */
typedef struct {
  sim_trace_packet packet;
  uint8_t icmp_type, icmp_code;
  uint32_t src, dst;             /* as first seen */
  GArray *hops;                  /* sim_trace_event */
  char *outcome;                 /* where and why it ended, in plain words */
  char *name;                    /* UDP and TCP: "TCP 192.0.2.1:40000 > 10.0.1.1:12345 [S]" */
} explain_packet;

typedef struct {
  uint16_t seq;
  GPtrArray *packets;            /* explain_packet* */
  char *summary;                 /* "echo request dropped in router: …" */
} explain_seq;

/* The sequences of probe rec, from the command's events (ev[0..n)). */
GPtrArray *explain_build(const nsp_probe_record *rec, const sim_trace_event *ev, size_t n);
/* The text block for the transcript: "# " lines. */
void explain_render(const nsp_probe_record *rec, GPtrArray *seqs, GString *out);
/* The "paths" member of a probe in --json. */
JsonArray *explain_json(GPtrArray *seqs);
/* "the root namespace" for "", else ns. */
const char *explain_ns_label(const char *ns);
/* A route as `ip route` prints it ("default via 192.0.2.254", "192.0.2.0/24"). */
void explain_route_text(const sim_trace_event *e, GString *out);
/* "bridged by br0: ns1-br0 -> ns2-br0 (learned)" and the bridge's other
 * verdicts (a SIM_TRACE_BRIDGE event) */
void explain_bridge_text(const sim_trace_event *e, GString *out);
/* "echo request", "Time to live exceeded from 10.0.0.1", …: buf when it is used. */
const char *explain_packet_name(sim_trace_packet packet, uint8_t icmp_type, uint8_t icmp_code,
                                uint32_t src, char *buf, size_t cap);
/* What a bridge did with a frame ("bridged by br0: veth1 -> veth2 (learned)"). */
void explain_bridge_text(const sim_trace_event *e, GString *out);
/* Where packet k ended, in plain words (ev[0..n): all the command's events). */
char *explain_packet_outcome(const explain_packet *k, const sim_trace_event *ev, size_t n);
/* One "#     +0.000 ms  ns  what" line of a packet's path (t0: the block's
 * first event; wait_at: when the packet began to wait for ARP). */
void explain_hop_text(const sim_trace_event *e, uint64_t t0, uint64_t wait_at, GString *out);
/* One hop of --json's paths. */
JsonObject *explain_event_json(const sim_trace_event *e);

/* ---- UDP and TCP (cli/explain_l4.c) ---- */
/* The command's UDP and TCP packets, and ICMP errors about them, each with
 * its path (explain_packet, in the order they were sent); NULL when none. */
GPtrArray *explain_l4_build(const sim_trace_event *ev, size_t n);
/* "# explain: UDP and TCP" and a line per packet, its hops under it. */
void explain_l4_render(GPtrArray *pkts, GString *out);
/* The "transport" member of a command in --json. */
JsonArray *explain_l4_json(GPtrArray *pkts);

/* Why no echo request left at all (open or connect failed), or NULL. */
char *explain_no_send(const nsp_probe_record *rec);

#endif
