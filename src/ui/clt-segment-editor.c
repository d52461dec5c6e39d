/* clt-segment-editor.c: the segment builder: palette, canvas and audience
 *
 * Left the palette of condition kinds, in the middle the canvas with the definition, right (or
 * below, when narrow) the audience: the total, the split by consent for the chosen purpose,
 * ten sample members with the values that put them in, and "why not" for any customer. Counts
 * are taken in the evaluator's worker 250 ms after the last edit; an edit while counting
 * cancels the count, so typing never waits. A new segment is saved under a name asked for;
 * saving again adds a version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-export-dialog.h"
#include "clt-format.h"
#include "clt-segment-changes-dialog.h"
#include "clt-segment-editor.h"
#include "clt-segment-history-dialog.h"
#include "clt-segment-overlap-dialog.h"
#include "clt-window.h"

#define COUNT_DELAY_MS 250
#define N_SAMPLES      10

struct _CltSegmentEditor
{
  AdwNavigationPage    parent_instance;

  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  GtkWidget           *export_button;
  AdwBanner           *banner;
  AdwOverlaySplitView *split_view;
  GtkWidget           *palette_box;
  AdwBin              *palette_bin;
  AdwBin              *canvas_bin;
  GtkLabel            *total_label;
  GtkLabel            *total_caption;
  AdwSpinner          *spinner;
  GtkDropDown         *purpose_dropdown;
  GtkLevelBar         *consent_bar;
  GtkLabel            *consent_label;
  GtkLabel            *error_label;
  GtkListBox          *samples_list;
  GtkSearchEntry      *why_entry;
  GtkListBox          *why_list;
  GtkLabel            *why_label;

  CltWorkspace        *workspace;
  GListStore          *purposes;   /* of CltPurpose: those an audience is for, as offered */
  CltSegmentEvaluator *evaluator;
  CltSegmentCanvas    *canvas;
  CltSegmentPalette   *palette;
  CltProfileList      *search;
  GtkSliceListModel   *search_slice;

  gint64               id;
  char                *name;
  CltSegmentKind       kind;
  char                *saved_json;

  GCancellable        *cancellable;
  GCancellable        *why_cancellable;
  guint                count_id;
  gboolean             counting;
  gint64               total;
  gint64               consented;
  guint                n_samples;
  char                *why_not;
};

G_DEFINE_FINAL_TYPE (CltSegmentEditor, clt_segment_editor, ADW_TYPE_NAVIGATION_PAGE)

enum {
  SAVED,
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The purpose chosen for the audience split (NULL while the catalogue has none). */
static CltPurpose *
selected_purpose (CltSegmentEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->purpose_dropdown);

  if (self->purposes == NULL || selected >= g_list_model_get_n_items (G_LIST_MODEL (self->purposes)))
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->purposes), selected);
}

static void
show_toast (CltSegmentEditor *self,
            AdwToast         *toast)
{
  clt_window_show_toast (GTK_WIDGET (self), toast);
}

static void
show_error (CltSegmentEditor *self,
            const GError     *error)
{
  show_toast (self, adw_toast_new (error->message));
}

/* The node at @path ("1/0": child indexes from the root) of @group, or NULL. */
static CltSegmentNode *
node_at_path (CltSegmentGroup *group,
              const char      *path)
{
  for (guint i = 0; group && i < clt_segment_group_get_n_children (group); i++)
    {
      CltSegmentNode *child = clt_segment_group_get_child (group, i);
      g_autofree char *child_path = clt_segment_node_dup_path (child);
      CltSegmentNode *found;

      if (g_strcmp0 (child_path, path) == 0)
        return child;
      if (CLT_IS_SEGMENT_GROUP (child) && (found = node_at_path (CLT_SEGMENT_GROUP (child), path)))
        return found;
    }

  return NULL;
}

/* A node as a sample's reason names it: the field's label. */
static const char *
node_label (CltSegmentEditor *self,
            CltSegmentNode   *node)
{
  if (CLT_IS_CONDITION (node))
    return clt_segment_catalogue_get_label (clt_condition_get_field (CLT_CONDITION (node)));
  if (CLT_IS_SEGMENT_REF (node))
    return _("Segment");

  return _("Group");
}

