/* clt-venn-diagram.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_VENN_DIAGRAM (clt_venn_diagram_get_type ())

G_DECLARE_FINAL_TYPE (CltVennDiagram, clt_venn_diagram, CLT, VENN_DIAGRAM, GtkWidget)

GtkWidget *clt_venn_diagram_new        (void);
void       clt_venn_diagram_set_counts (CltVennDiagram *self,
                                        gint64          only_a,
                                        gint64          both,
                                        gint64          only_b);
void       clt_venn_diagram_set_labels (CltVennDiagram *self,
                                        const char     *name_a,
                                        const char     *name_b);

G_END_DECLS
