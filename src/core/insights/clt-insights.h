/* clt-insights.h: computed insights (RFM, basket rules) and their background computation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-workspace.h"

G_BEGIN_DECLS

/**
 * CltInsightsProgressFunc:
 * @fraction: how much of the computation is done, 0 to 1
 *
 * Told how far a computation has come. The asynchronous computation calls it in the
 * caller's main context, at most about 20 times a second.
 */
typedef void (*CltInsightsProgressFunc) (double   fraction,
                                         gpointer user_data);

/**
 * CltRfmGroupSize:
 * @group: the group's key (see clt_insights_list_rfm_groups()), static
 * @profiles: how many customers the latest computation put into it
 */
typedef struct
{
  const char *group;
  gint64      profiles;
} CltRfmGroupSize;

/**
 * CltBasketRule:
 *
 * A stored association rule: who buys everything in @antecedent often also buys
 * @consequent. Product names are folded to lower case, as the workspace keeps them.
 */
typedef struct
{
  char  **antecedent;
  char   *consequent;
  gint64  baskets;     /* baskets holding both */
  double  support;     /* baskets holding both, of all baskets */
  double  confidence;  /* of the baskets holding the antecedent, those holding the consequent too */
  double  lift;        /* confidence over the consequent's own share of baskets */
} CltBasketRule;

void clt_basket_rule_free (CltBasketRule *rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltBasketRule, clt_basket_rule_free)

/**
 * CltInsightsOffer:
 *
 * A product suggested for one customer (next best offer): the stored rule that suggests it
 * most confidently, whose antecedent they bought and whose consequent they have not.
 */
typedef struct
{
  char   *product;
  char  **because;     /* what they bought that the rule starts from */
  double  confidence;
  double  lift;
} CltInsightsOffer;

void clt_insights_offer_free (CltInsightsOffer *offer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltInsightsOffer, clt_insights_offer_free)

gboolean            clt_insights_compute              (CltWorkspace             *workspace,
                                                       GDateTime                *now,
                                                       CltInsightsProgressFunc   progress,
                                                       gpointer                  progress_data,
                                                       GCancellable             *cancellable,
                                                       GError                  **error);
void                clt_insights_compute_async        (const char               *workspace_path,
                                                       GDateTime                *now,
                                                       CltInsightsProgressFunc   progress,
                                                       gpointer                  progress_data,
                                                       GCancellable             *cancellable,
                                                       GAsyncReadyCallback       callback,
                                                       gpointer                  user_data);
gboolean            clt_insights_compute_finish       (GAsyncResult             *result,
                                                       GError                  **error);

const char * const *clt_insights_list_rfm_groups      (void);
const char         *clt_insights_rfm_group_get_label  (const char               *group);
GArray             *clt_insights_count_rfm_groups     (CltWorkspace             *workspace,
                                                       GError                  **error);
GPtrArray          *clt_insights_list_rules           (CltWorkspace             *workspace,
                                                       guint                     limit,
                                                       GError                  **error);
GPtrArray          *clt_insights_dup_offers           (CltWorkspace             *workspace,
                                                       gint64                    profile_id,
                                                       guint                     max,
                                                       GError                  **error);

G_END_DECLS
