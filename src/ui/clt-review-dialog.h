/* clt-review-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_REVIEW_DIALOG (clt_review_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltReviewDialog, clt_review_dialog, CLT, REVIEW_DIALOG, AdwDialog)

CltReviewDialog *clt_review_dialog_new (CltWorkspace *workspace);

G_END_DECLS
