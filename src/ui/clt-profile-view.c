/* clt-profile-view.c: one customer: the golden values, where each came from, the records
 *
 * Records can be split off into a customer of their own, and another customer merged in;
 * both apply at once and offer Undo in a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profile-view"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-merge-dialog.h"
#include "clt-profile-view.h"

struct _CltProfileView
{
  AdwNavigationPage     parent_instance;

  AdwPreferencesGroup  *details_group;
  AdwPreferencesGroup  *records_group;
  GPtrArray            *rows;

  CltWorkspace         *workspace;
  gint64                profile_id;
  char                 *name;
};

G_DEFINE_FINAL_TYPE (CltProfileView, clt_profile_view, ADW_TYPE_NAVIGATION_PAGE)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
rule_label (const char *rule)
{
  if (g_strcmp0 (rule, "source-priority") == 0)
    return _("from the leading source");
  if (g_strcmp0 (rule, "most-recent") == 0)
    return _("the most recent");
  if (g_strcmp0 (rule, "most-frequent") == 0)
    return _("given most often");
  if (g_strcmp0 (rule, "longest") == 0)
    return _("the most complete");
  return _("chosen by hand");
}

static const char *
link_label (const char *rule)
{
  if (g_strcmp0 (rule, "email") == 0)
    return _("Same e-mail address");
  if (g_strcmp0 (rule, "card") == 0)
    return _("Same loyalty card");
  if (g_strcmp0 (rule, "order") == 0)
    return _("Same order");
  if (g_strcmp0 (rule, "score") == 0)
    return _("Matched by name, address and other details");
  if (g_strcmp0 (rule, "confirmed") == 0)
    return _("Confirmed by a person");
  return NULL;
}

static void
clear_group (CltProfileView      *self,
             AdwPreferencesGroup *group)
{
  for (guint i = self->rows->len; i > 0; i--)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i - 1);

      if (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP) == GTK_WIDGET (group))
        {
          adw_preferences_group_remove (group, row);
          g_ptr_array_remove_index (self->rows, i - 1);
        }
    }
}

static void
add_row (CltProfileView      *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
show_message (CltProfileView *self,
              const char     *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_warning ("%s", message);
}

static void
clt_profile_view_undo_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  CltProfileView *self = CLT_PROFILE_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!clt_identity_undo (self->workspace, g_variant_get_int64 (param), &error))
    {
      show_message (self, error->message);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  clt_profile_view_reload (self);
}

static void
toast_undo_cb (AdwToast       *toast,
               CltProfileView *self)
{
  gint64 operation = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "operation"));

  gtk_widget_activate_action (GTK_WIDGET (self), "profile.undo", "x", operation);
}

/* A toast with Undo for @operation; the window's toast overlay is above this page, out of
 * reach of its actions, so the toast's button calls back. */
static void
offer_undo (CltProfileView *self,
            const char     *title,
            gint64          operation)
{
  AdwToast *toast = adw_toast_new (title);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "operation", GSIZE_TO_POINTER (operation));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static void
split_clicked_cb (GtkButton      *button,
                  CltProfileView *self)
{
  gint64 record = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "record"));
  g_autoptr(GError) error = NULL;
  gint64 operation;

  if (!(operation = clt_identity_split (self->workspace, self->profile_id, &record, 1, &error)))
    {
      show_message (self, error->message);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  clt_profile_view_reload (self);
  offer_undo (self, _("Split off into a customer of their own"), operation);
}

static void
merge_chosen_cb (CltMergeDialog *dialog,
                 gint64          other,
                 CltProfileView *self)
{
  g_autoptr(GError) error = NULL;
  gint64 operation;

  if (!(operation = clt_identity_merge (self->workspace, self->profile_id, other, &error)))
    {
      show_message (self, error->message);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  clt_profile_view_reload (self);
  offer_undo (self, _("Merged into this customer"), operation);
}

static void
clt_profile_view_merge_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  CltProfileView *self = CLT_PROFILE_VIEW (widget);
  CltMergeDialog *dialog = clt_merge_dialog_new (self->workspace, self->profile_id);

  g_signal_connect_object (dialog, "chosen", G_CALLBACK (merge_chosen_cb), self, 0);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

static void
fill_details (CltProfileView *self)
{
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GError) error = NULL;

  clear_group (self, self->details_group);
  if (!(values = clt_identity_list_values (self->workspace, self->profile_id, &error)))
    {
      g_warning ("%s", error->message);
      return;
    }

  g_clear_pointer (&self->name, g_free);
  for (guint f = 1; f < CLT_N_FIELDS; f++)
    for (guint i = 0; i < values->len; i++)
      {
        CltProfileValue *value = g_ptr_array_index (values, i);
        GtkWidget *row;
        g_autofree char *subtitle = NULL;
        g_autofree char *shown = NULL;

        if (clt_field_from_id (value->field) != f)
          continue;
        shown = clt_format_value (value->field, value->value);
        if (f == CLT_FIELD_FIRST_NAME || f == CLT_FIELD_LAST_NAME)
          {
            char *name = self->name ? g_strjoin (" ", self->name, value->value, NULL) : g_strdup (value->value);

            g_free (self->name);
            self->name = name;
          }

        row = adw_action_row_new ();
        if (value->origin)
          {
            g_autoptr(GDateTime) imported = value->imported_at ? g_date_time_new_from_iso8601 (value->imported_at, NULL) : NULL;
            g_autofree char *when = imported ? clt_format_date_time (imported) : g_strdup ("");

            /* Translators: a value's field, origin, import and rule:
             * "E-mail · CRM · kunden.csv, row 12 · imported 23.11.2026 14:31 · from the leading source" */
            subtitle = g_strdup_printf (_("%s · %s · imported %s · %s"), clt_field_get_label (f), value->origin, when,
                                        rule_label (value->rule));
          }
        else
          subtitle = g_strdup_printf ("%s · %s", clt_field_get_label (f), rule_label (value->rule));
        if (value->competing && value->competing[0])
          {
            g_autofree char *others = g_strjoinv (", ", value->competing);
            /* Translators: the other values a customer's records give for a field */
            g_autofree char *also = g_strdup_printf (_("Also given: %s"), others);
            char *both = g_strconcat (subtitle, "\n", also, NULL);

            g_free (subtitle);
            subtitle = both;
          }
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
        adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
        add_row (self, self->details_group, row);
      }
}

