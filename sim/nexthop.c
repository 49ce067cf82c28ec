/* Nexthop objects (sim/nexthop.h). */
#include "sim/nexthop.h"

#include <errno.h>
#include <string.h>

#include "sim/sim.h"

static bool nh_fail(nsp_status *st, int err, const char *msg) {
  nsp_status_set(st, err, msg);
  return false;
}

static void nh_free(gpointer p) {
  sim_nh *o = p;
  g_free(o->grp);
  g_free(o->paths);
  g_free(o);
}

/* The position of id in the sorted list, or where it would go. */
static guint nh_pos(sim_netns *ns, uint32_t id, bool *found) {
  guint lo = 0, hi = ns->nexthops ? ns->nexthops->len : 0;
  *found = false;
  while (lo < hi) {
    guint mid = (lo + hi) / 2;
    uint32_t m = ((sim_nh *)g_ptr_array_index(ns->nexthops, mid))->nh.id;
    if (m == id) {
      *found = true;
      return mid;
    }
    if (m < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

sim_nh *sim_nh_find(sim_netns *ns, uint32_t id) {
  bool found;
  guint i = nh_pos(ns, id, &found);
  return found ? g_ptr_array_index(ns->nexthops, i) : NULL;
}

/* A group's members' paths, after any change to it or to a member. */
static void nh_group_refresh(sim_netns *ns, sim_nh *g) {
  g_free(g->paths);
  g->paths = g_new0(nsp_nh_path, g->nh.ngroup);
  for (unsigned i = 0; i < g->nh.ngroup; i++) {
    const sim_nh *m = sim_nh_find(ns, g->grp[i].id);
    if (m) g->paths[i] = m->path;
    g->paths[i].weight = g->grp[i].weight;
  }
  g->nh.group = g->grp;
}

static void nh_groups_refresh(sim_netns *ns) {
  for (guint i = 0; ns->nexthops && i < ns->nexthops->len; i++) {
    sim_nh *o = g_ptr_array_index(ns->nexthops, i);
    if (o->nh.ngroup) nh_group_refresh(ns, o);
  }
}

void sim_nh_paths(sim_netns *ns, uint32_t id, sim_paths *ps) {
  memset(ps, 0, sizeof *ps);
  const sim_nh *o = sim_nh_find(ns, id);
  if (!o) return;
  if (o->nh.blackhole) {
    ps->blackhole = true;
    return;
  }
  if (o->nh.ngroup) {
    /* a group of one blackhole is a blackhole */
    const sim_nh *m = o->nh.ngroup == 1 ? sim_nh_find(ns, o->grp[0].id) : NULL;
    if (m && m->nh.blackhole) {
      ps->blackhole = true;
      return;
    }
    ps->p = o->paths;
    ps->n = o->nh.ngroup;
    ps->group = true;
    return;
  }
  ps->p = &o->path;
  ps->n = 1;
}

/* nh_check_attr_group() and valid_group_nh() */
static bool nh_check_group(sim_netns *ns, const nsp_nexthop *nh, nsp_status *st) {
  for (unsigned i = 0; i < nh->ngroup; i++) {
    if (!nh->group[i].weight || nh->group[i].weight > 256)
      return nh_fail(st, EINVAL, "Invalid value for weight");
    for (unsigned j = i + 1; j < nh->ngroup; j++)
      if (nh->group[i].id == nh->group[j].id)
        return nh_fail(st, EINVAL, "Nexthop id can not be used twice in a group");
  }
  for (unsigned i = 0; i < nh->ngroup; i++) {
    const sim_nh *m = sim_nh_find(ns, nh->group[i].id);
    if (!m) return nh_fail(st, EINVAL, "Invalid nexthop id");
    if (m->nh.ngroup)
      return nh_fail(st, EINVAL, "Hash-threshold group can not be a nexthop within a group");
    if (m->nh.blackhole && nh->ngroup > 1)
      return nh_fail(st, EINVAL, "Blackhole nexthop can not be used in a group with more than 1 path");
  }
  if (nh->gw || nh->oif || nh->blackhole)
    return nh_fail(st, EINVAL, "No other attributes can be set in nexthop groups");
  return true;
}

/* rtm_to_nh_config() for a single nexthop, then nh_create_ipv4() */
static bool nh_check_single(sim_netns *ns, const nsp_nexthop *nh, nsp_nh_path *p,
                            nsp_status *st) {
  if (nh->blackhole) {
    if (nh->gw || nh->oif)
      return nh_fail(st, EINVAL, "Blackhole attribute can not be used with gateway, oif, encap or fdb");
    /* nexthop_create(): a blackhole's device is the loopback, checked by
     * fib_check_nh_nongw() like any other: down refuses it */
    sim_iface *lo = sim_netns_lo(ns);
    if (!lo || !lo->up) return nh_fail(st, ENETDOWN, "Device for nexthop is not up");
    return true;
  }
  if (!nh->oif)
    return nh_fail(st, EINVAL, "Device attribute required for non-blackhole and non-fdb nexthops");
  sim_iface *dev = sim_netns_iface_by_index(ns, nh->oif);
  if (!dev) return nh_fail(st, EINVAL, "Invalid device index");
  if (!dev->up) return nh_fail(st, ENETDOWN, "Nexthop device is not up");
  if (!sim_iface_carrier(dev)) return nh_fail(st, ENETDOWN, "Carrier for nexthop device is down");
  if (!nh->gw && (nh->flags & NSP_RTNH_F_ONLINK))
    return nh_fail(st, EINVAL, "ONLINK flag can not be set for nexthop without a gateway");
  *p = (nsp_nh_path){.gw = nh->gw, .oif = nh->oif, .weight = 1,
                     .flags = nh->flags & NSP_RTNH_F_ONLINK};
  /* fib_check_nh() in table main with scope 0 */
  return sim_fib_check_nh(ns, NSP_RT_TABLE_MAIN, NSP_SCOPE_UNIVERSE, p, st);
}

/* nh_find_unused_id(): on from the last id handed out */
static uint32_t nh_unused_id(sim_netns *ns) {
  uint32_t start = ns->nh_last_id;
  for (;;) {
    ns->nh_last_id++;
    if (ns->nh_last_id == start) return 0;
    if (ns->nh_last_id && !sim_nh_find(ns, ns->nh_last_id)) return ns->nh_last_id;
  }
}

/* replace_nexthop(): the kind stays (group or not); routes keep the id */
static bool nh_replace(sim_netns *ns, sim_nh *old, sim_nh *new, nsp_status *st) {
  if (old->nh.ngroup && !new->nh.ngroup)
    return nh_fail(st, EINVAL, "Can not replace a nexthop group with a nexthop.");
  if (!old->nh.ngroup && new->nh.ngroup)
    return nh_fail(st, EINVAL, "Can not replace a nexthop with a nexthop group.");
  g_free(old->grp);
  g_free(old->paths);
  *old = *new;
  g_free(new);
  if (old->nh.ngroup) nh_group_refresh(ns, old);
  nh_groups_refresh(ns);
  return true;
}

bool sim_nh_add(sim_netns *ns, const nsp_nexthop *nh, unsigned nlflags, nsp_status *st) {
  bool replace = nlflags & NSP_NLM_F_REPLACE;
  if (nh->ngroup ? nh->inet : !nh->inet)
    return nh_fail(st, EINVAL, nh->ngroup ? "Invalid family for group" : "Invalid address family");
  sim_nh o = {.nh = *nh};
  o.nh.group = NULL;
  if (nh->ngroup ? !nh_check_group(ns, nh, st) : !nh_check_single(ns, nh, &o.path, st)) return false;
  if (replace && !nh->id) return nh_fail(st, EINVAL, "Replace requires nexthop id");
  uint32_t id = nh->id ? nh->id : nh_unused_id(ns);
  if (!id) return nh_fail(st, EINVAL, "No unused id");
  o.nh.id = id;
  o.nh.inet = !nh->ngroup;
  o.nh.scope = nh->blackhole || nh->ngroup ? NSP_SCOPE_UNIVERSE
               : nh->gw && !(o.path.flags & NSP_RTNH_F_GW_HOST) ? NSP_SCOPE_LINK
                                                                : NSP_SCOPE_HOST;
  o.nh.flags = o.path.flags & (NSP_RTNH_F_ONLINK | NSP_RTNH_F_LINKDOWN);
  if (nh->ngroup) o.grp = g_memdup2(nh->group, nh->ngroup * sizeof *nh->group);
  bool found;
  guint pos = nh_pos(ns, id, &found);
  sim_nh *obj = g_memdup2(&o, sizeof o);
  if (found) {
    if (replace) return nh_replace(ns, g_ptr_array_index(ns->nexthops, pos), obj, st);
    nh_free(obj);
    return nh_fail(st, EEXIST, NULL);
  }
  if (!ns->nexthops) ns->nexthops = g_ptr_array_new_with_free_func(nh_free);
  g_ptr_array_insert(ns->nexthops, (gint)pos, obj);
  if (obj->nh.ngroup) nh_group_refresh(ns, obj);
  return true;
}

static bool route_uses_nh(const sim_route *r, const void *ctx) {
  return r->nhid && r->nhid == *(const uint32_t *)ctx;
}

/* remove_nexthop(): out of every group (a group left empty goes too),
 * then the routes that named it, then the object */
static void nh_remove(sim_netns *ns, uint32_t id) {
  for (guint i = 0; ns->nexthops && i < ns->nexthops->len; i++) {
    sim_nh *g = g_ptr_array_index(ns->nexthops, i);
    unsigned k = 0;
    for (unsigned j = 0; j < g->nh.ngroup; j++)
      if (g->grp[j].id != id) g->grp[k++] = g->grp[j];
    if (k == g->nh.ngroup) continue;
    g->nh.ngroup = (uint16_t)k;
    if (!k) {
      uint32_t gid = g->nh.id;
      nh_remove(ns, gid);
      i = (guint)-1; /* the list changed: start over */
      continue;
    }
    nh_group_refresh(ns, g);
  }
  sim_tables_remove_if(ns, route_uses_nh, &id);
  bool found;
  guint pos = nh_pos(ns, id, &found);
  if (found) g_ptr_array_remove_index(ns->nexthops, pos);
}

/* __nh_valid_get_del_req(), then the object */
bool sim_nh_del(sim_netns *ns, const nsp_nexthop *nh, nsp_status *st) {
  if (nh->protocol || nh->flags) return nh_fail(st, EINVAL, "Invalid values in header");
  if (!nh->has_id) return nh_fail(st, EINVAL, "Nexthop id is missing");
  if (!nh->id) return nh_fail(st, EINVAL, "Invalid nexthop id");
  if (!sim_nh_find(ns, nh->id)) return nh_fail(st, ENOENT, NULL);
  nh_remove(ns, nh->id);
  return true;
}

nsp_nexthop *sim_nh_list(sim_netns *ns, uint32_t id, size_t *n, nsp_status *st) {
  *n = 0;
  if (id) {
    sim_nh *o = sim_nh_find(ns, id);
    if (!o) {
      nh_fail(st, ENOENT, NULL);
      return NULL;
    }
    *n = 1;
    return nsp_nexthops_pack(&o->nh, 1);
  }
  guint len = ns->nexthops ? ns->nexthops->len : 0;
  nsp_nexthop *all = g_new0(nsp_nexthop, len + 1);
  for (guint i = 0; i < len; i++) all[i] = ((sim_nh *)g_ptr_array_index(ns->nexthops, i))->nh;
  nsp_nexthop *out = nsp_nexthops_pack(all, len);
  g_free(all);
  *n = len;
  return out;
}

void sim_nh_flush_dev(sim_netns *ns, int ifindex) {
  for (guint i = 0; ns->nexthops && i < ns->nexthops->len; i++) {
    sim_nh *o = g_ptr_array_index(ns->nexthops, i);
    if (o->nh.ngroup || o->nh.blackhole || o->nh.oif != ifindex) continue;
    nh_remove(ns, o->nh.id);
    i = (guint)-1;
  }
}

void sim_nh_free_all(sim_netns *ns) {
  if (ns->nexthops) g_ptr_array_free(ns->nexthops, TRUE);
  ns->nexthops = NULL;
}
