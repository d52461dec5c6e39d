/* clt-profile-view.c: one customer: who they are, what happened, where each value came from
 *
 * A header with the customer's key facts and consent; an overview of the golden values, each
 * with its origin and the values other records give, any of which can be chosen or replaced by
 * hand; a timeline of what happened, newest first, read a page at a time; and the source
 * records, each openable as imported. Merges, splits and changed values apply at once and
 * offer Undo in a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profile-view"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-golden.h"
#include "clt-merge-dialog.h"
#include "clt-profile-consent.h"
#include "clt-profile-insights.h"
#include "clt-requests-dialog.h"
#include "clt-profile-view.h"
#include "clt-source-icon.h"

/* Timeline rows read at a time: the first are shown sooner than a longer page would be. */
#define TIMELINE_PAGE 20

struct _CltProfileView
{
  AdwNavigationPage     parent_instance;

  AdwAvatar            *avatar;
  GtkLabel             *name_label;
  GtkLabel             *facts_label;
  AdwWrapBox           *badges;
  AdwViewStack         *stack;
  AdwPreferencesPage   *overview_page;
  AdwPreferencesPage   *sources_page;
  GtkScrolledWindow    *timeline_scroller;
  GtkListBox           *details_list;
  AdwPreferencesGroup  *segments_group;
  AdwPreferencesGroup  *records_group;
  GtkStack             *timeline_stack;
  GtkListBox           *timeline;
  CltProfileConsent    *consent;
  CltProfileInsights   *insights;
  GPtrArray            *rows;
  /* the details' row of each golden field */
  GtkWidget            *detail_rows[CLT_GOLDEN_N_FIELDS];

  CltWorkspace         *workspace;
  GCancellable         *cancellable;
  gint64                profile_id;
  char                 *name;
  GDateTime            *now;
  /* where the timeline read so far ends, and whether there is more */
  CltTimelineCursor     cursor;
  gboolean              timeline_complete;
  /* reading the timeline's next page, once the main loop is idle */
  guint                 timeline_idle;
  /* the timeline and the records are read when first shown after a change */
  gboolean              timeline_stale;
  gboolean              records_stale;
};

G_DEFINE_FINAL_TYPE (CltProfileView, clt_profile_view, ADW_TYPE_NAVIGATION_PAGE)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef void (*UndoFunc) (CltProfileView *self,
                          AdwToast       *toast);

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
  if (g_strcmp0 (rule, "entered") == 0)
    return _("entered by hand");
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

static const char *
purpose_label (const char *purpose)
{
  if (g_strcmp0 (purpose, "email_marketing") == 0)
    return _("E-mail marketing");
  if (g_strcmp0 (purpose, "sms_marketing") == 0)
    return _("Text message marketing");
  return purpose;
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
changed (CltProfileView *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
  clt_profile_view_reload (self);
}

static void
toast_undo_cb (AdwToast       *toast,
               CltProfileView *self)
{
  UndoFunc undo = g_object_get_data (G_OBJECT (toast), "undo");

  undo (self, toast);
}

/* A toast with Undo; the window's toast overlay is above this page, out of reach of its
 * actions, so the toast's button calls back. Returns the toast, to carry what @undo needs. */
static AdwToast *
offer_undo (CltProfileView *self,
            const char     *title,
            UndoFunc        undo)
{
  AdwToast *toast = adw_toast_new (title);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "undo", undo);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_ref_sink (toast);

  return toast;
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

  changed (self);
}

static void
undo_operation (CltProfileView *self,
                AdwToast       *toast)
{
  gint64 operation = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "operation"));

  gtk_widget_activate_action (GTK_WIDGET (self), "profile.undo", "x", operation);
}

static void
offer_undo_operation (CltProfileView *self,
                      const char     *title,
                      gint64          operation)
{
  AdwToast *toast = offer_undo (self, title, undo_operation);

  g_object_set_data (G_OBJECT (toast), "operation", GSIZE_TO_POINTER (operation));
}

/* Changing a value */

static void
undo_value (CltProfileView *self,
            AdwToast       *toast)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "profile.set-value", "(sms)",
                              g_object_get_data (G_OBJECT (toast), "field"),
                              g_object_get_data (G_OBJECT (toast), "previous"));
}

/* Pins @value (NULL: lets the rule choose again) and offers to put back what was there. */
static void
set_value (CltProfileView *self,
           const char     *field,
           const char     *value)
{
  g_autofree char *previous = clt_identity_dup_pinned_value (self->workspace, self->profile_id, field);
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (!clt_identity_pin_value (self->workspace, self->profile_id, field, value, &error))
    {
      show_message (self, error->message);
      return;
    }

  changed (self);
  toast = offer_undo (self, value ? _("Value changed") : _("The rule chooses the value again"), undo_value);
  g_object_set_data_full (G_OBJECT (toast), "field", g_strdup (field), g_free);
  g_object_set_data_full (G_OBJECT (toast), "previous", g_steal_pointer (&previous), g_free);
}

