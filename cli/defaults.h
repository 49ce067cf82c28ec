/* What every nspath command that runs scenarios shares. */
#ifndef NSP_CLI_DEFAULTS_H
#define NSP_CLI_DEFAULTS_H

#define NSPATH_SEED 0x6e73706174680001ULL
/* Captures keep running this long after the last command, as the reference
 * recorder (../shared/tools/kernel-capture) lets tcpdump run 0.3 s more. */
#define NSPATH_CAPTURE_TAIL_NS (300ULL * 1000000ULL)

#endif
