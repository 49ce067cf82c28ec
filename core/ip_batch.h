/* `ip -batch FILE`: iproute2's reading of a batch file (lib/utils.c
 * getcmdline() and makeargs(), ip/ip.c batch()). */
#ifndef NSP_IP_BATCH_H
#define NSP_IP_BATCH_H

#include <glib.h>
#include <stdbool.h>

/* The batch file, read whole, and where the reading stands. */
typedef struct {
  const char *p, *end;
  unsigned lineno; /* physical line of the last line read (cmdlineno) */
} nsp_ip_batch;

/* getcmdline(): the next command, comments ('#' to the end of a line) cut
 * and lines ending in a backslash joined to the next.  NULL at the end;
 * *missing when the file ended right after a backslash. */
char *nsp_ip_batch_next(nsp_ip_batch *b, bool *missing);

/* makeargs(): words split at blanks; a word that begins with a quote runs
 * to the same quote (no escapes).  False with *why for iproute2's own
 * complaint ("Unterminated quoted string", "Too many arguments to command"). */
bool nsp_ip_batch_split(char *line, GPtrArray *argv, const char **why);

#endif