static void
clt_profile_view_set_value_cb (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  const char *field;
  const char *value;

  g_variant_get (param, "(&sm&s)", &field, &value);
  set_value (CLT_PROFILE_VIEW (widget), field, value);
}

static void
use_clicked_cb (GtkButton      *button,
                CltProfileView *self)
{
  set_value (self, g_object_get_data (G_OBJECT (button), "field"), g_object_get_data (G_OBJECT (button), "value"));
}

static void
unpin_clicked_cb (GtkButton      *button,
                  CltProfileView *self)
{
  set_value (self, g_object_get_data (G_OBJECT (button), "field"), NULL);
}

static void
edit_response_cb (AdwAlertDialog *dialog,
                  const char     *response,
                  CltProfileView *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_alert_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "save") == 0)
    set_value (self, g_object_get_data (G_OBJECT (dialog), "field"), gtk_editable_get_text (entry));
}

static void
edit_clicked_cb (GtkButton      *button,
                 CltProfileView *self)
{
  const char *field = g_object_get_data (G_OBJECT (button), "field");
  const char *value = g_object_get_data (G_OBJECT (button), "value");
  AdwDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *shown = clt_format_value (field, value);

  /* Translators: the heading of a dialog changing a customer's value, such as "Change City" */
  dialog = adw_alert_dialog_new (NULL, _("The value you enter stays, whatever the imported records say, until you let the rule choose again."));
  adw_alert_dialog_format_heading (ADW_ALERT_DIALOG (dialog), _("Change %s"),
                                   clt_field_get_label (clt_field_from_id (field)));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "save");
  gtk_editable_set_text (GTK_EDITABLE (entry), shown ? shown : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  clt_field_get_label (clt_field_from_id (field)), -1);
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), entry);
  g_object_set_data_full (G_OBJECT (dialog), "field", g_strdup (field), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_response_cb), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
  gtk_widget_grab_focus (entry);
}

static GtkWidget *
value_button (CltProfileView *self,
              const char     *icon_name,
              const char     *tooltip,
              GCallback       clicked)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", clicked, self, 0);

  return button;
}

/* Overview */

static char *
value_subtitle (const CltProfileValue *value)
{
  g_autoptr(GDateTime) imported = NULL;
  g_autofree char *when = NULL;

  if (value->origin == NULL)
    return g_strdup (rule_label (value->rule));

  imported = value->imported_at ? g_date_time_new_from_iso8601 (value->imported_at, NULL) : NULL;
  when = imported ? clt_format_date_time (imported) : g_strdup ("");
  /* Translators: a value's origin, import and rule:
   * "CRM · kunden.csv, row 12 · imported 23.11.2026 14:31 · from the leading source" */
  return g_strdup_printf (_("%s · imported %s · %s"), value->origin, when, rule_label (value->rule));
}

/* The unpin and edit buttons of @field's row, kept on the row to be given the next value. */
static void
add_value_buttons (CltProfileView *self,
                   GtkWidget      *row,
                   const char     *field)
{
  GtkWidget *unpin = value_button (self, "edit-undo-symbolic", _("Let the rule choose again"),
                                   G_CALLBACK (unpin_clicked_cb));
  GtkWidget *edit = value_button (self, "document-edit-symbolic", _("Change"), G_CALLBACK (edit_clicked_cb));

  g_object_set_data_full (G_OBJECT (unpin), "field", g_strdup (field), g_free);
  g_object_set_data_full (G_OBJECT (edit), "field", g_strdup (field), g_free);

  if (ADW_IS_EXPANDER_ROW (row))
    {
      adw_expander_row_add_suffix (ADW_EXPANDER_ROW (row), unpin);
      adw_expander_row_add_suffix (ADW_EXPANDER_ROW (row), edit);
    }
  else
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), unpin);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
    }
  g_object_set_data (G_OBJECT (row), "unpin", unpin);
  g_object_set_data (G_OBJECT (row), "edit", edit);
}

/* A row with the value chosen and, to choose instead, the competing values. */
static GtkWidget *
competing_row (CltProfileView        *self,
               const char            *field,
               const CltProfileValue *value)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_expander_row_set_subtitle_lines (ADW_EXPANDER_ROW (row), 3);
  for (guint i = 0; value->competing[i]; i++)
    {
      GtkWidget *other = adw_action_row_new ();
      g_autofree char *other_shown = clt_format_value (field, value->competing[i]);
      GtkWidget *use = gtk_button_new_with_mnemonic (_("_Use This"));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (other), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (other), other_shown);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (other), value->competing_origins[i]);
      gtk_widget_set_valign (use, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (use), "field", g_strdup (field), g_free);
      g_object_set_data_full (G_OBJECT (use), "value", g_strdup (value->competing[i]), g_free);
      g_signal_connect_object (use, "clicked", G_CALLBACK (use_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (other), use);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), other);
    }
  add_value_buttons (self, row, field);

  return row;
}

