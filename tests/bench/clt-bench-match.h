/* clt-bench-match.h: the matcher on synthetic person records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "clt-core.h"

G_BEGIN_DECLS

typedef struct
{
  guint   records;
  guint64 compared;
  double  phase_seconds[CLT_MATCH_N_PHASES];
  /* The phases together: adding the records and clt_matcher_run(). */
  double  seconds;
  double  peak_mib;
  double  precision;
  double  recall;
  double  f1;
} CltBenchMatch;

void  clt_bench_match         (guint          records,
                               CltBenchMatch *result);
void  clt_bench_quality       (guint64       *keys,
                               guint          n,
                               double        *precision,
                               double        *recall,
                               double        *f1);
GStrv clt_bench_write_exports (guint          records,
                               const char    *dir,
                               GString       *truth);

G_END_DECLS
