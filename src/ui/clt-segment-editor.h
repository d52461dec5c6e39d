/* clt-segment-editor.h: the segment builder: palette, canvas and audience
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"
#include "clt-segment-canvas.h"
#include "clt-segment-palette.h"

G_BEGIN_DECLS

#define CLT_TYPE_SEGMENT_EDITOR (clt_segment_editor_get_type ())

G_DECLARE_FINAL_TYPE (CltSegmentEditor, clt_segment_editor, CLT, SEGMENT_EDITOR, AdwNavigationPage)

CltSegmentEditor  *clt_segment_editor_new            (CltWorkspace     *workspace,
                                                      gint64            segment_id);
gint64             clt_segment_editor_get_segment_id (CltSegmentEditor *self);
CltSegmentCanvas  *clt_segment_editor_get_canvas     (CltSegmentEditor *self);
CltSegmentPalette *clt_segment_editor_get_palette    (CltSegmentEditor *self);
gboolean           clt_segment_editor_get_counting   (CltSegmentEditor *self);
gint64             clt_segment_editor_get_total      (CltSegmentEditor *self);
gint64             clt_segment_editor_get_consented  (CltSegmentEditor *self);
guint              clt_segment_editor_get_n_samples  (CltSegmentEditor *self);
gboolean           clt_segment_editor_get_modified   (CltSegmentEditor *self);
gboolean           clt_segment_editor_save_as        (CltSegmentEditor *self,
                                                      const char       *name,
                                                      GError          **error);
void               clt_segment_editor_why_not        (CltSegmentEditor *self,
                                                      gint64            profile_id);
const char        *clt_segment_editor_get_why_not    (CltSegmentEditor *self);

G_END_DECLS