/* Details: a row per golden field. A plain row is kept and given the next customer's value;
 * a row with competing values is built anew. */
static void
fill_details (CltProfileView *self)
{
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GError) error = NULL;

  if (!(values = clt_identity_list_values (self->workspace, self->profile_id, &error)))
    {
      g_warning ("%s", error->message);
      return;
    }

  g_clear_pointer (&self->name, g_free);
  for (guint f = 0; f < CLT_GOLDEN_N_FIELDS; f++)
    {
      const char *field = clt_golden_field_get_id (f);
      const char *label = clt_field_get_label (clt_field_from_id (field));
      CltProfileValue *value = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = self->detail_rows[f];

      for (guint i = 0; value == NULL && i < values->len; i++)
        if (g_str_equal (((CltProfileValue *) g_ptr_array_index (values, i))->field, field))
          value = g_ptr_array_index (values, i);

      if (value && (f == CLT_GOLDEN_FIRST_NAME || f == CLT_GOLDEN_LAST_NAME))
        {
          char *name = self->name ? g_strjoin (" ", self->name, value->value, NULL) : g_strdup (value->value);

          g_free (self->name);
          self->name = name;
        }

      if (value && value->competing && value->competing[0])
        row = competing_row (self, field, value);
      else if (row == NULL || ADW_IS_EXPANDER_ROW (row))
        {
          row = adw_action_row_new ();
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
          add_value_buttons (self, row, field);
        }
      if (row != self->detail_rows[f])
        {
          if (self->detail_rows[f])
            gtk_list_box_remove (self->details_list, self->detail_rows[f]);
          gtk_list_box_insert (self->details_list, row, f);
          self->detail_rows[f] = row;
        }

      shown = value ? clt_format_value (field, value->value) : NULL;
      subtitle = value ? value_subtitle (value) : g_strdup (_("Not known"));
      if (shown)
        {
          char *both = g_strdup_printf ("%s · %s", label, subtitle);

          g_free (subtitle);
          subtitle = both;
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      /* The field names the row; the value is its content. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown ? shown : label);
      if (ADW_IS_EXPANDER_ROW (row))
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
      if (shown)
        gtk_widget_remove_css_class (row, "dim-label");
      else
        gtk_widget_add_css_class (row, "dim-label");

      gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "unpin"), value && value->pinned);
      g_object_set_data_full (g_object_get_data (G_OBJECT (row), "edit"), "value",
                              g_strdup (value ? value->value : NULL), g_free);
    }
}

/* Segments: which saved segments hold the customer now, and the values that put them there;
 * worked out in a thread, as each dynamic segment is counted. */

typedef struct
{
  char     *name;
  gboolean  chosen;
  char     *why;
} InSegment;

static void
in_segment_free (InSegment *in)
{
  g_free (in->name);
  g_free (in->why);
  g_free (in);
}

/* The condition at @path ("0/2": the third child of the first child) below @root. */
static CltSegmentNode *
node_at (CltSegmentGroup *root,
         const char      *path)
{
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);
  CltSegmentNode *node = CLT_SEGMENT_NODE (root);

  for (guint i = 0; steps[i] && steps[i][0]; i++)
    {
      guint64 index;

      if (!CLT_IS_SEGMENT_GROUP (node) || !g_ascii_string_to_unsigned (steps[i], 10, 0, G_MAXUINT, &index, NULL) ||
          index >= clt_segment_group_get_n_children (CLT_SEGMENT_GROUP (node)))
        return NULL;
      node = clt_segment_group_get_child (CLT_SEGMENT_GROUP (node), index);
    }

  return node;
}

/* "Orders: 13, City: München": each condition met, by its field, with the customer's value. */
static char *
describe_why (CltSegmentGroup  *root,
              CltSegmentMember *member)
{
  const char * const *paths = clt_segment_member_get_paths (member);
  const char * const *values = clt_segment_member_get_values (member);
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;

  for (guint i = 0; paths && paths[i] && values && values[i]; i++)
    {
      CltSegmentNode *node = node_at (root, paths[i]);
      const char *field = CLT_IS_CONDITION (node) ? clt_condition_get_field (CLT_CONDITION (node)) : NULL;

      if (field)
        /* Translators: a condition's field and the customer's value: "City: München" */
        g_strv_builder_take (parts, g_strdup_printf (_("%s: %s"), clt_segment_catalogue_get_label (field), values[i]));
      else if (values[i][0])
        g_strv_builder_add (parts, values[i]);
    }
  all = g_strv_builder_end (parts);

  return all[0] ? g_strjoinv (", ", all) : NULL;
}

static void
segments_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CltProfileView *self = source_object;
  const char *path = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(CltSegmentEvaluator) evaluator = NULL;
  g_autoptr(GListModel) segments = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) in_segment_free);
  g_autoptr(GError) error = NULL;

  if (!(workspace = clt_workspace_open (path, &error)) || !(segments = clt_segment_store_list (workspace, &error)) ||
      !(evaluator = clt_segment_evaluator_new (path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (segments) && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(CltSegment) segment = g_list_model_get_item (segments, i);
      g_autoptr(CltSegmentGroup) root = NULL;
      g_autoptr(CltSegmentMember) member = NULL;
      g_autoptr(GArray) members = NULL;
      InSegment *in;

      if (clt_segment_get_deleted (segment))
        continue;
      if (clt_segment_get_kind (segment) == CLT_SEGMENT_KIND_STATIC)
        {
          gboolean is_member = FALSE;

          members = clt_segment_store_list_members (workspace, clt_segment_get_id (segment), NULL);
          for (guint j = 0; members && j < members->len && !is_member; j++)
            is_member = g_array_index (members, gint64, j) == self->profile_id;
          if (!is_member)
            continue;
          in = g_new0 (InSegment, 1);
          in->chosen = TRUE;
        }
      else
        {
          if (!(root = clt_segment_dup_root (segment, NULL)) ||
              !(member = clt_segment_evaluator_explain (evaluator, root, self->profile_id, cancellable, NULL)) ||
              !clt_segment_member_get_is_member (member))
            continue;
          in = g_new0 (InSegment, 1);
          in->why = describe_why (root, member);
        }
      in->name = g_strdup (clt_segment_get_name (segment));
      g_ptr_array_add (found, in);
    }

  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

static void
segments_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CltProfileView *self = CLT_PROFILE_VIEW (object);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (found == NULL)
    {
      g_warning ("Could not read the customer's segments: %s", error->message);
      return;
    }

  clear_group (self, self->segments_group);
  for (guint i = 0; i < found->len; i++)
    {
      InSegment *in = g_ptr_array_index (found, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *why = NULL;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), in->name);
      if (in->chosen)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("On this fixed list, chosen by hand"));
      else if (in->why)
        {
          /* Translators: the values that put a customer in a segment: "Because of: München, 4" */
          why = g_strdup_printf (_("Because of: %s"), in->why);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why);
        }
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
          in->chosen ? "view-list-bullet-symbolic" : "clt-segments-symbolic"));
      add_row (self, self->segments_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->segments_group), found->len > 0);
}

