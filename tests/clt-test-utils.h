/* clt-test-utils.h: helpers the tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

char      *clt_test_make_tmp_dir (const char *prefix);
GtkWidget *clt_test_find_button  (GtkWidget  *widget,
                                  const char *text);
GtkWidget *clt_test_find_type    (GtkWidget  *widget,
                                  GType       type);
GtkWidget *clt_test_find_class   (GtkWidget  *widget,
                                  const char *css_class);
void       clt_test_wait_until   (gboolean  (*done) (gpointer),
                                  gpointer    data);
void       clt_test_settle       (guint       ms);
gboolean   clt_test_is_mapped    (gpointer    widget);

G_END_DECLS
