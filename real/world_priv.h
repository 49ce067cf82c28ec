/* The real backend's state, shared by real/world.c and real/lazy.c. */
#ifndef REAL_WORLD_PRIV_H
#define REAL_WORLD_PRIV_H

#include <glib.h>
#include <netlink/netlink.h>
#include <stdbool.h>

#include "core/backend.h"
#include "real/capture.h"
#include "real/world.h"

typedef struct {
  char *name;             /* NULL: the private root */
  int fd;
  struct nl_sock *nl;
  int ifindex_hint;       /* net->ifindex: where the next allocation looks first */
} real_netns;

typedef struct {
  char first[NSP_IFNAMSIZ], second[NSP_IFNAMSIZ];
  real_capture *cap;
  bool open;              /* cap has opened (real_capture_wait) */
  uint64_t frames;
  bool done;
} real_pair;

struct real_world {
  nsp_backend base;
  real_netns root;
  GPtrArray *netns;       /* real_netns*, creation order */
  GPtrArray *pairs;       /* real_pair* */
  char *pcap_dir;
  GPtrArray *lazy;        /* real_lazy_pair*: veths not made yet (real/lazy.c) */
  uint16_t next_ident;    /* be_random_u16(): each ping its own ICMP identifier */
};

real_netns *real_ns_find(real_world *w, const char *name);
/* Starts the capture of the pair whose first-named end is ifname, now up in n. */
void real_capture_maybe_start(real_world *w, const char *ifname, real_netns *n);

#endif
