/* `ip link add NAME type bridge [OPTIONS]`: the options (core/link_bridge.c). */
#ifndef NSP_LINK_BRIDGE_H
#define NSP_LINK_BRIDGE_H

#include "core/cmd.h"

void nsp_bridge_cfg_init(nsp_bridge_cfg *cfg);
/* The words after "type bridge"; c->status set when iproute2 refused one
 * (its message printed), NSP_LINE_UNSUPPORTED for what nspath does not model. */
nsp_line_result nsp_link_bridge_parse(nsp_cmd_ctx *c, int argc, char **argv, nsp_bridge_cfg *cfg);

#endif
