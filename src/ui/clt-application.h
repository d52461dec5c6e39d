/* clt-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CLT_TYPE_APPLICATION    (clt_application_get_type ())
#define CLT_APPLICATION_DEFAULT (CLT_APPLICATION (g_application_get_default ()))

G_DECLARE_FINAL_TYPE (CltApplication, clt_application, CLT, APPLICATION, AdwApplication)

void            clt_application_init_i18n           (void);
CltApplication *clt_application_new                 (void);
const char     *clt_application_get_workspace_path  (CltApplication *self);
void            clt_application_set_workspace_path  (CltApplication *self,
                                                     const char     *path);

G_END_DECLS
