/* clt-profile-row.c: a customer in a list: name, e-mail address, city, records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profile-row"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-profile-row.h"

struct _CltProfileRow
{
  AdwActionRow parent_instance;

  gint64       profile_id;
};

G_DEFINE_FINAL_TYPE (CltProfileRow, clt_profile_row, ADW_TYPE_ACTION_ROW)

static void
clt_profile_row_class_init (CltProfileRowClass *klass)
{
}

static void
clt_profile_row_init (CltProfileRow *self)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

/**
 * clt_profile_row_new:
 * @opens: whether activating the row opens the customer, shown by a chevron
 *
 * Returns: (transfer floating): a row for @summary's customer
 */
GtkWidget *
clt_profile_row_new (const CltProfileSummary *summary,
                     gboolean                 opens)
{
  CltProfileRow *self = g_object_new (CLT_TYPE_PROFILE_ROW, NULL);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *records = clt_format_count (summary->n_records);
  g_autofree char *subtitle = NULL;

  self->profile_id = summary->profile_id;

  if (summary->email)
    g_ptr_array_add (parts, g_strdup (summary->email));
  if (summary->city)
    g_ptr_array_add (parts, g_strdup (summary->city));
  /* Translators: how many imported records a customer has: "3 records" */
  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records", summary->n_records), records));
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv (" · ", (char **) parts->pdata);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), summary->name ? summary->name : _("Unnamed customer"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  if (opens)
    adw_action_row_add_suffix (ADW_ACTION_ROW (self), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return GTK_WIDGET (self);
}

gint64
clt_profile_row_get_profile_id (CltProfileRow *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ROW (self), 0);

  return self->profile_id;
}
