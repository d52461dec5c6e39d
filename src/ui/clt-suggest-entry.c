/* clt-suggest-entry.c: a text entry that offers values from the data as you type
 *
 * What was typed is looked up in a worker on a workspace connection of its own, shortly after
 * the last key; the values that start with it appear in a popover under the entry, which keeps
 * the focus: Down and Up choose, Enter takes the chosen value, Esc closes the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-suggest-entry"

#include "config.h"

#include "clt-core.h"
#include "clt-suggest-entry.h"

#define N_SUGGESTIONS 8
#define DELAY_MS      150

struct _CltSuggestEntry
{
  GtkWidget     parent_instance;

  GtkEntry     *entry;
  GtkPopover   *popover;
  GtkListBox   *list;

  char         *workspace_path;
  char         *field;
  GStrv         suggestions;
  GCancellable *cancellable;
  guint         timeout_id;
  gboolean      setting;
};

G_DEFINE_FINAL_TYPE (CltSuggestEntry, clt_suggest_entry, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *path;
  char *field;
  char *prefix;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->path);
  g_free (lookup->field);
  g_free (lookup->prefix);
  g_free (lookup);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  char **values;

  if (!(workspace = clt_workspace_open (lookup->path, &error)) ||
      !(values = clt_segment_suggest (workspace, lookup->field, lookup->prefix, N_SUGGESTIONS, cancellable, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, values, (GDestroyNotify) g_strfreev);
}

static void
show_suggestions (CltSuggestEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  guint n = 0;

  gtk_list_box_remove_all (self->list);
  for (guint i = 0; self->suggestions && self->suggestions[i]; i++)
    {
      GtkWidget *label;

      /* What is typed already in full needs no suggestion. */
      if (g_utf8_collate (self->suggestions[i], text) == 0)
        continue;
      label = g_object_new (GTK_TYPE_LABEL, "label", self->suggestions[i], "xalign", 0.0f,
                            "ellipsize", PANGO_ELLIPSIZE_END, "margin-start", 6, "margin-end", 6,
                            "margin-top", 3, "margin-bottom", 3, NULL);
      g_object_set_data_full (G_OBJECT (label), "value", g_strdup (self->suggestions[i]), g_free);
      gtk_list_box_append (self->list, label);
      n++;
    }

  if (n > 0 && gtk_widget_has_focus (GTK_WIDGET (self->entry)))
    gtk_popover_popup (self->popover);
  else
    gtk_popover_popdown (self->popover);
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CltSuggestEntry) self = user_data;
  g_autoptr(GError) error = NULL;
  char **values = g_task_propagate_pointer (G_TASK (result), &error);

  if (values == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No suggestions: %s", error->message);
      return;
    }

  g_strfreev (self->suggestions);
  self->suggestions = values;
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_suggestions (self);
}

static gboolean
lookup_cb (gpointer user_data)
{
  CltSuggestEntry *self = user_data;
  g_autoptr(GTask) task = NULL;
  Lookup *lookup = g_new0 (Lookup, 1);

  self->timeout_id = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  lookup->path = g_strdup (self->workspace_path);
  lookup->field = g_strdup (self->field);
  lookup->prefix = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  task = g_task_new (NULL, self->cancellable, lookup_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, lookup_cb);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  g_task_run_in_thread (task, lookup_thread);

  return G_SOURCE_REMOVE;
}

static void
schedule_lookup (CltSuggestEntry *self)
{
  if (self->workspace_path == NULL)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (DELAY_MS, lookup_cb, self);
}

static void
entry_changed_cb (CltSuggestEntry *self)
{
  if (self->setting)
    return;

  g_signal_emit (self, signals[CHANGED], 0);
  schedule_lookup (self);
}

static void
pick_row (CltSuggestEntry *self,
          GtkListBoxRow   *row)
{
  const char *value = g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (row)), "value");

  gtk_popover_popdown (self->popover);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), value);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static void
list_row_activated_cb (CltSuggestEntry *self,
                       GtkListBoxRow   *row)
{
  pick_row (self, row);
}

static gboolean
entry_key_pressed_cb (CltSuggestEntry       *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list);
  int index = selected ? gtk_list_box_row_get_index (selected) : -1;
  GtkListBoxRow *next;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_Up:
      next = gtk_list_box_get_row_at_index (self->list, keyval == GDK_KEY_Down ? index + 1 : MAX (index - 1, 0));
      if (next)
        gtk_list_box_select_row (self->list, next);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (selected == NULL)
        return FALSE;
      pick_row (self, selected);
      return TRUE;

    case GDK_KEY_Escape:
      gtk_popover_popdown (self->popover);
      return TRUE;

    default:
      return FALSE;
    }
}

static void
focus_left_cb (CltSuggestEntry *self)
{
  gtk_popover_popdown (self->popover);
}

static void
focus_entered_cb (CltSuggestEntry *self)
{
  schedule_lookup (self);
}

