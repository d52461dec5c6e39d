/* clt-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_WINDOW (clt_window_get_type ())

G_DECLARE_FINAL_TYPE (CltWindow, clt_window, CLT, WINDOW, AdwApplicationWindow)

CltWindow    *clt_window_new            (AdwApplication *application);
CltWorkspace *clt_window_get_workspace  (CltWindow      *self);
gboolean      clt_window_open_workspace (CltWindow      *self,
                                         const char     *path,
                                         GError        **error);
void          clt_window_show_page      (CltWindow      *self,
                                         const char     *name);
const char   *clt_window_get_page       (CltWindow      *self);
void          clt_window_show_profile   (CltWindow      *self,
                                         gint64          profile_id);
void          clt_window_add_toast      (CltWindow      *self,
                                         AdwToast       *toast);
void          clt_window_show_toast     (GtkWidget      *widget,
                                         AdwToast       *toast);
void          clt_window_reload         (CltWindow      *self);

G_END_DECLS
