/* nspath's commands: one table entry each (cli/cmdline.h), defined beside
 * its handler, listed in cli/main.c. */
#ifndef NSP_CLI_COMMANDS_H
#define NSP_CLI_COMMANDS_H

#include "cli/cmdline.h"

extern const nsp_cli_command cli_cmd_run;     /* cli/cmd_run.c */
extern const nsp_cli_command cli_cmd_clean;   /* cli/cmd_run.c */
extern const nsp_cli_command cli_cmd_check;   /* cli/cmd_check.c */
extern const nsp_cli_command cli_cmd_diff;    /* cli/cmd_check.c */
extern const nsp_cli_command cli_cmd_compare; /* cli/compare.c */
extern const nsp_cli_command cli_cmd_frames;  /* cli/frames.c */
extern const nsp_cli_command cli_cmd_graph;   /* cli/graph_cmd.c */
extern const nsp_cli_command cli_cmd_report;  /* cli/html_cmd.c */

#endif
