/* --pcapng FILE: one capture of the whole world, every link's frames in
 * time order, an interface per capture point (the first-named end of each
 * veth pair, as the per-link pcaps) named NS/IFNAME and described, and in
 * the simulation a comment per frame (cli/fnote.h).  The file is written
 * by the nspath-pcapng program (pcapng/, libwiretap) from the stream of
 * core/pcapng_stream.h. */
#ifndef CLI_PCAPNG_H
#define CLI_PCAPNG_H

#include <glib.h>
#include <stdbool.h>

#include "core/backend.h"
#include "sim/world.h"

/* "(root)": the IDB name's namespace part for the scenario's root namespace. */
#define CLI_PCAPNG_ROOT "(root)"

/* A pcapng being put together: interfaces and frames from one or more
 * sources, merged in time order and written at the end. */
typedef struct cli_pcapng cli_pcapng;
cli_pcapng *cli_pcapng_new(void);
/* The simulation's journal (sim_world_journal_take()); each interface's
 * description starts with label when not NULL ("model: "). */
void cli_pcapng_add_journal(cli_pcapng *c, const sim_frame_rec *recs, size_t n, const char *label);

/* Where every veth end is at the end of a run, read through the backend
 * (either one) before it closes: for the interfaces of pcaps. */
typedef struct cli_pcapng_points cli_pcapng_points;
cli_pcapng_points *cli_pcapng_points_read(nsp_backend *be);
void cli_pcapng_points_free(cli_pcapng_points *p);

/* The per-link pcaps in dir ("A--B.pcap"), each an interface named after
 * A's place in pts (NULL: unknown), their times less shift_ns; false with
 * a message in why. */
bool cli_pcapng_add_pcaps(cli_pcapng *c, const char *dir, const cli_pcapng_points *pts,
                          uint64_t shift_ns, const char *label, GString *why);

/* Writes FILE through nspath-pcapng and frees c; false with a message in why. */
bool cli_pcapng_write(cli_pcapng *c, const char *path, GString *why);
void cli_pcapng_free(cli_pcapng *c);

#endif
