/* clt-profile-list.h: the workspace's profiles as a list model, paged off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-browse-types.h"
#include "clt-profile-item.h"
#include "clt-workspace.h"

G_BEGIN_DECLS

#define CLT_TYPE_PROFILE_LIST (clt_profile_list_get_type ())

G_DECLARE_FINAL_TYPE (CltProfileList, clt_profile_list, CLT, PROFILE_LIST, GObject)

/* Rows a page holds. */
#define CLT_PROFILE_LIST_PAGE_SIZE 128

CltProfileList *clt_profile_list_new            (CltWorkspace     *workspace);
void            clt_profile_list_set_search     (CltProfileList   *self,
                                                 const char       *text);
void            clt_profile_list_set_sort       (CltProfileList   *self,
                                                 CltProfileSort    sort,
                                                 gboolean          descending);
void            clt_profile_list_set_sources    (CltProfileList   *self,
                                                 guint             categories);
void            clt_profile_list_set_consent    (CltProfileList   *self,
                                                 CltConsentFilter  consent);
void            clt_profile_list_set_purchased  (CltProfileList   *self,
                                                 gboolean          only_purchased);
void            clt_profile_list_set_city       (CltProfileList   *self,
                                                 const char       *city);
void            clt_profile_list_reload         (CltProfileList   *self);
gboolean        clt_profile_list_get_loading    (CltProfileList   *self);
GStrv           clt_profile_list_dup_top_cities (CltWorkspace     *workspace,
                                                 guint             limit,
                                                 GError          **error);

G_END_DECLS