static void
fill_segments (CltProfileView *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, segments_found_cb, NULL);
  g_task_set_task_data (task, g_strdup (clt_workspace_get_path (self->workspace)), g_free);
  g_task_run_in_thread (task, segments_thread);
}

/* Header */

static void
add_badge (CltProfileView *self,
           const char     *text,
           const char     *style,
           const char     *tooltip)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, style);
  gtk_widget_set_tooltip_text (badge, tooltip);
  adw_wrap_box_append (self->badges, badge);
}

static void
fill_header (CltProfileView *self)
{
  g_autoptr(CltProfileFacts) facts = NULL;
  g_autoptr(GPtrArray) consent = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badges))))
    adw_wrap_box_remove (self->badges, child);

  if (!(facts = clt_timeline_get_facts (self->workspace, self->profile_id, &error)) ||
      !(consent = clt_timeline_list_consent (self->workspace, self->profile_id, &error)))
    {
      g_warning ("%s", error->message);
      return;
    }

  if (facts->first_seen)
    {
      g_autoptr(GDateTime) since = clt_format_parse_time (facts->first_seen);

      if (since)
        /* Translators: %d is a year */
        g_ptr_array_add (parts, g_strdup_printf (_("Customer since %d"), g_date_time_get_year (since)));
    }
  if (facts->orders > 0)
    {
      g_autofree char *count = clt_format_count (facts->orders);

      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order", "%s orders", facts->orders),
                                               count));
      g_ptr_array_add (parts, clt_format_money (facts->spend_cents, facts->currency));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("No purchases yet")));
  if (facts->last_purchase)
    {
      g_autofree char *ago = clt_format_relative (facts->last_purchase, self->now);

      /* Translators: %s is how long ago, such as "12 days ago" */
      g_ptr_array_add (parts, g_strdup_printf (_("last bought %s"), ago));
    }
  else if (facts->last_activity)
    {
      g_autofree char *ago = clt_format_relative (facts->last_activity, self->now);

      /* Translators: %s is how long ago, such as "12 days ago" */
      g_ptr_array_add (parts, g_strdup_printf (_("last active %s"), ago));
    }
  g_ptr_array_add (parts, NULL);
  line = g_strjoinv (" · ", (char **) parts->pdata);
  gtk_label_set_label (self->facts_label, line);

  for (guint i = 0; i < consent->len; i++)
    {
      CltConsentState *state = g_ptr_array_index (consent, i);
      g_autofree char *text = NULL;
      g_autofree char *when = clt_format_date (state->event_time);
      g_autofree char *tooltip = NULL;
      const char *style;

      if (g_str_equal (state->action, "given"))
        {
          style = state->confirmed ? "success" : "warning";
          text = state->confirmed
            /* Translators: a consent badge: "E-mail marketing: yes" */
            ? g_strdup_printf (_("%s: yes"), purpose_label (state->purpose))
            /* Translators: a consent badge for a consent without a double opt-in */
            : g_strdup_printf (_("%s: yes, weak proof"), purpose_label (state->purpose));
        }
      else
        {
          style = "error";
          /* Translators: a consent badge: "E-mail marketing: no" */
          text = g_strdup_printf (_("%s: no"), purpose_label (state->purpose));
        }
      /* Translators: a consent badge's tooltip: the address, and the date of the latest event */
      tooltip = g_strdup_printf (_("%s, since %s"), state->identifier, when);
      add_badge (self, text, style, tooltip);
    }
  if (consent->len == 0)
    add_badge (self, _("No consent recorded"), "dim", _("Unknown means no: this customer may not be sent marketing."));
}

