/* clt-resolver.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-matcher.h"

G_BEGIN_DECLS

/* The thresholds a new workspace starts with, as match probabilities. */
#define CLT_RESOLVE_DEFAULT_UPPER 0.03
#define CLT_RESOLVE_DEFAULT_LOWER 0.003

typedef enum
{
  CLT_RESOLVE_PHASE_LOAD,
  CLT_RESOLVE_PHASE_MATCH,
  CLT_RESOLVE_PHASE_WRITE,
  CLT_RESOLVE_N_PHASES
} CltResolvePhase;

/* How two records compare, field by field. */
typedef struct
{
  gint64         record_a;
  gint64         record_b;
  /* log2 odds that they are one person, and the part of it that holds before any field */
  double         score;
  double         prior;
  CltMatchLevel  levels[CLT_MATCH_N_FIELDS];
  double         weights[CLT_MATCH_N_FIELDS];
  char          *values_a[CLT_MATCH_N_FIELDS];
  char          *values_b[CLT_MATCH_N_FIELDS];
} CltMatchEvidence;

#define CLT_TYPE_RESOLVER (clt_resolver_get_type ())

G_DECLARE_FINAL_TYPE (CltResolver, clt_resolver, CLT, RESOLVER, GObject)

CltResolver      *clt_resolver_new              (const char           *workspace_path);
gboolean          clt_resolver_get_full         (CltResolver          *self);
void              clt_resolver_set_actor        (CltResolver          *self,
                                                 const char           *actor);
void              clt_resolver_set_full         (CltResolver          *self,
                                                 gboolean              full);
gboolean          clt_resolver_run              (CltResolver          *self,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
void              clt_resolver_run_async        (CltResolver          *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean          clt_resolver_run_finish       (CltResolver          *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
guint             clt_resolver_get_n_records    (CltResolver          *self);
guint             clt_resolver_get_n_profiles   (CltResolver          *self);
guint             clt_resolver_get_n_merged     (CltResolver          *self);
guint             clt_resolver_get_n_review     (CltResolver          *self);
guint64           clt_resolver_get_n_compared   (CltResolver          *self);
double            clt_resolver_get_seconds      (CltResolver          *self,
                                                 CltResolvePhase       phase);
CltMatchEvidence *clt_resolver_explain          (CltResolver          *self,
                                                 gint64                record_a,
                                                 gint64                record_b,
                                                 GError              **error);

void              clt_match_evidence_free       (CltMatchEvidence     *evidence);
char             *clt_match_evidence_to_json    (const CltMatchEvidence *evidence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltMatchEvidence, clt_match_evidence_free)

G_END_DECLS