/* A value that put a sample in, as the locale writes it. */
static char *
format_reason (CltSegmentNode *node,
               const char     *value)
{
  CltCondition *condition;
  const char *field;

  if (!CLT_IS_CONDITION (node))
    return g_strdup (value);
  condition = CLT_CONDITION (node);
  field = clt_condition_get_field (condition);

  switch (clt_condition_get_kind (condition))
    {
    case CLT_CONDITION_CONSENT:
      return g_strdup (clt_segment_catalogue_get_label (value));

    case CLT_CONDITION_BEHAVIOUR:
      switch (clt_condition_get_aggregate (condition))
        {
        case CLT_AGGREGATE_SUM:
        case CLT_AGGREGATE_AVERAGE:
          return clt_format_money ((gint64) (g_ascii_strtod (value, NULL) * 100 + 0.5), "EUR");
        case CLT_AGGREGATE_FIRST:
        case CLT_AGGREGATE_LAST:
          {
            gint64 days = g_ascii_strtoll (value, NULL, 10);

            /* Translators: how long ago an event was */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld day ago", "%lld days ago",
                                                 (gulong) CLAMP (days, 0, G_MAXLONG)), (long long) days);
          }
        case CLT_AGGREGATE_COUNT:
        default:
          return g_strdup (value);
        }

    case CLT_CONDITION_ATTRIBUTE:
      if (g_str_equal (field, "spend"))
        return clt_format_money ((gint64) (g_ascii_strtod (value, NULL) * 100 + 0.5), "EUR");
      if (clt_segment_catalogue_operator_fits (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_BEFORE))
        return clt_format_date (value);
      return g_strdup (value);

    case CLT_CONDITION_SOURCE:
    default:
      return g_strdup (value);
    }
}

static void
update_title (CltSegmentEditor *self)
{
  g_autofree char *json = NULL;
  gboolean modified;
  const char *subtitle;

  json = clt_segment_canvas_get_root (self->canvas) ? clt_segment_definition_to_json (clt_segment_canvas_get_root (self->canvas))
                                                    : NULL;
  modified = self->id == 0 || g_strcmp0 (json, self->saved_json) != 0;

  adw_navigation_page_set_title (ADW_NAVIGATION_PAGE (self), self->name ? self->name : _("New Segment"));
  adw_window_title_set_title (self->window_title, self->name ? self->name : _("New Segment"));
  if (self->id == 0)
    subtitle = _("Not saved yet");
  else if (modified)
    subtitle = _("Unsaved changes");
  else if (self->kind == CLT_SEGMENT_KIND_STATIC)
    subtitle = _("Fixed list");
  else
    subtitle = _("Saved");
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.save", modified && self->kind == CLT_SEGMENT_KIND_DYNAMIC);
  /* An export records the segment's version: what is exported is what was saved. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "segment.export", !modified);
  gtk_widget_set_tooltip_text (self->export_button, modified ? _("Save the segment to export it") : NULL);
  for (guint i = 0; i < 7; i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self),
                                   (const char *[]) { "segment.rename", "segment.duplicate", "segment.delete",
                                                      "segment.history", "segment.overlap", "segment.changes",
                                                      "segment.freeze" }[i],
                                   self->id != 0 && (i != 6 || self->kind == CLT_SEGMENT_KIND_DYNAMIC));
}

static void
show_samples (CltSegmentEditor *self,
              CltSegmentCounts *counts)
{
  GPtrArray *samples = counts ? clt_segment_counts_get_samples (counts) : NULL;
  CltSegmentGroup *root = clt_segment_canvas_get_root (self->canvas);

  gtk_list_box_remove_all (self->samples_list);
  self->n_samples = samples ? samples->len : 0;
  for (guint i = 0; samples && i < samples->len; i++)
    {
      CltSegmentMember *member = g_ptr_array_index (samples, i);
      const char * const *paths = clt_segment_member_get_paths (member);
      const char * const *values = clt_segment_member_get_values (member);
      g_autoptr(GString) why = g_string_new (NULL);
      GtkWidget *row;

      for (guint j = 0; paths && paths[j]; j++)
        {
          CltSegmentNode *node = node_at_path (root, paths[j]);
          g_autofree char *value = NULL;

          if (node == NULL || CLT_IS_SEGMENT_GROUP (node) || values[j][0] == '\0')
            continue;
          value = format_reason (node, values[j]);
          if (why->len > 0)
            g_string_append (why, " · ");
          /* Translators: why a customer is in a segment: "City: München" */
          g_string_append_printf (why, _("%s: %s"), node_label (self, node), value);
        }

      row = g_object_new (ADW_TYPE_ACTION_ROW, "title", clt_segment_member_get_name (member), "use-markup", FALSE,
                          "subtitle", why->len > 0 ? why->str : _("Everyone matches an empty segment"),
                          "subtitle-lines", 2, NULL);
      gtk_list_box_append (self->samples_list, row);
    }
}