/* Timeline */

static const char *
timeline_icon (CltTimelineKind kind)
{
  switch (kind)
    {
    case CLT_TIMELINE_PURCHASE: return "clt-shop-symbolic";
    case CLT_TIMELINE_RECEIPT: return "auth-smartcard-symbolic";
    case CLT_TIMELINE_NEWSLETTER_OPTIN: return "mail-unread-symbolic";
    case CLT_TIMELINE_NEWSLETTER_CONFIRM: return "mail-read-symbolic";
    case CLT_TIMELINE_UNSUBSCRIBE: return "mail-mark-junk-symbolic";
    case CLT_TIMELINE_BOUNCE: return "mail-mark-important-symbolic";
    case CLT_TIMELINE_CONSENT: return "security-high-symbolic";
    case CLT_TIMELINE_RECORD_CREATED: return "contact-new-symbolic";
    case CLT_TIMELINE_RECORD_CHANGED: return "document-edit-symbolic";
    case CLT_TIMELINE_MERGE: return "clt-merge-symbolic";
    case CLT_TIMELINE_SPLIT: return "clt-split-symbolic";
    case CLT_TIMELINE_OTHER:
    default: return "document-open-recent-symbolic";
    }
}

static char *
timeline_title (const CltTimelineEvent *event)
{
  switch (event->kind)
    {
    case CLT_TIMELINE_PURCHASE:
      /* Translators: %s is an order number */
      return event->order ? g_strdup_printf (_("Order %s"), event->order) : g_strdup (_("Purchase"));
    case CLT_TIMELINE_RECEIPT:
      /* Translators: %s is a store */
      return event->store ? g_strdup_printf (_("Receipt at %s"), event->store) : g_strdup (_("Receipt"));
    case CLT_TIMELINE_NEWSLETTER_OPTIN:
      return g_strdup (_("Signed up for the newsletter"));
    case CLT_TIMELINE_NEWSLETTER_CONFIRM:
      return g_strdup (_("Confirmed the newsletter sign-up"));
    case CLT_TIMELINE_UNSUBSCRIBE:
      return g_strdup (_("Unsubscribed from the newsletter"));
    case CLT_TIMELINE_BOUNCE:
      return g_strdup (_("E-mails to this address bounced"));
    case CLT_TIMELINE_CONSENT:
      if (g_strcmp0 (event->action, "given") == 0)
        /* Translators: %s is a purpose, such as "E-mail marketing" */
        return g_strdup_printf (_("Consent given: %s"), purpose_label (event->purpose));
      if (g_strcmp0 (event->action, "refused") == 0)
        /* Translators: %s is a purpose, such as "E-mail marketing" */
        return g_strdup_printf (_("Consent refused: %s"), purpose_label (event->purpose));
      if (g_strcmp0 (event->action, "invalidated") == 0)
        /* Translators: %s is a purpose, such as "E-mail marketing" */
        return g_strdup_printf (_("Address unusable: %s"), purpose_label (event->purpose));
      /* Translators: %s is a purpose, such as "E-mail marketing" */
      return g_strdup_printf (_("Consent withdrawn: %s"), purpose_label (event->purpose));
    case CLT_TIMELINE_RECORD_CREATED:
      /* Translators: %s is a system, such as "HubSpot" */
      return g_strdup_printf (_("Became a customer in %s"), event->source);
    case CLT_TIMELINE_RECORD_CHANGED:
      /* Translators: %s is a system, such as "HubSpot" */
      return g_strdup_printf (_("Changed in %s"), event->source);
    case CLT_TIMELINE_MERGE:
      return g_strdup (_("Merged with another customer"));
    case CLT_TIMELINE_SPLIT:
      return g_strdup (_("Split into two customers"));
    case CLT_TIMELINE_OTHER:
    default:
      return g_strdup (_("Activity"));
    }
}

