/* nspath compare: each scenario run in the simulation (the model) and on
 * the kernel (--real), their transcripts compared command by command
 * (core/transcript.c) and their captures link by link, frame by frame
 * (core/frames.c, core/linediff.c).  The kernel is what is expected, the
 * model what it is held to. */
#ifndef NSP_CLI_COMPARE_H
#define NSP_CLI_COMPARE_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

/* One command, as the model and the kernel ran it. */
typedef struct {
  unsigned line;     /* in the scenario file */
  char *command;
  int status;        /* the model's exit status */
  char *output;      /* what the model printed */
  char *expected;    /* what the kernel printed */
  GPtrArray *diff;   /* char*: " same", "-kernel only", "+model only"; empty: alike */
} cmp_command;

/* One veth pair's captures, kernel against model. */
typedef struct {
  char *pcap;        /* "A--B.pcap" */
  GPtrArray *kernel; /* nsp_frame*; NULL when the kernel wrote no such file */
  GPtrArray *model;  /* nsp_frame*; NULL when the model wrote no such file */
  GArray *ops;       /* nsp_diff_op: kernel (a) against model (b) */
  bool differs;
} cmp_link;

typedef struct {
  char *path, *name; /* the file, and its name without .sh */
  char *error;       /* why it could not be compared, or NULL */
  char *kernel_dir, *model_dir; /* the captures; NULL once removed */
  unsigned commands; /* commands run */
  GPtrArray *cmds;   /* cmp_command*: every command run, in order */
  GPtrArray *links;  /* cmp_link*: every link, by pcap name */
  bool differs;
} cmp_scenario;

/* compare_report.c */
void compare_report_text(FILE *f, const cmp_scenario *s);
void compare_report_summary(FILE *f, GPtrArray *scenarios);
void compare_report_json(FILE *f, GPtrArray *scenarios);
/* How many commands' outputs differ. */
unsigned compare_commands_differing(const cmp_scenario *s);
/* How many link differences a scenario has (links that differ). */
unsigned compare_links_differing(const cmp_scenario *s);

#endif
