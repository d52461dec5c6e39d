/* clt-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PAGE (clt_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (CltPage, clt_page, CLT, PAGE, AdwBin)

struct _CltPageClass
{
  AdwBinClass parent_class;

  /* Shows the workspace's current state; called when the workspace changes while the page
   * is shown, or when it is shown after a change. */
  void (*reload) (CltPage *self);
};

CltWorkspace *clt_page_get_workspace (CltPage      *self);
void          clt_page_set_workspace (CltPage      *self,
                                      CltWorkspace *workspace);
void          clt_page_reload        (CltPage      *self);
void          clt_page_set_counts    (CltPage      *self,
                                      GArray       *counts);
gint64        clt_page_get_count     (CltPage      *self,
                                      const char   *table);

G_END_DECLS
