/* clt-settings.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLT_SETTING_KEY_WINDOW_WIDTH        "window-width"
#define CLT_SETTING_KEY_WINDOW_HEIGHT       "window-height"
#define CLT_SETTING_KEY_WINDOW_MAXIMIZED    "window-maximized"
#define CLT_SETTING_KEY_LAST_WORKSPACE      "last-workspace"
#define CLT_SETTING_KEY_OPEN_LAST_WORKSPACE "open-last-workspace"
#define CLT_SETTING_KEY_ACTOR_NAME          "actor-name"

#define CLT_TYPE_SETTINGS (clt_settings_get_type ())

G_DECLARE_FINAL_TYPE (CltSettings, clt_settings, CLT, SETTINGS, GObject)

CltSettings *clt_settings_new                     (void);
GSettings   *clt_settings_get_settings            (CltSettings *self);
char        *clt_settings_dup_last_workspace      (CltSettings *self);
void         clt_settings_set_last_workspace      (CltSettings *self,
                                                   const char  *path);
gboolean     clt_settings_get_open_last_workspace (CltSettings *self);
void         clt_settings_set_open_last_workspace (CltSettings *self,
                                                   gboolean     open_last_workspace);
char        *clt_settings_dup_actor_name          (CltSettings *self);
void         clt_settings_set_actor_name          (CltSettings *self,
                                                   const char  *name);
void         clt_settings_get_window_size         (CltSettings *self,
                                                   int         *width,
                                                   int         *height);

G_END_DECLS