static void
show_counts (CltSegmentEditor *self,
             CltSegmentCounts *counts)
{
  g_autofree char *total = clt_format_count (clt_segment_counts_get_total (counts));
  g_autofree char *consented = clt_format_count (clt_segment_counts_get_consented (counts));
  g_autofree char *not_consented = clt_format_count (clt_segment_counts_get_total (counts) -
                                                     clt_segment_counts_get_consented (counts));
  g_autofree char *split = NULL;
  g_autofree char *caption = NULL;
  g_autoptr(CltPurpose) purpose = selected_purpose (self);
  const char *channel = purpose ? clt_purpose_get_channel (purpose) : "email";
  gint64 n = clt_segment_counts_get_total (counts);

  self->total = n;
  self->consented = clt_segment_counts_get_consented (counts);

  gtk_label_set_label (self->total_label, total);
  /* Translators: under the big number of a segment's members; %d is how long counting took */
  caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "customer matches · counted in %d ms",
                                          "customers match · counted in %d ms", (gulong) MIN (n, G_MAXULONG)),
                             (int) (clt_segment_counts_get_seconds (counts) * 1000 + 0.5));
  gtk_label_set_label (self->total_caption, caption);

  if (g_str_equal (channel, "postal"))
    /* Translators: the audience split by consent: "1,012 may be sent post · 228 not" */
    split = g_strdup_printf (_("%s may be sent post · %s not"), consented, not_consented);
  else if (g_str_equal (channel, "ads"))
    split = g_strdup_printf (_("%s may be in an ads audience · %s not"), consented, not_consented);
  else if (g_str_equal (channel, "phone"))
    split = g_strdup_printf (_("%s may be called · %s not"), consented, not_consented);
  else
    split = g_strdup_printf (_("%s may be e-mailed · %s not"), consented, not_consented);
  gtk_label_set_label (self->consent_label, split);
  gtk_level_bar_set_value (self->consent_bar, n > 0 ? (double) self->consented / n : 0);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  clt_segment_canvas_set_counts (self->canvas, counts);
  show_samples (self, counts);
}

static void
set_counting (CltSegmentEditor *self,
              gboolean          counting)
{
  self->counting = counting;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), counting);
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CltSegmentEditor) self = user_data;
  g_autoptr(CltSegmentCounts) counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = clt_segment_evaluator_count_finish (CLT_SEGMENT_EVALUATOR (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_CANCELLED) || self->canvas == NULL)
    return;

  set_counting (self, FALSE);
  if (counts == NULL)
    {
      self->total = -1;
      gtk_label_set_label (self->total_label, "—");
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      clt_segment_canvas_set_counts (self->canvas, NULL);
      return;
    }

  show_counts (self, counts);
}

