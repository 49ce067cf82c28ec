/* Test-only fault hooks, compiled into the test program nspath-faults
 * (tests/faults/CMakeLists.txt) and never into nspath itself. */
#ifndef NSP_FAULT_HOOKS_H
#define NSP_FAULT_HOOKS_H

#include "core/scenario.h"

/* NSPATH_FAULT_KILL_AFTER=N: SIGKILL right after the Nth command line ran. */
void nsp_fault_hooks_attach(nsp_scenario_result *r);

#endif