static void
clt_suggest_entry_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  CltSuggestEntry *self = CLT_SUGGEST_ENTRY (widget);

  gtk_widget_allocate (GTK_WIDGET (self->entry), width, height, baseline, NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self->popover), MAX (width, 160), -1);
  gtk_popover_present (self->popover);
}

static void
clt_suggest_entry_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (CLT_SUGGEST_ENTRY (widget)->entry), orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static gboolean
clt_suggest_entry_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CLT_SUGGEST_ENTRY (widget)->entry));
}

static void
clt_suggest_entry_dispose (GObject *object)
{
  CltSuggestEntry *self = CLT_SUGGEST_ENTRY (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer ((GtkWidget **) &self->entry, gtk_widget_unparent);
  g_clear_pointer ((GtkWidget **) &self->popover, gtk_widget_unparent);

  G_OBJECT_CLASS (clt_suggest_entry_parent_class)->dispose (object);
}

static void
clt_suggest_entry_finalize (GObject *object)
{
  CltSuggestEntry *self = CLT_SUGGEST_ENTRY (object);

  g_free (self->workspace_path);
  g_free (self->field);
  g_strfreev (self->suggestions);

  G_OBJECT_CLASS (clt_suggest_entry_parent_class)->finalize (object);
}

static void
clt_suggest_entry_class_init (CltSuggestEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_suggest_entry_dispose;
  object_class->finalize = clt_suggest_entry_finalize;
  widget_class->measure = clt_suggest_entry_measure;
  widget_class->size_allocate = clt_suggest_entry_size_allocate;
  widget_class->grab_focus = clt_suggest_entry_grab_focus;

  /**
   * CltSuggestEntry::changed:
   *
   * The text changed, by typing or by taking a suggestion.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
clt_suggest_entry_init (CltSuggestEntry *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkWidget *scrolled;

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->entry), GTK_WIDGET (self));
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
  g_signal_connect_object (focus, "leave", G_CALLBACK (focus_left_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "enter", G_CALLBACK (focus_entered_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), focus);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_set_focusable (GTK_WIDGET (self->list), FALSE);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (list_row_activated_cb), self, G_CONNECT_SWAPPED);
  scrolled = g_object_new (GTK_TYPE_SCROLLED_WINDOW, "child", self->list, "propagate-natural-height", TRUE,
                           "max-content-height", 280, "hscrollbar-policy", GTK_POLICY_NEVER, NULL);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, scrolled);
  gtk_popover_set_autohide (self->popover, FALSE);
  gtk_popover_set_has_arrow (self->popover, FALSE);
  gtk_popover_set_position (self->popover, GTK_POS_BOTTOM);
  gtk_widget_set_halign (GTK_WIDGET (self->popover), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->popover), "menu");
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
}

/**
 * clt_suggest_entry_new:
 * @workspace_path: (nullable): where the values are read; %NULL offers none
 * @field: (nullable): the values offered (see clt_segment_suggest()); %NULL offers none
 */
GtkWidget *
clt_suggest_entry_new (const char *workspace_path,
                       const char *field)
{
  CltSuggestEntry *self = g_object_new (CLT_TYPE_SUGGEST_ENTRY, NULL);

  if (clt_segment_suggest_offers (field))
    {
      self->workspace_path = g_strdup (workspace_path);
      self->field = g_strdup (field);
    }

  return GTK_WIDGET (self);
}

GtkEntry *
clt_suggest_entry_get_entry (CltSuggestEntry *self)
{
  g_return_val_if_fail (CLT_IS_SUGGEST_ENTRY (self), NULL);

  return self->entry;
}

const char *
clt_suggest_entry_get_text (CltSuggestEntry *self)
{
  g_return_val_if_fail (CLT_IS_SUGGEST_ENTRY (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

/* Sets the text without announcing it: the condition has it already. */
void
clt_suggest_entry_set_text (CltSuggestEntry *self,
                            const char      *text)
{
  g_return_if_fail (CLT_IS_SUGGEST_ENTRY (self));

  self->setting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
  self->setting = FALSE;
}

guint
clt_suggest_entry_get_n_suggestions (CltSuggestEntry *self)
{
  guint n = 0;

  g_return_val_if_fail (CLT_IS_SUGGEST_ENTRY (self), 0);

  while (gtk_list_box_get_row_at_index (self->list, n))
    n++;

  return n;
}

/**
 * clt_suggest_entry_get_suggestion:
 *
 * Returns: (nullable): the value offered at @position of the list
 */
const char *
clt_suggest_entry_get_suggestion (CltSuggestEntry *self,
                                  guint            position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CLT_IS_SUGGEST_ENTRY (self), NULL);

  if (!(row = gtk_list_box_get_row_at_index (self->list, position)))
    return NULL;

  return g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (row)), "value");
}

/* Takes the value offered at @position, as a click on it does. */
void
clt_suggest_entry_pick (CltSuggestEntry *self,
                        guint            position)
{
  GtkListBoxRow *row;

  g_return_if_fail (CLT_IS_SUGGEST_ENTRY (self));

  if ((row = gtk_list_box_get_row_at_index (self->list, position)))
    pick_row (self, row);
}