static gboolean
count_cb (gpointer user_data)
{
  CltSegmentEditor *self = user_data;
  CltSegmentGroup *root = clt_segment_canvas_get_root (self->canvas);
  g_autoptr(CltPurpose) purpose = selected_purpose (self);

  self->count_id = 0;
  if (root == NULL || self->evaluator == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_counting (self, TRUE);
  if (purpose != NULL)
    clt_segment_evaluator_set_purpose (self->evaluator, clt_purpose_get_key (purpose), clt_purpose_get_channel (purpose));
  clt_segment_evaluator_count_async (self->evaluator, root, N_SAMPLES, self->cancellable, counted_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

/* Counts again shortly; each edit until then postpones it, and stops a count under way. */
static void
schedule_count (CltSegmentEditor *self)
{
  g_cancellable_cancel (self->cancellable);
  set_counting (self, TRUE);
  g_clear_handle_id (&self->count_id, g_source_remove);
  self->count_id = g_timeout_add (COUNT_DELAY_MS, count_cb, self);
}

static void
canvas_changed_cb (CltSegmentEditor *self)
{
  g_clear_pointer (&self->why_not, g_free);
  clt_segment_canvas_show_why_not (self->canvas, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->why_label), FALSE);
  update_title (self);
  schedule_count (self);
}

static void
canvas_removed_cb (CltSegmentEditor *self)
{
  AdwToast *toast = adw_toast_new (_("Condition removed"));

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "segment.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  show_toast (self, toast);
}

static void
purpose_changed_cb (CltSegmentEditor *self)
{
  schedule_count (self);
}

/* The purposes an audience may be for: the catalogue's direct marketing by a channel,
 * e-mail marketing first. The drop-down keeps its choice where it can. */
static void
load_purposes (CltSegmentEditor *self)
{
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (self->workspace);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(CltPurpose) before = selected_purpose (self);
  g_autoptr(GError) error = NULL;
  guint selected = 0;

  if (!(all = clt_consent_ledger_list_purposes (ledger, &error)))
    g_warning ("Cannot list the purposes: %s", error->message);
  g_list_store_remove_all (self->purposes);
  for (guint i = 0; all && i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (all, i);

      if (!clt_purpose_get_marketing (purpose) || g_strcmp0 (clt_purpose_get_channel (purpose), "none") == 0)
        continue;
      if (g_str_equal (clt_purpose_get_key (purpose), "email_marketing"))
        g_list_store_insert (self->purposes, 0, purpose);
      else
        g_list_store_append (self->purposes, purpose);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->purposes)); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (G_LIST_MODEL (self->purposes), i);
      const char *key = clt_purpose_get_key (purpose);
      g_autofree char *label = NULL;

      if (g_str_equal (key, "email_marketing"))
        label = g_strdup (_("For e-mail marketing"));
      else if (g_str_equal (key, "postal_marketing"))
        label = g_strdup (_("For postal marketing"));
      else if (g_str_equal (key, "ads_audience"))
        label = g_strdup (_("For an ads audience"));
      else
        /* Translators: the purpose an audience is for, one the data-protection officer added: "For SMS marketing" */
        label = g_strdup_printf (_("For %s"), clt_purpose_get_display_label (purpose));
      gtk_string_list_append (labels, label);
      if (before != NULL && g_str_equal (key, clt_purpose_get_key (before)))
        selected = i;
    }

  g_signal_handlers_block_by_func (self->purpose_dropdown, purpose_changed_cb, self);
  gtk_drop_down_set_model (self->purpose_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->purpose_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->purpose_dropdown, purpose_changed_cb, self);
}

/* Loads what the rows offer to choose from: purposes, sources, imports, other saved segments. */
static void
load_choices (CltSegmentEditor *self)
{
  g_auto(GStrv) sources = clt_workspace_dup_source_names (self->workspace, NULL);
  g_autoptr(GListModel) imports = clt_import_batch_list (self->workspace, NULL);
  g_autoptr(GListModel) all = clt_segment_store_list (self->workspace, NULL);
  g_autoptr(GListStore) others = g_list_store_new (CLT_TYPE_SEGMENT);

  for (guint i = 0; all && i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(CltSegment) segment = g_list_model_get_item (all, i);

      if (!clt_segment_get_deleted (segment) && clt_segment_get_id (segment) != self->id)
        g_list_store_append (others, segment);
    }

  load_purposes (self);
  clt_segment_canvas_set_choices (self->canvas, clt_workspace_get_path (self->workspace),
                                  (const char * const *) sources, G_LIST_MODEL (self->purposes), imports,
                                  G_LIST_MODEL (others));
  clt_segment_palette_set_purposes (self->palette, G_LIST_MODEL (self->purposes));
  clt_segment_palette_set_segments (self->palette, G_LIST_MODEL (others));
}

