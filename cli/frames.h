/* nspath frames PCAP...: the normalized one-line-per-frame rendering. */
#ifndef NSP_CLI_FRAMES_H
#define NSP_CLI_FRAMES_H

/* argv[0] is "frames"; returns the exit status (0, or 2 on an error). */
int nspath_frames_main(int argc, char **argv);

#endif
