/* iproute2's `ip route add` words the model does not keep, and its usage
 * (core/route_words.c). */
#ifndef NSPATH_CORE_ROUTE_WORDS_H
#define NSPATH_CORE_ROUTE_WORDS_H

#include "core/cmd.h"

/* ip/iproute.c usage(): printed, the command exits (255). */
int nsp_route_usage(nsp_cmd_ctx *c);
/* True when argv[0] is one of iproute_modify()'s words the model does not
 * keep: its value read (argc/argv moved on) and either iproute2's error
 * printed (c->status set) or the line made unsupported (*lr). */
bool nsp_route_other_word(nsp_cmd_ctx *c, int *argc, char ***argv, nsp_line_result *lr);

/* lib/utils.c get_rt_realms_or_raw(): a raw u32, else FROM/TO or TO by
 * name (Debian 12's rt_realms: cosmos) or number to 255. */
bool nsp_rt_realms_ok(const char *s);

#endif
