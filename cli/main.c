/* nspath: the program's commands and the texts of its help and man page.
 * A new command is a table entry beside its handler (cli/commands.h) and a
 * line in commands[] below; docs/internals.md says how. */
#include "cli/commands.h"

#ifndef NSPATH_VERSION
#error "NSPATH_VERSION comes from CMake's project(VERSION)"
#endif

static const nsp_cli_command *const commands[] = {
    &cli_cmd_run,   &cli_cmd_check,  &cli_cmd_diff,  &cli_cmd_compare, &cli_cmd_frames,
    &cli_cmd_graph, &cli_cmd_report, &cli_cmd_clean, &nsp_cli_help,    NULL,
};

static const nsp_cli_section sections[] = {
    {"Scenario lines",
     "The commands nspath runs, with the options it models (the manual, docs/manual.md, has "
     "every form): ip (netns, link with veth and bridge, address, route, rule, neigh, -d, "
     "-batch), bridge fdb show and bridge link show, sysctl, ping, nc (client), tcpdump "
     "([-e] [-n] [-l] [-q] [-v] [-p] [-t|-tt|-ttt|-tttt] [-c N] [-s LEN] [-i IF] [-U] [-w FILE] "
     "[--immediate-mode] [EXPRESSION], the filter compiled by libpcap), and bash's sleep, kill "
     "[-SIG] %N, wait [%N] and jobs.  A line ending in & is a job of bash's job table: \"[N] "
     "PID\" under it, its output under the lines running when it prints, bash's Done notice "
     "before the next prompt.  A command that never ends by itself (tcpdump, ping without -c) "
     "typed without & runs in a second terminal: its output stays under its own line, and it "
     "gets Ctrl-C when the scenario ends.  COMMAND | grep [-i] [-v] [-E] [-w] [-c] [-o] [-e] "
     "PATTERN, | head -n N and | tail -n N filter a command's output as GNU grep and coreutils "
     "do; echo ... | CMD, printf ... | CMD and CMD <<< WORD give CMD its input.",
     false},
    {"Markdown documents",
     "A file with a fenced code block, or an indented one holding a \"$ \" prompt, is read as "
     "Markdown, parsed by cmark (CommonMark): its commands are the lines of its shell blocks, "
     "wherever they stand (block quotes, list items); prose, headings and HTML blocks are not "
     "read.  A fenced block is a shell's by its language (sh, bash, zsh, shell, console, ...: the "
     "first word of its info string) or, without one, by a \"$ \" prompt, as an indented block "
     "is.  In a block with prompts each \"$ \" line is a command and the lines under it its "
     "expected output (nspath check compares them; a command with nothing under it only when it "
     "fails); in a block without prompts every line is a command.  A trailing backslash "
     "continues a command.  Lines nspath cannot run (other programs, pipes, loops, placeholders "
     "such as [name]) are listed as FILE:LINE: skipped: why, and are not fatal.",
     false},
    {"JSON",
     "run, check, compare and frames --json print one JSON document, format 2 (nspath_json): the head "
     "(nspath_json, nspath_version, mode), file, result (match, differ, error) and commands "
     "(line, command, supported, exit_status, output; compared: expected, match, diff) are "
     "shared; JSON Schemas of each are in nspath's source, docs/schema/.",
     false},
    {"Exit status",
     "0: done, everything as expected.  1: check, diff or compare found a difference.  2: a bad "
     "command line, a line nspath cannot run, a file it cannot read, or no root for --real.  "
     "128+N: ended by signal N (everything nspath made is removed first).",
     true},
    {"Environment",
     "NSPATH_SIM_FAULT=no-ttl-decrement|no-arp-learning, read by nspath compare only: breaks the "
     "model on purpose, so the test suite can check that compare finds and names the "
     "difference.",
     false},
    {"Files",
     "captures/NAME/: the pcaps of nspath run SCENARIO, one per veth pair, FIRST--SECOND.pcap.  "
     "/run/netns/nspath-PID-NAME: namespaces kept by nspath run --real --keep, recorded under "
     "/run/nspath/ for nspath clean.",
     false},
    {"See also",
     "ip(8), ip-netns(8), ip-link(8), ip-route(8), ip-neighbour(8), bridge(8), ping(8), "
     "sysctl(8), tcpdump(8), pcap-filter(7), nc(1), grep(1), bash(1).  The manual, "
     "docs/manual.md, has every command and option nspath models.",
     false},
    {NULL, NULL, false},
};

static const nsp_cli_program program = {
    .name = "nspath",
    .version = NSPATH_VERSION,
    .summary = "show a packet's path through Linux network namespaces",
    .description =
        "nspath runs the command lines people type to build networks of Linux network "
        "namespaces (ip netns add, veth pairs, bridges, addresses, routes, sysctl, ping, "
        "tcpdump, nc, background jobs) in a "
        "deterministic in-memory simulation of the kernel (no root), or with --real on private "
        "kernel namespaces, and prints exactly what iproute2 6.1, procps, iputils, tcpdump and "
        "netcat print on "
        "Debian 12, with one pcap per veth pair.  nspath compare runs both and compares them, "
        "transcript and frames.\n\n"
        "A scenario is the lines a person types, one command a line; a Markdown document is "
        "read by its shell code blocks.  The Linux kernel is the specification: every golden "
        "scenario of nspath's test suite was recorded on a kernel.",
    .commands = commands,
    .sections = sections,
};

int main(int argc, char **argv) { return nsp_cli_main(&program, argc, argv); }
