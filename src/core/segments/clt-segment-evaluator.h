/* clt-segment-evaluator.h: counting segments on a connection of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-segment-counts.h"
#include "clt-segment-group.h"
#include "clt-segment-member.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_EVALUATOR (clt_segment_evaluator_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentEvaluator, clt_segment_evaluator, CLT, SEGMENT_EVALUATOR, GObject)

CltSegmentEvaluator *clt_segment_evaluator_new          (const char           *workspace_path,
                                                         GError              **error);
void                 clt_segment_evaluator_set_now      (CltSegmentEvaluator  *self,
                                                         GDateTime            *now);
void                 clt_segment_evaluator_set_purpose  (CltSegmentEvaluator  *self,
                                                         const char           *purpose,
                                                         const char           *channel);
CltSegmentCounts    *clt_segment_evaluator_count        (CltSegmentEvaluator  *self,
                                                         CltSegmentGroup      *root,
                                                         guint                 n_samples,
                                                         GCancellable         *cancellable,
                                                         GError              **error);
void                 clt_segment_evaluator_count_async  (CltSegmentEvaluator  *self,
                                                         CltSegmentGroup      *root,
                                                         guint                 n_samples,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
CltSegmentCounts    *clt_segment_evaluator_count_finish (CltSegmentEvaluator  *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
CltSegmentCounts    *clt_segment_evaluator_count_sql    (CltSegmentEvaluator  *self,
                                                         CltSegmentGroup      *root,
                                                         GCancellable         *cancellable,
                                                         GError              **error);
CltSegmentMember    *clt_segment_evaluator_explain      (CltSegmentEvaluator  *self,
                                                         CltSegmentGroup      *root,
                                                         gint64                profile_id,
                                                         GCancellable         *cancellable,
                                                         GError              **error);
void                 clt_segment_evaluator_explain_async (CltSegmentEvaluator *self,
                                                         CltSegmentGroup      *root,
                                                         gint64                profile_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
CltSegmentMember    *clt_segment_evaluator_explain_finish (CltSegmentEvaluator *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
GArray              *clt_segment_evaluator_list_members (CltSegmentEvaluator  *self,
                                                         CltSegmentGroup      *root,
                                                         GCancellable         *cancellable,
                                                         GError              **error);

G_END_DECLS
