/* clt-initials-avatar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_INITIALS_AVATAR (clt_initials_avatar_get_type ())

G_DECLARE_FINAL_TYPE (CltInitialsAvatar, clt_initials_avatar, CLT, INITIALS_AVATAR, GtkWidget)

GtkWidget  *clt_initials_avatar_new          (int                size);
void        clt_initials_avatar_set_text     (CltInitialsAvatar *self,
                                              const char        *text);
const char *clt_initials_avatar_get_initials (CltInitialsAvatar *self);

G_END_DECLS