static GtkWidget *
timeline_row (CltProfileView         *self,
              const CltTimelineEvent *event)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (timeline_icon (event->kind));
  g_autofree char *title = timeline_title (event);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) at = clt_format_parse_time (event->at);
  g_autoptr(GDateTime) local = at ? g_date_time_to_local (at) : NULL;
  g_autofree char *day = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (icon, "timeline-icon");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (event->items && event->items[0])
    g_ptr_array_add (lines, g_strjoinv (", ", event->items));
  if (event->kind == CLT_TIMELINE_PURCHASE && event->store)
    g_ptr_array_add (lines, g_strdup (event->store));
  if (event->kind == CLT_TIMELINE_CONSENT && event->identifier)
    g_ptr_array_add (lines, event->method ? g_strdup_printf ("%s · %s", event->identifier, event->method)
                                          : g_strdup (event->identifier));
  if (event->source && event->kind != CLT_TIMELINE_RECORD_CREATED && event->kind != CLT_TIMELINE_RECORD_CHANGED)
    {
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT, event->row);

      /* Translators: where a row came from: "Shopify · orders.csv, row 12" */
      g_ptr_array_add (lines, g_strdup_printf (_("%s · %s, row %s"), event->source, event->file, line));
    }
  else if (event->file)
    {
      g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT, event->row);

      /* Translators: where a row came from: "kunden.csv, row 12" */
      g_ptr_array_add (lines, g_strdup_printf (_("%s, row %s"), event->file, line));
    }
  g_ptr_array_add (lines, NULL);
  if (lines->len > 1)
    {
      g_autofree char *subtitle = g_strjoinv ("\n", (char **) lines->pdata);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
    }

  if (event->has_amount)
    {
      g_autofree char *amount = clt_format_money (event->amount_cents, event->currency);
      GtkWidget *label = gtk_label_new (amount);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  /* A time of day, where the event has one. */
  if (local && event->at && strchr (event->at, 'T'))
    {
      g_autofree char *time = g_date_time_format (local, "%H:%M");
      GtkWidget *label = gtk_label_new (time);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  day = local ? g_date_time_format (strchr (event->at, 'T') ? local : at, "%Y-%m-%d") : g_strdup ("");
  g_object_set_data_full (G_OBJECT (row), "day", g_steal_pointer (&day), g_free);

  return row;
}

static void
timeline_header_cb (GtkListBoxRow *row,
                    GtkListBoxRow *before,
                    gpointer       user_data)
{
  CltProfileView *self = user_data;
  const char *day = g_object_get_data (G_OBJECT (row), "day");
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;
  GtkWidget *header;

  /* The rows go with the page. */
  if (self->now == NULL)
    return;
  if (before && g_strcmp0 (day, g_object_get_data (G_OBJECT (before), "day")) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (gtk_list_box_row_get_header (row))
    return;

  date = clt_format_parse_time (day);
  text = date ? clt_format_day (date, self->now) : g_strdup (_("Date not known"));
  header = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "timeline-day");
  gtk_list_box_row_set_header (row, header);
}

static void
load_timeline_page (CltProfileView *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  if (self->timeline_complete)
    return;
  if (!(events = clt_timeline_list (self->workspace, self->profile_id, self->cursor.at ? &self->cursor : NULL,
                                    TIMELINE_PAGE, &error)))
    {
      g_warning ("%s", error->message);
      return;
    }

  for (guint i = 0; i < events->len; i++)
    gtk_list_box_append (self->timeline, timeline_row (self, g_ptr_array_index (events, i)));
  if (events->len > 0)
    {
      CltTimelineEvent *last = g_ptr_array_index (events, events->len - 1);

      g_free (self->cursor.at);
      self->cursor.at = g_strdup (last->cursor.at);
      self->cursor.tag = last->cursor.tag;
      self->cursor.id = last->cursor.id;
    }
  self->timeline_complete = events->len < TIMELINE_PAGE;
  gtk_stack_set_visible_child_name (self->timeline_stack,
                                    gtk_widget_get_first_child (GTK_WIDGET (self->timeline)) ? "list" : "empty");
}

static gboolean
timeline_idle_cb (gpointer data)
{
  CltProfileView *self = data;

  self->timeline_idle = 0;
  /* Another customer's, or out of date: read anew when shown. */
  if (!self->timeline_stale)
    load_timeline_page (self);

  return G_SOURCE_REMOVE;
}

/* Less than a screen of the timeline is left below what is shown: the next page is read,
 * after the layout that told. */
static void
timeline_scrolled_cb (CltProfileView *self,
                      GtkAdjustment  *adjustment)
{
  double below = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment) -
                 gtk_adjustment_get_page_size (adjustment);

  if (!self->timeline_complete && !self->timeline_stale && self->timeline_idle == 0 &&
      below < gtk_adjustment_get_page_size (adjustment))
    self->timeline_idle = g_idle_add (timeline_idle_cb, self);
}

static void
fill_timeline (CltProfileView *self)
{
  self->timeline_stale = FALSE;
  gtk_list_box_remove_all (self->timeline);
  g_clear_pointer (&self->cursor.at, g_free);
  self->timeline_complete = FALSE;
  load_timeline_page (self);
}

