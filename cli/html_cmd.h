/* nspath report [--real] -o REPORT.html SCENARIO: runs the scenario with
 * --explain, captures and the frame journal, and writes the page of
 * cli/html.h. */
#ifndef CLI_HTML_CMD_H
#define CLI_HTML_CMD_H

/* argv[0] is "report"; the exit status. */
int nspath_report_main(int argc, char **argv);

#endif