/* Shows segment @id (0: a new one) in the builder. */
static void
load_segment (CltSegmentEditor *self,
              gint64            id)
{
  g_autoptr(CltSegmentGroup) root = NULL;
  g_autoptr(GError) error = NULL;

  self->id = id;
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->saved_json, g_free);
  self->kind = CLT_SEGMENT_KIND_DYNAMIC;

  if (id > 0)
    {
      g_autoptr(CltSegment) segment = clt_segment_store_get (self->workspace, id, &error);

      if (segment && (root = clt_segment_dup_root (segment, &error)))
        {
          self->name = g_strdup (clt_segment_get_name (segment));
          self->kind = clt_segment_get_kind (segment);
          self->saved_json = clt_segment_definition_to_json (root);
        }
      else
        {
          g_warning ("Cannot open segment %" G_GINT64_FORMAT ": %s", id, error->message);
          self->id = 0;
        }
    }
  if (root == NULL)
    root = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);

  load_choices (self);

  /* A fixed list counts its members: a reference to itself. Its conditions stay as they were. */
  if (self->kind == CLT_SEGMENT_KIND_STATIC)
    {
      g_autoptr(CltSegmentGroup) members = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
      g_autoptr(CltSegmentRef) ref = clt_segment_ref_new (self->id);

      clt_segment_group_append (members, CLT_SEGMENT_NODE (ref));
      g_clear_object (&root);
      root = g_steal_pointer (&members);
      g_clear_pointer (&self->saved_json, g_free);
      self->saved_json = clt_segment_definition_to_json (root);
    }

  adw_banner_set_revealed (self->banner, self->kind == CLT_SEGMENT_KIND_STATIC);
  gtk_widget_set_sensitive (GTK_WIDGET (self->canvas), self->kind == CLT_SEGMENT_KIND_DYNAMIC);
  gtk_widget_set_sensitive (self->palette_box, self->kind == CLT_SEGMENT_KIND_DYNAMIC);
  clt_segment_canvas_set_root (self->canvas, root);
  update_title (self);
}

/**
 * clt_segment_editor_save_as:
 * @name: (nullable): the name of a new segment; %NULL keeps the name
 *
 * Saves the definition: a new segment under @name, or a new version of this one.
 */
gboolean
clt_segment_editor_save_as (CltSegmentEditor  *self,
                            const char        *name,
                            GError           **error)
{
  CltSegmentGroup *root;
  gint64 id;

  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), FALSE);

  root = clt_segment_canvas_get_root (self->canvas);
  if (self->id == 0)
    {
      if (!(id = clt_segment_store_save (self->workspace, name, root, CLT_SEGMENT_KIND_DYNAMIC, NULL, error)))
        return FALSE;
      self->id = id;
      g_free (self->name);
      self->name = g_strdup (name);
    }
  else if (!clt_segment_store_update (self->workspace, self->id, root, NULL, error))
    return FALSE;

  g_free (self->saved_json);
  self->saved_json = clt_segment_definition_to_json (root);
  update_title (self);
  g_signal_emit (self, signals[SAVED], 0);

  return TRUE;
}

typedef void (*NameCallback) (CltSegmentEditor *self,
                              const char       *name);

static void
name_dialog_response_cb (AdwAlertDialog   *dialog,
                         const char       *response,
                         CltSegmentEditor *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  NameCallback callback = g_object_get_data (G_OBJECT (dialog), "callback");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "save") && name[0] != '\0')
    callback (self, name);
}

static void
name_entry_changed_cb (GtkEditable    *entry,
                       AdwAlertDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_alert_dialog_set_response_enabled (dialog, "save", name[0] != '\0');
}

/* Asks for a name; a name is what the user must give, so a dialog (not a toast). */
static void
ask_name (CltSegmentEditor *self,
          const char       *heading,
          const char       *button,
          const char       *initial,
          NameCallback      callback)
{
  AdwDialog *dialog = adw_alert_dialog_new (heading, NULL);
  GtkWidget *entry = g_object_new (ADW_TYPE_ENTRY_ROW, "title", _("Name"), "text", initial ? initial : "",
                                   "activates-default", TRUE, NULL);
  GtkWidget *list = g_object_new (GTK_TYPE_LIST_BOX, "selection-mode", GTK_SELECTION_NONE, "css-classes",
                                  (const char * const[]) { "boxed-list", NULL }, NULL);

  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), list);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "save", button, NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "save");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "callback", callback);
  g_signal_connect_object (entry, "changed", G_CALLBACK (name_entry_changed_cb), dialog, 0);
  name_entry_changed_cb (GTK_EDITABLE (entry), ADW_ALERT_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (name_dialog_response_cb), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
  gtk_widget_grab_focus (entry);
}

static void
save_named (CltSegmentEditor *self,
            const char       *name)
{
  g_autoptr(GError) error = NULL;

  if (!clt_segment_editor_save_as (self, name, &error))
    show_error (self, error);
}

static void
save_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);

  if (self->id == 0)
    ask_name (self, _("Save Segment"), _("_Save"), NULL, save_named);
  else
    save_named (self, NULL);
}

static void
renamed (CltSegmentEditor *self,
         const char       *name)
{
  g_autoptr(GError) error = NULL;

  if (!clt_segment_store_rename (self->workspace, self->id, name, NULL, &error))
    {
      show_error (self, error);
      return;
    }

  g_free (self->name);
  self->name = g_strdup (name);
  update_title (self);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
rename_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);

  ask_name (self, _("Rename Segment"), _("_Rename"), self->name, renamed);
}