/* Consent: the tab reads and acts; the actions are the view's, for its menu too. */

static void
consent_changed_cb (CltProfileView *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
consent_erased_cb (CltProfileView *self)
{
  /* Nothing is left of the customer: back to the list, which reads again. */
  gtk_widget_activate_action (GTK_WIDGET (self), "navigation.pop", NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
requests_changed_cb (CltProfileView *self)
{
  /* Answering a request may have erased the customer, or restricted them. */
  clt_profile_consent_reload (self->consent);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
clt_profile_view_consent_action_cb (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  CltProfileView *self = CLT_PROFILE_VIEW (widget);

  if (g_str_equal (action_name, "profile.consent-proof"))
    clt_profile_consent_show_proof (self->consent);
  else if (g_str_equal (action_name, "profile.export-data"))
    clt_profile_consent_choose_export_folder (self->consent);
  else if (g_str_equal (action_name, "profile.restrict"))
    clt_profile_consent_ask_restrict (self->consent);
  else if (g_str_equal (action_name, "profile.object"))
    clt_profile_consent_restrict (self->consent, CLT_RESTRICTION_KIND_OBJECTION, NULL);
  else if (g_str_equal (action_name, "profile.erase"))
    clt_profile_consent_ask_erase (self->consent);
  else if (g_str_equal (action_name, "profile.record-request") || g_str_equal (action_name, "profile.show-requests"))
    {
      CltRequestsDialog *dialog = clt_requests_dialog_new (self->workspace);

      if (g_str_equal (action_name, "profile.record-request"))
        clt_requests_dialog_record_for (dialog, self->profile_id, self->name);
      g_signal_connect_object (dialog, "changed", G_CALLBACK (requests_changed_cb), self, G_CONNECT_SWAPPED);
      adw_dialog_present (ADW_DIALOG (dialog), widget);
    }
}

/* Sources */

static void
record_activated_cb (AdwActionRow   *row,
                     CltProfileView *self)
{
  gint64 record = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "record"));
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) values = NULL;
  g_autoptr(GError) error = NULL;
  AdwDialog *dialog;
  GtkWidget *toolbar, *page, *group;
  guint n_columns, n_values;

  if (!clt_identity_read_raw_row (self->workspace, record, &columns, &values, &error))
    {
      show_message (self, error->message);
      return;
    }

  dialog = adw_dialog_new ();
  adw_dialog_set_title (dialog, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  adw_dialog_set_content_width (dialog, 480);
  adw_dialog_set_content_height (dialog, 560);
  toolbar = adw_toolbar_view_new ();
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar), adw_header_bar_new ());
  page = adw_preferences_page_new ();
  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  n_columns = g_strv_length (columns);
  n_values = g_strv_length (values);
  for (guint i = 0; i < MAX (n_columns, n_values); i++)
    {
      GtkWidget *cell = adw_action_row_new ();
      const char *value = i < n_values ? values[i] : "";

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (cell), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cell), i < n_columns && columns[i][0] ? columns[i] : "—");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (cell), value[0] ? value : "—");
      adw_action_row_set_subtitle_selectable (ADW_ACTION_ROW (cell), TRUE);
      gtk_widget_add_css_class (cell, "property");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), cell);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar), page);
  adw_dialog_set_child (dialog, toolbar);
  adw_dialog_present (dialog, GTK_WIDGET (self));
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

  changed (self);
  offer_undo_operation (self, _("Split off into a customer of their own"), operation);
}

