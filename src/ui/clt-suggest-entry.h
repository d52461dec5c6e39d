/* clt-suggest-entry.h: a text entry that offers values from the data as you type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_SUGGEST_ENTRY (clt_suggest_entry_get_type ())

G_DECLARE_FINAL_TYPE (CltSuggestEntry, clt_suggest_entry, CLT, SUGGEST_ENTRY, GtkWidget)

GtkWidget  *clt_suggest_entry_new            (const char      *workspace_path,
                                              const char      *field);
GtkEntry   *clt_suggest_entry_get_entry      (CltSuggestEntry *self);
const char *clt_suggest_entry_get_text       (CltSuggestEntry *self);
void        clt_suggest_entry_set_text       (CltSuggestEntry *self,
                                              const char      *text);
guint       clt_suggest_entry_get_n_suggestions (CltSuggestEntry *self);
const char *clt_suggest_entry_get_suggestion (CltSuggestEntry *self,
                                              guint            position);
void        clt_suggest_entry_pick           (CltSuggestEntry *self,
                                              guint            position);

G_END_DECLS