static void
duplicate_activated_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gint64 id = 0;

  /* Translators: the name of a segment's copy; %s is the segment's name */
  for (guint i = 1; id == 0 && i < 100; i++)
    {
      g_free (name);
      name = i == 1 ? g_strdup_printf (_("%s (copy)"), self->name) : g_strdup_printf (_("%s (copy %u)"), self->name, i);
      g_clear_error (&error);
      id = clt_segment_store_duplicate (self->workspace, self->id, name, NULL, &error);
      if (id == 0 && !g_error_matches (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_EXISTS))
        break;
    }
  if (id == 0)
    {
      show_error (self, error);
      return;
    }

  load_segment (self, id);
  g_signal_emit (self, signals[SAVED], 0);
  {
    /* Translators: %s is the name of the new copy */
    g_autofree char *title = g_strdup_printf (_("Now editing “%s”"), name);

    show_toast (self, adw_toast_new (title));
  }
}

static void
delete_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!clt_segment_store_delete (self->workspace, self->id, NULL, &error))
    {
      show_error (self, error);
      return;
    }

  /* The segments page pops the builder and offers Undo. */
  g_signal_emit (self, signals[DELETED], 0, self->id, self->name);
}

static void
freeze_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!clt_segment_store_freeze (self->workspace, self->id, NULL, &error))
    {
      show_error (self, error);
      return;
    }

  load_segment (self, self->id);
  g_signal_emit (self, signals[SAVED], 0);
  show_toast (self, adw_toast_new (_("The segment is now a fixed list of its current members")));
}

static void
export_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);
  g_autoptr(CltPurpose) purpose = selected_purpose (self);
  CltExportDialog *dialog = clt_export_dialog_new (self->workspace, self->id, NULL, 0, self->name);

  if (purpose != NULL)
    clt_export_dialog_set_purpose (dialog, clt_purpose_get_key (purpose));
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

static void
restored_cb (CltSegmentEditor *self,
             gint64            version)
{
  load_segment (self, self->id);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
history_activated_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);
  CltSegmentHistoryDialog *dialog = clt_segment_history_dialog_new (self->workspace, self->id);

  g_signal_connect_object (dialog, "restored", G_CALLBACK (restored_cb), self, G_CONNECT_SWAPPED);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

static void
overlap_activated_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);

  adw_dialog_present (ADW_DIALOG (clt_segment_overlap_dialog_new (self->workspace, self->id)), widget);
}

static void
changes_activated_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);

  adw_dialog_present (ADW_DIALOG (clt_segment_changes_dialog_new (self->workspace, self->id)), widget);
}

static void
undo_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  clt_segment_canvas_undo (CLT_SEGMENT_EDITOR (widget)->canvas);
}

static void
toggle_palette_activated_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (widget);

  adw_overlay_split_view_set_show_sidebar (self->split_view, !adw_overlay_split_view_get_show_sidebar (self->split_view));
}

static void
explained_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CltSegmentEditor) self = user_data;
  g_autoptr(CltSegmentMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  member = clt_segment_evaluator_explain_finish (CLT_SEGMENT_EVALUATOR (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_CANCELLED) || self->canvas == NULL)
    return;

  g_clear_pointer (&self->why_not, g_free);
  if (member == NULL)
    text = g_strdup (error->message);
  else if (clt_segment_member_get_is_member (member))
    /* Translators: %s is a customer's name */
    text = g_strdup_printf (_("%s is in the segment."), clt_segment_member_get_name (member));
  else
    {
      const char * const *paths = clt_segment_member_get_paths (member);
      const char * const *values = clt_segment_member_get_values (member);
      CltSegmentNode *node = paths && paths[0] ? node_at_path (clt_segment_canvas_get_root (self->canvas), paths[0]) : NULL;

      self->why_not = g_strdup (paths && paths[0] ? paths[0] : NULL);
      if (node && values[0] && values[0][0] != '\0')
        {
          g_autofree char *value = format_reason (node, values[0]);

          /* Translators: "Anna Schmidt fails the highlighted condition on City: their value is Hamburg." */
          text = g_strdup_printf (_("%s fails the highlighted condition on %s: their value is %s."),
                                  clt_segment_member_get_name (member), node_label (self, node), value);
        }
      else if (node)
        text = g_strdup_printf (_("%s fails the highlighted condition on %s: they have no value there."),
                                clt_segment_member_get_name (member), node_label (self, node));
      else
        text = g_strdup_printf (_("%s is not in the segment."), clt_segment_member_get_name (member));
    }

  clt_segment_canvas_show_why_not (self->canvas, self->why_not);
  gtk_label_set_label (self->why_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->why_label), TRUE);
}

