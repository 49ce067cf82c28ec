/* linkwatch (net/core/link_watch.c): a carrier change reaches a device's
 * operational state -- and with it IFF_RUNNING, which `ip link` shows as
 * the absence of NO-CARRIER, the qdisc that lets frames out, and the
 * NETDEV_CHANGE that IPv6's addrconf waits for -- through one kernel-wide
 * work.
 *
 * An urgent event runs the work at once (linkwatch_urgent_event()): a
 * device with a lower device (iflink != ifindex: a veth) always, and any
 * device whose carrier comes back while its qdisc is deactivated ("drop
 * delay for up event").  Other events -- a bridge losing its carrier --
 * wait until linkwatch_nextevent, one second after the last full run; a
 * run at or after that moment is a full one and starts a new second, a
 * run before it takes only the urgent events.  So a bridge that loses its
 * carrier within a second of a full run still reads UP for a while
 * (recorded: a bridge given a down port right after coming up shows
 * <BROADCAST,MULTICAST,UP> state UNKNOWN, no LOWER_UP and no NO-CARRIER),
 * while regaining it shows at once.  The veth's own state is applied at
 * once by sim/iface.c; only its part in starting a second is modelled here. */
#include "sim/bridge.h"

#define LW_DELAY_NS 1000000000ULL /* HZ */

/* linkwatch_do_dev(): rfc2863_policy(), the qdisc, NETDEV_CHANGE */
static void lw_apply(sim_iface *dev) {
  dev->lw_pending = false;
  if (dev->kind != NSP_LINK_BRIDGE) return;
  bool carrier = dev->br && dev->br->carrier;
  /* default_operstate(): a bridge has no lower device: DOWN, never
   * LOWERLAYERDOWN; computed whether the bridge is up or not */
  uint8_t state = carrier ? NSP_OPER_UP : NSP_OPER_DOWN;
  if (dev->up) dev->qdisc_active = carrier; /* dev_activate() / dev_deactivate() */
  if (state == dev->operstate) return;
  dev->operstate = state;
  sim_iface_oper_changed(dev);
}

static bool lw_urgent(const sim_iface *dev) {
  if (dev->kind == NSP_LINK_VETH) return true;
  return dev->up && dev->br && dev->br->carrier && !dev->qdisc_active;
}

/* __linkwatch_run_queue(urgent_only) */
static void lw_run(sim_world *w, bool urgent_only) {
  if (!urgent_only) w->lw_next = w->now + LW_DELAY_NS;
  GPtrArray *keep = g_ptr_array_new();
  for (guint i = 0; i < w->lw_pending->len; i++) {
    sim_iface *dev = g_ptr_array_index(w->lw_pending, i);
    if (urgent_only && !lw_urgent(dev)) g_ptr_array_add(keep, dev);
    else lw_apply(dev);
  }
  g_ptr_array_free(w->lw_pending, TRUE);
  w->lw_pending = keep;
  if (keep->len && !sim_timer_pending(&w->lw_timer))
    sim_timerq_arm(&w->timers, &w->lw_timer, w->lw_next);
}

static void lw_timer_fn(sim_timer *t, void *ctx) {
  sim_world *w = ctx;
  (void)t;
  lw_run(w, w->now < w->lw_next);
}

void sim_linkwatch_init(sim_world *w) {
  w->lw_pending = g_ptr_array_new();
  sim_timer_init(&w->lw_timer, lw_timer_fn, w);
}

void sim_linkwatch_free(sim_world *w) {
  sim_timerq_cancel(&w->timers, &w->lw_timer);
  g_ptr_array_free(w->lw_pending, TRUE);
}

void sim_linkwatch_event(sim_iface *dev) {
  sim_world *w = dev->ns->w;
  if (!dev->lw_pending) {
    dev->lw_pending = true;
    g_ptr_array_add(w->lw_pending, dev);
  }
  /* linkwatch_schedule_work(): at once when urgent or past the second
   * (the delay wraps to 0), else when the second is over */
  if (lw_urgent(dev) || w->now >= w->lw_next) lw_run(w, w->now < w->lw_next);
  else if (!sim_timer_pending(&w->lw_timer)) sim_timerq_arm(&w->timers, &w->lw_timer, w->lw_next);
}

/* The device goes: its event with it (linkwatch_forget_dev()). */
void sim_linkwatch_forget(sim_iface *dev) {
  if (!dev->lw_pending) return;
  g_ptr_array_remove(dev->ns->w->lw_pending, dev);
  dev->lw_pending = false;
}
