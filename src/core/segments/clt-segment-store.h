/* clt-segment-store.h: saved segments in the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-segment.h"
#include "clt-workspace.h"

G_BEGIN_DECLS

gint64      clt_segment_store_save            (CltWorkspace     *workspace,
                                               const char       *name,
                                               CltSegmentGroup  *root,
                                               CltSegmentKind    kind,
                                               const char       *actor,
                                               GError          **error);
gboolean    clt_segment_store_update          (CltWorkspace     *workspace,
                                               gint64            id,
                                               CltSegmentGroup  *root,
                                               const char       *actor,
                                               GError          **error);
gboolean    clt_segment_store_rename          (CltWorkspace     *workspace,
                                               gint64            id,
                                               const char       *name,
                                               const char       *actor,
                                               GError          **error);
gint64      clt_segment_store_duplicate       (CltWorkspace     *workspace,
                                               gint64            id,
                                               const char       *name,
                                               const char       *actor,
                                               GError          **error);
gboolean    clt_segment_store_delete          (CltWorkspace     *workspace,
                                               gint64            id,
                                               const char       *actor,
                                               GError          **error);
gboolean    clt_segment_store_undelete        (CltWorkspace     *workspace,
                                               gint64            id,
                                               const char       *actor,
                                               GError          **error);
gboolean    clt_segment_store_restore_version (CltWorkspace     *workspace,
                                               gint64            id,
                                               gint64            version,
                                               const char       *actor,
                                               GError          **error);
gboolean    clt_segment_store_freeze          (CltWorkspace     *workspace,
                                               gint64            id,
                                               const char       *actor,
                                               GError          **error);
CltSegment *clt_segment_store_get             (CltWorkspace     *workspace,
                                               gint64            id,
                                               GError          **error);
gint64      clt_segment_store_find            (CltWorkspace     *workspace,
                                               const char       *name);
GListModel *clt_segment_store_list            (CltWorkspace     *workspace,
                                               GError          **error);
GListModel *clt_segment_store_list_versions   (CltWorkspace     *workspace,
                                               gint64            id,
                                               GError          **error);
GArray     *clt_segment_store_list_members    (CltWorkspace     *workspace,
                                               gint64            id,
                                               GError          **error);
gboolean    clt_segment_store_look            (CltWorkspace     *workspace,
                                               gint64            id,
                                               const char       *actor,
                                               GArray          **entered,
                                               GArray          **left,
                                               GError          **error);
gboolean    clt_segment_store_overlap         (CltWorkspace     *workspace,
                                               gint64            a,
                                               gint64            b,
                                               gint64           *only_a,
                                               gint64           *both,
                                               gint64           *only_b,
                                               GError          **error);

gboolean    clt_segment_store_add_members     (CltWorkspace     *workspace,
                                               gint64            id,
                                               const gint64     *ids,
                                               guint             n_ids,
                                               const char       *actor,
                                               GArray          **added,
                                               GError          **error);
gboolean    clt_segment_store_remove_members  (CltWorkspace     *workspace,
                                               gint64            id,
                                               const gint64     *ids,
                                               guint             n_ids,
                                               const char       *actor,
                                               GError          **error);
gint64      clt_segment_store_save_list       (CltWorkspace     *workspace,
                                               const char       *name,
                                               const gint64     *ids,
                                               guint             n_ids,
                                               const char       *actor,
                                               GError          **error);
gint64      clt_segment_store_save_suggestion (CltWorkspace     *workspace,
                                               const char       *name,
                                               const gint64     *ids,
                                               guint             n_ids,
                                               const char       *suggestion,
                                               const char       *actor,
                                               GError          **error);

G_END_DECLS