/* Asks why profile @profile_id is in the segment or not; the answer shows under the search. */
void
clt_segment_editor_why_not (CltSegmentEditor *self,
                            gint64            profile_id)
{
  g_return_if_fail (CLT_IS_SEGMENT_EDITOR (self));

  g_cancellable_cancel (self->why_cancellable);
  g_clear_object (&self->why_cancellable);
  self->why_cancellable = g_cancellable_new ();
  clt_segment_evaluator_explain_async (self->evaluator, clt_segment_canvas_get_root (self->canvas), profile_id,
                                       self->why_cancellable, explained_cb, g_object_ref (self));
}

/**
 * clt_segment_editor_get_why_not:
 *
 * Returns: (nullable): the path of the condition the customer asked about fails
 */
const char *
clt_segment_editor_get_why_not (CltSegmentEditor *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), NULL);

  return self->why_not;
}

static void
why_item_notify_cb (CltProfileItem *item,
                    GParamSpec     *pspec,
                    AdwActionRow   *row)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clt_profile_item_get_loading (item) ? "…" :
                                                            clt_profile_item_get_name (item));
  adw_action_row_set_subtitle (row, clt_profile_item_get_city (item) ? clt_profile_item_get_city (item) : "");
}

static GtkWidget *
why_row_create (gpointer item,
                gpointer user_data)
{
  GtkWidget *row = g_object_new (ADW_TYPE_ACTION_ROW, "activatable", TRUE, "use-markup", FALSE, NULL);

  g_object_set_data_full (G_OBJECT (row), "item", g_object_ref (item), g_object_unref);
  why_item_notify_cb (item, NULL, ADW_ACTION_ROW (row));
  g_signal_connect_object (item, "notify", G_CALLBACK (why_item_notify_cb), row, 0);

  return row;
}

static void
why_row_activated_cb (CltSegmentEditor *self,
                      GtkListBoxRow    *row)
{
  CltProfileItem *item = g_object_get_data (G_OBJECT (row), "item");

  if (item && !clt_profile_item_get_loading (item))
    clt_segment_editor_why_not (self, clt_profile_item_get_id (item));
}

static void
why_search_changed_cb (CltSegmentEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->why_entry));

  clt_profile_list_set_search (self->search, text);
  gtk_widget_set_visible (GTK_WIDGET (self->why_list), text[0] != '\0');
}

static void
clt_segment_editor_dispose (GObject *object)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (object);

  g_clear_handle_id (&self->count_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->why_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->why_cancellable);
  if (self->canvas)
    g_signal_handlers_disconnect_by_data (self->canvas, self);
  self->canvas = NULL;
  self->palette = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_SEGMENT_EDITOR);
  g_clear_object (&self->search_slice);
  g_clear_object (&self->search);
  g_clear_object (&self->evaluator);
  g_clear_object (&self->workspace);
  g_clear_object (&self->purposes);

  G_OBJECT_CLASS (clt_segment_editor_parent_class)->dispose (object);
}

static void
clt_segment_editor_finalize (GObject *object)
{
  CltSegmentEditor *self = CLT_SEGMENT_EDITOR (object);

  g_free (self->name);
  g_free (self->saved_json);
  g_free (self->why_not);

  G_OBJECT_CLASS (clt_segment_editor_parent_class)->finalize (object);
}