static void
merge_chosen_cb (CltMergeDialog *dialog,
                 gint64          other,
                 const char     *name,
                 CltProfileView *self)
{
  g_autoptr(GError) error = NULL;
  gint64 operation;

  if (!(operation = clt_identity_merge (self->workspace, self->profile_id, other, &error)))
    {
      show_message (self, error->message);
      return;
    }

  changed (self);
  offer_undo_operation (self, _("Merged into this customer"), operation);
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
fill_records (CltProfileView *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  self->records_stale = FALSE;
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
      g_object_set_data (G_OBJECT (row), "record", GSIZE_TO_POINTER (record->record_id));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (record_activated_cb), self, 0);

      if (records->len > 1)
        {
          GtkWidget *split = gtk_button_new_with_mnemonic (_("Split _Off"));

          gtk_widget_set_valign (split, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (split, _("This record is someone else: make it a customer of its own"));
          g_object_set_data (G_OBJECT (split), "record", GSIZE_TO_POINTER (record->record_id));
          g_signal_connect_object (split, "clicked", G_CALLBACK (split_clicked_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), split);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      add_row (self, self->records_group, row);
    }

  /* Translators: the title of a customer's records: "Records (4)" */
  title = g_strdup_printf (_("Records (%u)"), records->len);
  adw_preferences_group_set_title (self->records_group, title);
}

static void
visible_view_changed_cb (CltProfileView *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  if (self->timeline_stale && g_strcmp0 (name, "timeline") == 0)
    fill_timeline (self);
  else if (self->records_stale && g_strcmp0 (name, "sources") == 0)
    fill_records (self);
}

/* The view's own parts; the consent and insights tabs read for themselves. */
static void
read_profile (CltProfileView *self)
{
  g_autofree char *id = NULL;

  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_new_now_local ();
  fill_details (self);
  fill_header (self);
  fill_segments (self);
  self->timeline_stale = TRUE;
  self->records_stale = TRUE;
  visible_view_changed_cb (self);

  id = g_strdup_printf ("%" G_GINT64_FORMAT, self->profile_id);
  adw_navigation_page_set_title (ADW_NAVIGATION_PAGE (self), self->name ? self->name : id);
  gtk_label_set_label (self->name_label, self->name ? self->name : id);
  adw_avatar_set_text (self->avatar, self->name ? self->name : id);
}

/**
 * clt_profile_view_reload:
 *
 * Reads the customer again.
 */
void
clt_profile_view_reload (CltProfileView *self)
{
  g_return_if_fail (CLT_IS_PROFILE_VIEW (self));

  read_profile (self);
  clt_profile_insights_reload (self->insights);
  clt_profile_consent_reload (self->consent);
}

/**
 * clt_profile_view_set_profile:
 *
 * Shows customer @profile_id from its overview, at the top, as a new page would.
 */
void
clt_profile_view_set_profile (CltProfileView *self,
                              gint64          profile_id)
{
  g_return_if_fail (CLT_IS_PROFILE_VIEW (self));

  if (profile_id != self->profile_id)
    /* Another customer's segments are not shown while this one's are worked out. */
    gtk_widget_set_visible (GTK_WIDGET (self->segments_group), FALSE);
  self->profile_id = profile_id;
  adw_view_stack_set_visible_child_name (self->stack, "overview");
  adw_preferences_page_scroll_to_top (self->overview_page);
  adw_preferences_page_scroll_to_top (self->sources_page);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->timeline_scroller), 0);
  clt_profile_consent_set_profile (self->consent, self->workspace, profile_id);
  clt_profile_insights_set_profile (self->insights, self->workspace, profile_id);
  read_profile (self);
}

static void
clt_profile_view_dispose (GObject *object)
{
  CltProfileView *self = (CltProfileView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeline_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_PROFILE_VIEW);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->cursor.at, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, avatar);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, name_label);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, facts_label);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, badges);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, stack);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, overview_page);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, sources_page);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, timeline_scroller);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, details_list);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, segments_group);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, records_group);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, timeline);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, consent);
  gtk_widget_class_bind_template_child (widget_class, CltProfileView, insights);
  gtk_widget_class_bind_template_callback (widget_class, consent_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, consent_erased_cb);

  gtk_widget_class_install_action (widget_class, "profile.merge", NULL, clt_profile_view_merge_cb);
  gtk_widget_class_install_action (widget_class, "profile.undo", "x", clt_profile_view_undo_cb);
  gtk_widget_class_install_action (widget_class, "profile.set-value", "(sms)", clt_profile_view_set_value_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "profile.merge", NULL);
  gtk_widget_class_install_action (widget_class, "profile.consent-proof", NULL, clt_profile_view_consent_action_cb);
  gtk_widget_class_install_action (widget_class, "profile.export-data", NULL, clt_profile_view_consent_action_cb);
  gtk_widget_class_install_action (widget_class, "profile.restrict", NULL, clt_profile_view_consent_action_cb);
  gtk_widget_class_install_action (widget_class, "profile.object", NULL, clt_profile_view_consent_action_cb);
  gtk_widget_class_install_action (widget_class, "profile.erase", NULL, clt_profile_view_consent_action_cb);
  gtk_widget_class_install_action (widget_class, "profile.record-request", NULL, clt_profile_view_consent_action_cb);
  gtk_widget_class_install_action (widget_class, "profile.show-requests", NULL, clt_profile_view_consent_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "profile.consent-proof", NULL);
}

static void
clt_profile_view_init (CltProfileView *self)
{
  GtkAdjustment *adjustment;

  g_type_ensure (CLT_TYPE_PROFILE_CONSENT);
  g_type_ensure (CLT_TYPE_PROFILE_INSIGHTS);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  gtk_list_box_set_header_func (self->timeline, timeline_header_cb, self, NULL);
  adjustment = gtk_scrolled_window_get_vadjustment (self->timeline_scroller);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (timeline_scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (timeline_scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child-name", G_CALLBACK (visible_view_changed_cb),
                           self, G_CONNECT_SWAPPED);
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
  clt_profile_view_set_profile (self, profile_id);

  return self;
}

gint64
clt_profile_view_get_profile_id (CltProfileView *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_VIEW (self), 0);

  return self->profile_id;
}

CltWorkspace *
clt_profile_view_get_workspace (CltProfileView *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_VIEW (self), NULL);

  return self->workspace;
}