static void
fill_records (CltProfileView *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  clear_group (self, self->records_group);
  if (!(records = clt_identity_list_records (self->workspace, self->profile_id, &error)))
    {
      g_warning ("%s", error->message);
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      CltProfileRecord *record = g_ptr_array_index (records, i);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GDateTime) imported = g_date_time_new_from_iso8601 (record->imported_at, NULL);
      g_autofree char *when = imported ? clt_format_date_time (imported) : g_strdup ("");
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT, record->row);
      g_autofree char *subtitle = NULL;
      const char *why = link_label (record->rule);

      /* Translators: a record's origin: "HubSpot · kunden.csv, row 12 · imported 23.11.2026 14:31" */
      subtitle = g_strdup_printf (_("%s · %s, row %s · imported %s"), record->source, record->file, line, when);
      if (why)
        {
          g_autofree char *with_why = g_strdup_printf ("%s\n%s", subtitle, why);

          g_free (subtitle);
          subtitle = g_steal_pointer (&with_why);
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), record->summary && record->summary[0] ? record->summary : record->file);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

      if (records->len > 1)
        {
          GtkWidget *split = gtk_button_new_with_mnemonic (_("Split _Off"));

          gtk_widget_set_valign (split, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (split, _("This record is someone else: make it a customer of its own"));
          g_object_set_data (G_OBJECT (split), "record", GSIZE_TO_POINTER (record->record_id));
          g_signal_connect_object (split, "clicked", G_CALLBACK (split_clicked_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), split);
        }
      add_row (self, self->records_group, row);
    }

  /* Translators: the title of a customer's records: "Records (4)" */
  title = g_strdup_printf (_("Records (%u)"), records->len);
  adw_preferences_group_set_title (self->records_group, title);
}

/**
 * clt_profile_view_reload:
 *
 * Reads the customer again.
 */
void
clt_profile_view_reload (CltProfileView *self)
{
  g_autofree char *id = NULL;

  g_return_if_fail (CLT_IS_PROFILE_VIEW (self));

  fill_details (self);
  fill_records (self);

  id = g_strdup_printf ("%" G_GINT64_FORMAT, self->profile_id);
  adw_navigation_page_set_title (ADW_NAVIGATION_PAGE (self), self->name ? self->name : id);
}

static void
clt_profile_view_dispose (GObject *object)
{
  CltProfileView *self = (CltProfileView *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_PROFILE_VIEW);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (clt_profile_view_parent_class)->dispose (object);
}

static void
clt_profile_view_class_init (CltProfileViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_profile_view_dispose;

  /**
   * CltProfileView::changed:
   *
   * A merge, split or undo changed the workspace's customers.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-profile-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, details_group);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, records_group);

  gtk_widget_class_install_action (widget_class, "profile.merge", NULL, clt_profile_view_merge_cb);
  gtk_widget_class_install_action (widget_class, "profile.undo", "x", clt_profile_view_undo_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "profile.merge", NULL);
}

static void
clt_profile_view_init (CltProfileView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

/**
 * clt_profile_view_new:
 *
 * Returns: (transfer floating): a page showing customer @profile_id
 */
CltProfileView *
clt_profile_view_new (CltWorkspace *workspace,
                      gint64        profile_id)
{
  CltProfileView *self;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (CLT_TYPE_PROFILE_VIEW, NULL);
  self->workspace = g_object_ref (workspace);
  self->profile_id = profile_id;
  clt_profile_view_reload (self);

  return self;
}

gint64
clt_profile_view_get_profile_id (CltProfileView *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_VIEW (self), 0);

  return self->profile_id;
}
