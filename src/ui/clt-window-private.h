/* clt-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-settings.h"
#include "clt-window.h"

G_BEGIN_DECLS

#define CLT_WINDOW_N_SECTIONS 5

struct _CltWindow
{
  AdwApplicationWindow  parent_instance;

  CltWorkspace         *workspace;
  CltSettings          *settings;
  GCancellable         *sample_cancellable;
  GCancellable         *count_cancellable;
  GCancellable         *resolve_cancellable;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *welcome_page;
  AdwNavigationSplitView *split_view;
  GtkListBox           *sidebar_list;
  GtkLabel             *workspace_label;
  AdwNavigationPage    *content_page;
  GtkStack             *pages_stack;
  GtkLabel             *section_counts[CLT_WINDOW_N_SECTIONS];
};

void _clt_window_class_actions_init (CltWindowClass *klass);
void _clt_window_actions_update     (CltWindow      *self);
void _clt_window_import_files       (CltWindow      *self,
                                     GListModel     *files);
void _clt_window_resolve            (CltWindow      *self,
                                     gboolean        full);

G_END_DECLS
