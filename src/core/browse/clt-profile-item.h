/* clt-profile-item.h: one row of the profile browser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLT_TYPE_PROFILE_ITEM (clt_profile_item_get_type ())

G_DECLARE_FINAL_TYPE (CltProfileItem, clt_profile_item, CLT, PROFILE_ITEM, GObject)

gint64      clt_profile_item_get_id            (CltProfileItem *self);
gboolean    clt_profile_item_get_loading       (CltProfileItem *self);
const char *clt_profile_item_get_name          (CltProfileItem *self);
const char *clt_profile_item_get_email         (CltProfileItem *self);
const char *clt_profile_item_get_city          (CltProfileItem *self);
guint       clt_profile_item_get_sources       (CltProfileItem *self);
const char *clt_profile_item_get_last_activity (CltProfileItem *self);
gint64      clt_profile_item_get_spend_cents   (CltProfileItem *self);
const char *clt_profile_item_get_currency      (CltProfileItem *self);
guint       clt_profile_item_get_orders        (CltProfileItem *self);
const char *clt_profile_item_get_email_consent (CltProfileItem *self);
guint       clt_profile_item_get_n_records     (CltProfileItem *self);
const char *clt_profile_item_get_first_seen    (CltProfileItem *self);

G_END_DECLS