static void
clt_segment_editor_class_init (CltSegmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_segment_editor_dispose;
  object_class->finalize = clt_segment_editor_finalize;

  /**
   * CltSegmentEditor::saved:
   *
   * The segment was saved, renamed, duplicated or made a fixed list.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  /**
   * CltSegmentEditor::deleted:
   * @id: the deleted segment
   * @name: its name
   *
   * The segment was deleted; clt_segment_store_undelete() brings it back.
   */
  signals[DELETED] = g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-segment-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, export_button);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, banner);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, split_view);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, palette_box);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, palette_bin);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, canvas_bin);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, total_label);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, total_caption);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, spinner);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, purpose_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, consent_bar);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, consent_label);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, samples_list);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, why_entry);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, why_list);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentEditor, why_label);

  gtk_widget_class_install_action (widget_class, "segment.save", NULL, save_activated_cb);
  gtk_widget_class_install_action (widget_class, "segment.rename", NULL, rename_activated_cb);
  gtk_widget_class_install_action (widget_class, "segment.duplicate", NULL, duplicate_activated_cb);
  gtk_widget_class_install_action (widget_class, "segment.delete", NULL, delete_activated_cb);
  gtk_widget_class_install_action (widget_class, "segment.freeze", NULL, freeze_activated_cb);
  gtk_widget_class_install_action (widget_class, "segment.undo", NULL, undo_activated_cb);
  gtk_widget_class_install_action (widget_class, "segment.export", NULL, export_activated_cb);
  gtk_widget_class_install_action (widget_class, "segment.history", NULL, history_activated_cb);
  gtk_widget_class_install_action (widget_class, "segment.overlap", NULL, overlap_activated_cb);
  gtk_widget_class_install_action (widget_class, "segment.changes", NULL, changes_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "segment.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "segment.undo", NULL);
  gtk_widget_class_install_action (widget_class, "segment.toggle-palette", NULL, toggle_palette_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "segment.toggle-palette", NULL);
}

static void
clt_segment_editor_init (CltSegmentEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->total = -1;
  self->purposes = g_list_store_new (CLT_TYPE_PURPOSE);
  self->canvas = CLT_SEGMENT_CANVAS (clt_segment_canvas_new ());
  adw_bin_set_child (self->canvas_bin, GTK_WIDGET (self->canvas));
  self->palette = CLT_SEGMENT_PALETTE (clt_segment_palette_new (self->canvas));
  adw_bin_set_child (self->palette_bin, GTK_WIDGET (self->palette));

  g_signal_connect_object (self->canvas, "changed", G_CALLBACK (canvas_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "removed", G_CALLBACK (canvas_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->purpose_dropdown, "notify::selected", G_CALLBACK (purpose_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->why_entry, "search-changed", G_CALLBACK (why_search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->why_list, "row-activated", G_CALLBACK (why_row_activated_cb), self, G_CONNECT_SWAPPED);
}

/**
 * clt_segment_editor_new:
 * @segment_id: the saved segment to edit, or 0 for a new one
 */
CltSegmentEditor *
clt_segment_editor_new (CltWorkspace *workspace,
                        gint64        segment_id)
{
  CltSegmentEditor *self = g_object_new (CLT_TYPE_SEGMENT_EDITOR, NULL);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self->workspace = g_object_ref (workspace);
  if (!(self->evaluator = clt_segment_evaluator_new (clt_workspace_get_path (workspace), &error)))
    g_warning ("Cannot count segments: %s", error->message);

  self->search = clt_profile_list_new (workspace);
  self->search_slice = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->search)), 0, 5);
  gtk_list_box_bind_model (self->why_list, G_LIST_MODEL (self->search_slice), why_row_create, NULL, NULL);

  load_segment (self, segment_id);

  return self;
}

gint64
clt_segment_editor_get_segment_id (CltSegmentEditor *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), 0);

  return self->id;
}

CltSegmentCanvas *
clt_segment_editor_get_canvas (CltSegmentEditor *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), NULL);

  return self->canvas;
}

CltSegmentPalette *
clt_segment_editor_get_palette (CltSegmentEditor *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), NULL);

  return self->palette;
}

/* Whether a count is due or under way. */
gboolean
clt_segment_editor_get_counting (CltSegmentEditor *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), FALSE);

  return self->counting;
}

/* The last count's total, or -1 when the definition could not be counted. */
gint64
clt_segment_editor_get_total (CltSegmentEditor *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), -1);

  return self->total;
}

gint64
clt_segment_editor_get_consented (CltSegmentEditor *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), -1);

  return self->consented;
}

guint
clt_segment_editor_get_n_samples (CltSegmentEditor *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), 0);

  return self->n_samples;
}

gboolean
clt_segment_editor_get_modified (CltSegmentEditor *self)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (CLT_IS_SEGMENT_EDITOR (self), FALSE);

  json = clt_segment_definition_to_json (clt_segment_canvas_get_root (self->canvas));

  return self->id == 0 || g_strcmp0 (json, self->saved_json) != 0;
}
