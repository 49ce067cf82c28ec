/* nspath graph [--format dot|svg|png] [--at LINE] [--explain] [--real]
 *              [-o FILE] SCENARIO: the world at the end of the scenario
 * (or just after line LINE) as a picture (cli/graph.h). */
#ifndef CLI_GRAPH_CMD_H
#define CLI_GRAPH_CMD_H

/* argv[0] is "graph"; the exit status. */
int nspath_graph_main(int argc, char **argv);

#endif
