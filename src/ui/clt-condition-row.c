/* clt-condition-row.c: one condition of the segment being built, edited in place
 *
 * A compact row: a drag handle, then what the condition looks at and how (drop-downs), the
 * value it compares with, its own count, and a menu with the keyboard moves. Behaviour
 * conditions have a second line with their filters and time window. Typed values are read in
 * the locale's formats (31.12.2024, 1.234,56) and stored as the definition wants them
 * (2024-12-31, 1234.56); a value that does not parse marks its entry and leaves the condition
 * as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-condition-row"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "clt-condition-row.h"
#include "clt-format.h"
#include "clt-node-widget-private.h"
#include "clt-suggest-entry.h"

struct _CltConditionRow
{
  GtkWidget       parent_instance;

  CltSegmentNode *node;
  char           *workspace_path;
  GStrv           sources;
  GListModel     *purposes;
  GListModel     *imports;
  GListModel     *segments;

  GtkWidget      *box;
  GtkWidget      *line;
  GtkWidget      *flow;
  GtkWidget      *head;
  GtkWidget      *values;
  GtkWidget      *filters;
  GtkLabel       *count;
  GtkLabel       *removes;
};

G_DEFINE_FINAL_TYPE (CltConditionRow, clt_condition_row, GTK_TYPE_WIDGET)

static void build_values (CltConditionRow *self);
static void build_head (CltConditionRow *self);

static CltCondition *
condition (CltConditionRow *self)
{
  return CLT_CONDITION (self->node);
}

/* Operators as a sentence reads them. */
static const char *
operator_label (CltConditionKind kind,
                CltOperator      op)
{
  switch (op)
    {
    case CLT_OPERATOR_IS: return C_("operator", "is");
    case CLT_OPERATOR_IS_NOT: return C_("operator", "is not");
    case CLT_OPERATOR_CONTAINS: return C_("operator", "contains");
    case CLT_OPERATOR_STARTS_WITH: return C_("operator", "starts with");
    case CLT_OPERATOR_IS_EMPTY: return C_("operator", "is empty");
    case CLT_OPERATOR_EQ: return "=";
    case CLT_OPERATOR_NE: return "≠";
    case CLT_OPERATOR_LT: return "<";
    case CLT_OPERATOR_LE: return "≤";
    case CLT_OPERATOR_GT: return ">";
    case CLT_OPERATOR_GE: return "≥";
    case CLT_OPERATOR_BETWEEN: return C_("operator", "between");
    case CLT_OPERATOR_BEFORE: return C_("operator", "before");
    case CLT_OPERATOR_AFTER: return C_("operator", "after");
    case CLT_OPERATOR_WITHIN_LAST: return C_("operator", "in the last");
    case CLT_OPERATOR_ANNIVERSARY: return C_("operator", "has its anniversary this month");
    case CLT_OPERATOR_ANY_OF: return C_("operator", "is any of");
    case CLT_OPERATOR_NONE_OF: return C_("operator", "is none of");
    case CLT_OPERATOR_IN: return C_("operator", "is");
    case CLT_OPERATOR_NOT_IN: return C_("operator", "is not");
    default: g_return_val_if_reached ("");
    }
}

/* The type of an attribute field; behaviour conditions compare numbers. */
typedef enum { TYPE_TEXT, TYPE_NUMBER, TYPE_MONEY, TYPE_DATE } ValueType;

static ValueType
value_type (CltCondition *condition)
{
  const char *field = clt_condition_get_field (condition);

  if (clt_condition_get_kind (condition) != CLT_CONDITION_ATTRIBUTE)
    return TYPE_NUMBER;
  if (clt_segment_catalogue_operator_fits (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_IS))
    return TYPE_TEXT;
  if (clt_segment_catalogue_operator_fits (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_BEFORE))
    return TYPE_DATE;

  return g_str_equal (field, "spend") ? TYPE_MONEY : TYPE_NUMBER;
}

static void
dropdown_selected_cb (GtkDropDown *dropdown,
                      GParamSpec  *pspec,
                      gpointer     user_data);

static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  ellipsize)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_label (GTK_LABEL (label), text);
  /* Shortened, it says the whole when pointed at. */
  if (GPOINTER_TO_INT (ellipsize))
    gtk_widget_set_tooltip_text (label, text);
}

/* Labels, ellipsized (the drop-down's button, which may then shrink on a narrow window) or
 * whole (its list). */
static GtkListItemFactory *
label_factory_new (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), GINT_TO_POINTER (ellipsize));

  return factory;
}

/* A drop-down of @labels, whose selection calls @changed with the matching id of @ids. */
static GtkWidget *
new_dropdown (CltConditionRow    *self,
              const char * const *ids,
              const char * const *labels,
              const char         *selected,
              const char         *accessible_label,
              void              (*changed) (CltConditionRow *self,
                                            const char      *id))
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (labels);
  g_autoptr(GtkListItemFactory) button_factory = label_factory_new (TRUE);
  g_autoptr(GtkListItemFactory) list_factory = label_factory_new (FALSE);
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&strings)), NULL);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; ids[i]; i++)
    if (g_strcmp0 (ids[i], selected) == 0)
      position = i;
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;

  gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), button_factory);
  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), list_factory);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  g_object_set_data_full (G_OBJECT (dropdown), "ids", g_strdupv ((char **) ids), (GDestroyNotify) g_strfreev);
  g_object_set_data (G_OBJECT (dropdown), "changed", changed);
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (dropdown_selected_cb), self, 0);

  return dropdown;
}

static void
dropdown_selected_cb (GtkDropDown *dropdown,
                      GParamSpec  *pspec,
                      gpointer     user_data)
{
  CltConditionRow *self = user_data;
  char **ids = g_object_get_data (G_OBJECT (dropdown), "ids");
  void (*changed) (CltConditionRow *, const char *) = g_object_get_data (G_OBJECT (dropdown), "changed");
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < g_strv_length (ids))
    changed (self, ids[selected]);
}

static GtkWidget *
catalogue_dropdown (CltConditionRow    *self,
                    const char * const *ids,
                    const char         *selected,
                    const char         *accessible_label,
                    void              (*changed) (CltConditionRow *self,
                                                  const char      *id))
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; ids[i]; i++)
    g_ptr_array_add (labels, (gpointer) clt_segment_catalogue_get_label (ids[i]));
  g_ptr_array_add (labels, NULL);

  return new_dropdown (self, ids, (const char * const *) labels->pdata, selected, accessible_label, changed);
}

static void field_changed (CltConditionRow *self,
                           const char      *field);

/* The purposes of the workspace's catalogue that audiences are for (the built-in ones where
 * there is no catalogue), and the condition's own if it is not among them. */
static GtkWidget *
purpose_dropdown (CltConditionRow *self,
                  const char      *selected)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_auto(GStrv) id_list = NULL;
  gboolean found = FALSE;

  if (self->purposes == NULL)
    return catalogue_dropdown (self, clt_segment_catalogue_list_fields (CLT_CONDITION_CONSENT), selected, _("Purpose"),
                               field_changed);

  for (guint i = 0; i < g_list_model_get_n_items (self->purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (self->purposes, i);

      g_strv_builder_add (ids, clt_purpose_get_key (purpose));
      g_ptr_array_add (labels, (gpointer) clt_purpose_get_display_label (purpose));
      found |= g_strcmp0 (clt_purpose_get_key (purpose), selected) == 0;
    }
  if (!found && selected != NULL)
    {
      g_strv_builder_add (ids, selected);
      g_ptr_array_add (labels, (gpointer) clt_segment_catalogue_get_label (selected));
    }
  g_ptr_array_add (labels, NULL);
  id_list = g_strv_builder_end (ids);

  return new_dropdown (self, (const char * const *) id_list, (const char * const *) labels->pdata, selected,
                       _("Purpose"), field_changed);
}

/* Values as the definition wants them: dates ISO, numbers with a point. */

static char *
parse_number (const char *text)
{
  gint64 cents;

  if (!clt_value_parse_amount (text, CLT_NUMBER_STYLE_AUTO, &cents, NULL))
    return NULL;
  if (cents % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, cents / 100);

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", cents < 0 ? "-" : "", ABS (cents) / 100,
                          (int) (ABS (cents) % 100));
}

static char *
show_number (const char *value)
{
  gint64 cents;
  double number;

  if (value == NULL || !clt_value_parse_amount (value, CLT_NUMBER_STYLE_DECIMAL_POINT, &cents, NULL))
    return g_strdup (value ? value : "");
  number = cents / 100.0;

  return cents % 100 == 0 ? g_strdup_printf ("%.0f", number) : g_strdup_printf ("%.2f", number);
}

static char *
parse_date (const char *text)
{
  g_autofree char *date = clt_value_parse_date (text, CLT_DATE_ORDER_DMY, NULL);

  return date && strlen (date) >= 10 ? g_strndup (date, 10) : NULL;
}

static char *
show_date (const char *value)
{
  return value ? clt_format_date (value) : g_strdup ("");
}

/* Marks @entry as holding a value that does not parse. */
static void
mark_entry (GtkWidget *entry,
            gboolean   valid)
{
  if (valid)
    gtk_widget_remove_css_class (entry, "error");
  else
    gtk_widget_add_css_class (entry, "error");
}

static const char *
entry_text (GtkWidget *widget)
{
  if (CLT_IS_SUGGEST_ENTRY (widget))
    return clt_suggest_entry_get_text (CLT_SUGGEST_ENTRY (widget));

  return gtk_editable_get_text (GTK_EDITABLE (widget));
}

/* Reads the value entries of the row into the condition, where they parse. */
static void
value_entry_changed_cb (CltConditionRow *self)
{
  CltCondition *c = condition (self);
  CltOperator op = clt_condition_get_operator (c);
  ValueType type = value_type (c);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;
  gboolean valid = TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (self->values); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *text;
      g_autofree char *value = NULL;

      if (!g_object_get_data (G_OBJECT (child), "value-entry"))
        continue;
      text = entry_text (child);

      if (op == CLT_OPERATOR_ANY_OF || op == CLT_OPERATOR_NONE_OF)
        {
          g_auto(GStrv) parts = g_strsplit (text, ",", -1);
          guint n = 0;

          for (guint i = 0; parts[i]; i++)
            if (g_strstrip (parts[i])[0] != '\0')
              g_strv_builder_add (builder, parts[i]), n++;
          mark_entry (child, n > 0);
          valid = valid && n > 0;
          continue;
        }

      if (type == TYPE_TEXT)
        value = g_strdup (text);
      else if (type == TYPE_DATE && op != CLT_OPERATOR_WITHIN_LAST)
        value = parse_date (text);
      else
        value = parse_number (text);

      mark_entry (child, value != NULL);
      if (value == NULL)
        valid = FALSE;
      else
        g_strv_builder_add (builder, value);
    }

  if (!valid)
    return;

  values = g_strv_builder_end (builder);
  clt_condition_set_values (c, (const char * const *) values);
}

static GtkWidget *
new_value_entry (CltConditionRow *self,
                 const char      *suggest_field,
                 const char      *text,
                 const char      *placeholder,
                 const char      *accessible_label,
                 int              width_chars)
{
  GtkWidget *entry;
  GtkEntry *inner;

  if (suggest_field)
    {
      entry = clt_suggest_entry_new (self->workspace_path, suggest_field);
      inner = clt_suggest_entry_get_entry (CLT_SUGGEST_ENTRY (entry));
      clt_suggest_entry_set_text (CLT_SUGGEST_ENTRY (entry), text);
      g_signal_connect_object (entry, "changed", G_CALLBACK (value_entry_changed_cb), self, G_CONNECT_SWAPPED);
    }
  else
    {
      entry = gtk_entry_new ();
      inner = GTK_ENTRY (entry);
      gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
      g_signal_connect_object (entry, "changed", G_CALLBACK (value_entry_changed_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_entry_set_placeholder_text (inner, placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (inner), width_chars);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (inner), width_chars);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (inner), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  g_object_set_data (G_OBJECT (entry), "value-entry", GINT_TO_POINTER (TRUE));

  return entry;
}

static GtkWidget *
new_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dimmed");

  return label;
}

static void
unit_changed (CltConditionRow *self,
              const char      *unit)
{
  const char * const *values = clt_condition_get_values (condition (self));
  const char *number = values && values[0] ? values[0] : "30";

  clt_condition_set_values (condition (self), (const char * const[]) { number, unit, NULL });
}

static void
days_changed_cb (GtkSpinButton   *spin,
                 CltConditionRow *self)
{
  const char * const *values = clt_condition_get_values (condition (self));
  g_autofree char *number = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (spin));
  const char *unit = values && values[0] && values[1] ? values[1] : "days";

  clt_condition_set_values (condition (self), (const char * const[]) { number, unit, NULL });
}

static GtkWidget *
new_spin (double       value,
          const char  *accessible_label)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 100000, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);

  return spin;
}

static void
state_changed (CltConditionRow *self,
               const char      *state)
{
  clt_condition_set_values (condition (self), (const char * const[]) { state, NULL });
}

static void
source_value_changed (CltConditionRow *self,
                      const char      *value)
{
  clt_condition_set_values (condition (self), (const char * const[]) { value, NULL });
}

/* The choices of a source condition: the sources by name, or the imports by file. */
static GtkWidget *
source_value_dropdown (CltConditionRow *self)
{
  CltCondition *c = condition (self);
  const char * const *values = clt_condition_get_values (c);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) id_list = NULL;
  g_auto(GStrv) label_list = NULL;

  if (g_str_equal (clt_condition_get_field (c), "source"))
    {
      for (guint i = 0; self->sources && self->sources[i]; i++)
        g_strv_builder_add (ids, self->sources[i]), g_strv_builder_add (labels, self->sources[i]);
    }
  else
    {
      for (guint i = 0; self->imports && i < g_list_model_get_n_items (self->imports); i++)
        {
          g_autoptr(CltImportBatch) batch = g_list_model_get_item (self->imports, i);
          g_autofree char *when = clt_format_date_time (clt_import_batch_get_started_at (batch));

          g_strv_builder_take (ids, g_strdup_printf ("%" G_GINT64_FORMAT, clt_import_batch_get_id (batch)));
          g_strv_builder_take (labels, g_strdup_printf (C_("import choice", "%s (%s)"),
                                                        clt_import_batch_get_file_name (batch), when));
        }
    }
  id_list = g_strv_builder_end (ids);
  label_list = g_strv_builder_end (labels);
  if (id_list[0] == NULL)
    return new_label (_("Nothing imported yet"));

  return new_dropdown (self, (const char * const *) id_list, (const char * const *) label_list,
                       values && values[0] ? values[0] : NULL, _("Value"), source_value_changed);
}

static void
segment_changed (CltConditionRow *self,
                 const char      *id)
{
  clt_segment_ref_set_segment_id (CLT_SEGMENT_REF (self->node), g_ascii_strtoll (id, NULL, 10));
}

static void
build_values (CltConditionRow *self)
{
  CltCondition *c;
  CltOperator op;
  const char * const *values;
  const char *first;
  ValueType type;
  GtkWidget *widget;

  while ((widget = gtk_widget_get_first_child (self->values)))
    adw_wrap_box_remove (ADW_WRAP_BOX (self->values), widget);

  if (CLT_IS_SEGMENT_REF (self->node))
    return;

  c = condition (self);
  op = clt_condition_get_operator (c);
  values = clt_condition_get_values (c);
  first = values && values[0] ? values[0] : NULL;
  type = value_type (c);

  switch (clt_condition_get_kind (c))
    {
    case CLT_CONDITION_CONSENT:
      adw_wrap_box_append (ADW_WRAP_BOX (self->values),
                      catalogue_dropdown (self, clt_segment_catalogue_list_states (), first, _("Consent state"),
                                          state_changed));
      return;

    case CLT_CONDITION_SOURCE:
      adw_wrap_box_append (ADW_WRAP_BOX (self->values), source_value_dropdown (self));
      return;

    case CLT_CONDITION_ATTRIBUTE:
      /* One of a list (the RFM groups): chosen, not typed. */
      if (clt_segment_catalogue_list_choices (clt_condition_get_field (c)) != NULL)
        {
          adw_wrap_box_append (ADW_WRAP_BOX (self->values),
                          catalogue_dropdown (self, clt_segment_catalogue_list_choices (clt_condition_get_field (c)),
                                              first, _("Value"), state_changed));
          return;
        }
      break;

    case CLT_CONDITION_BEHAVIOUR:
    default:
      break;
    }

  switch (op)
    {
    case CLT_OPERATOR_IS_EMPTY:
    case CLT_OPERATOR_ANNIVERSARY:
      break;

    case CLT_OPERATOR_ANY_OF:
    case CLT_OPERATOR_NONE_OF:
      {
        g_autofree char *joined = g_strjoinv (", ", (char **) values);

        adw_wrap_box_append (ADW_WRAP_BOX (self->values),
                        new_value_entry (self, NULL, joined, _("Munich, Berlin"), _("Values, separated by commas"), 14));
      }
      break;

    case CLT_OPERATOR_WITHIN_LAST:
      {
        GtkWidget *spin = new_spin (first ? g_ascii_strtod (first, NULL) : 30, _("Number"));
        const char * const units[] = { "days", "weeks", "months", NULL };
        const char * const labels[] = { _("days"), _("weeks"), _("months"), NULL };

        g_signal_connect_object (spin, "value-changed", G_CALLBACK (days_changed_cb), self, 0);
        adw_wrap_box_append (ADW_WRAP_BOX (self->values), spin);
        adw_wrap_box_append (ADW_WRAP_BOX (self->values),
                        new_dropdown (self, units, labels, values && first && values[1] ? values[1] : "days",
                                      _("Unit"), unit_changed));
      }
      break;

    case CLT_OPERATOR_BEFORE:
    case CLT_OPERATOR_AFTER:
      {
        g_autofree char *shown = show_date (first);

        /* TRANSLATORS: an example date, in the format people type here */
        adw_wrap_box_append (ADW_WRAP_BOX (self->values), new_value_entry (self, NULL, shown, _("31.12.2024"), _("Date"), 10));
      }
      break;

    case CLT_OPERATOR_EQ:
    case CLT_OPERATOR_NE:
    case CLT_OPERATOR_LT:
    case CLT_OPERATOR_LE:
    case CLT_OPERATOR_GT:
    case CLT_OPERATOR_GE:
    case CLT_OPERATOR_BETWEEN:
      for (guint i = 0; i < (op == CLT_OPERATOR_BETWEEN ? 2u : 1u); i++)
        {
          g_autofree char *shown = show_number (values && i < g_strv_length ((char **) values) ? values[i] : NULL);

          if (i == 1)
            adw_wrap_box_append (ADW_WRAP_BOX (self->values), new_label (C_("between", "and")));
          adw_wrap_box_append (ADW_WRAP_BOX (self->values), new_value_entry (self, NULL, shown, NULL, _("Number"), 7));
          if (type == TYPE_MONEY)
            adw_wrap_box_append (ADW_WRAP_BOX (self->values), new_label ("€"));
        }
      break;

    case CLT_OPERATOR_IS:
    case CLT_OPERATOR_IS_NOT:
    case CLT_OPERATOR_CONTAINS:
    case CLT_OPERATOR_STARTS_WITH:
    case CLT_OPERATOR_IN:
    case CLT_OPERATOR_NOT_IN:
    default:
      {
        const char *field = clt_condition_get_field (c);
        /* A next best offer is a product: the products are suggested. */
        const char *suggest = g_str_equal (field, "next_offer") ? "product" : field;

        adw_wrap_box_append (ADW_WRAP_BOX (self->values),
                        new_value_entry (self, clt_segment_suggest_offers (suggest) ? suggest : NULL, first, NULL,
                                         _("Value"), 12));
      }
      break;
    }
}

/* The operators that fit the condition's field now. */
static void
operator_choices (CltCondition  *c,
                  GStrvBuilder  *ids,
                  GStrvBuilder  *labels)
{
  CltConditionKind kind = clt_condition_get_kind (c);

  for (CltOperator op = CLT_OPERATOR_IS; op <= CLT_OPERATOR_NOT_IN; op++)
    {
      /* Consent compares one state at a time here; lists of states are for the JSON. */
      if (kind == CLT_CONDITION_CONSENT && op != CLT_OPERATOR_IS && op != CLT_OPERATOR_IS_NOT)
        continue;
      if (!clt_segment_catalogue_operator_fits (kind, clt_condition_get_field (c), op))
        continue;
      g_strv_builder_add (ids, clt_segment_operator_to_string (op));
      g_strv_builder_add (labels, operator_label (kind, op));
    }
}

/* Values that fit @op of @c, as a fresh condition has them. */
static void
reset_values (CltCondition *c,
              CltOperator   op)
{
  CltConditionKind kind = clt_condition_get_kind (c);

  switch (op)
    {
    case CLT_OPERATOR_IS_EMPTY:
    case CLT_OPERATOR_ANNIVERSARY:
      clt_condition_set_values (c, NULL);
      break;
    case CLT_OPERATOR_WITHIN_LAST:
      clt_condition_set_values (c, (const char * const[]) { "30", "days", NULL });
      break;
    case CLT_OPERATOR_BEFORE:
    case CLT_OPERATOR_AFTER:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

        clt_condition_set_values (c, (const char * const[]) { today, NULL });
      }
      break;
    case CLT_OPERATOR_BETWEEN:
      clt_condition_set_values (c, (const char * const[]) { "1", "10", NULL });
      break;
    case CLT_OPERATOR_EQ:
    case CLT_OPERATOR_NE:
    case CLT_OPERATOR_LT:
    case CLT_OPERATOR_LE:
    case CLT_OPERATOR_GT:
    case CLT_OPERATOR_GE:
      clt_condition_set_values (c, (const char * const[]) {
                                  kind == CLT_CONDITION_BEHAVIOUR ? "1" :
                                  g_str_has_suffix (clt_condition_get_field (c), "_score") ? "4" : "100", NULL });
      break;
    case CLT_OPERATOR_IS:
    case CLT_OPERATOR_IS_NOT:
    case CLT_OPERATOR_CONTAINS:
    case CLT_OPERATOR_STARTS_WITH:
    case CLT_OPERATOR_ANY_OF:
    case CLT_OPERATOR_NONE_OF:
    case CLT_OPERATOR_IN:
    case CLT_OPERATOR_NOT_IN:
    default:
      if (kind == CLT_CONDITION_CONSENT)
        clt_condition_set_values (c, (const char * const[]) { "given", NULL });
      else if (kind == CLT_CONDITION_ATTRIBUTE && clt_segment_catalogue_list_choices (clt_condition_get_field (c)))
        clt_condition_set_values (c, (const char * const[]) {
                                    clt_segment_catalogue_list_choices (clt_condition_get_field (c))[0], NULL });
      else if (kind != CLT_CONDITION_SOURCE)
        clt_condition_set_values (c, (const char * const[]) { "", NULL });
      break;
    }
}

static void
operator_changed (CltConditionRow *self,
                  const char      *id)
{
  CltCondition *c = condition (self);
  CltOperator old = clt_condition_get_operator (c);
  CltOperator op;
  gboolean same_values;

  if (!clt_segment_operator_from_string (id, &op) || op == old)
    return;

  /* Between one comparison and another the value stays; otherwise it starts afresh. */
  same_values = (old >= CLT_OPERATOR_EQ && old <= CLT_OPERATOR_GE && op >= CLT_OPERATOR_EQ && op <= CLT_OPERATOR_GE) ||
                (old <= CLT_OPERATOR_STARTS_WITH && op <= CLT_OPERATOR_STARTS_WITH) ||
                (old == CLT_OPERATOR_BEFORE && op == CLT_OPERATOR_AFTER) ||
                (old == CLT_OPERATOR_AFTER && op == CLT_OPERATOR_BEFORE) ||
                (old == CLT_OPERATOR_IN && op == CLT_OPERATOR_NOT_IN) ||
                (old == CLT_OPERATOR_NOT_IN && op == CLT_OPERATOR_IN);
  g_object_freeze_notify (G_OBJECT (c));
  if (!same_values)
    reset_values (c, op);
  clt_condition_set_operator (c, op);
  g_object_thaw_notify (G_OBJECT (c));
  build_values (self);
}

static void
field_changed (CltConditionRow *self,
               const char      *field)
{
  CltCondition *c = condition (self);
  CltConditionKind kind = clt_condition_get_kind (c);
  ValueType old_type = value_type (c);

  if (g_strcmp0 (field, clt_condition_get_field (c)) == 0)
    return;

  clt_condition_set_field (c, field);
  if (kind == CLT_CONDITION_CONSENT)
    clt_condition_set_channel (c, clt_segment_purposes_get_channel (self->purposes, field));
  if (kind == CLT_CONDITION_SOURCE)
    {
      const char *first = NULL;
      g_autofree char *import_id = NULL;

      if (g_str_equal (field, "source"))
        first = self->sources && self->sources[0] ? self->sources[0] : "";
      else if (self->imports && g_list_model_get_n_items (self->imports) > 0)
        {
          g_autoptr(CltImportBatch) batch = g_list_model_get_item (self->imports, 0);

          first = import_id = g_strdup_printf ("%" G_GINT64_FORMAT, clt_import_batch_get_id (batch));
        }
      clt_condition_set_values (c, first ? (const char * const[]) { first, NULL } : NULL);
    }
  else if (kind == CLT_CONDITION_ATTRIBUTE && (value_type (c) != old_type ||
           !clt_segment_catalogue_operator_fits (kind, field, clt_condition_get_operator (c))))
    {
      for (CltOperator op = CLT_OPERATOR_IS; op <= CLT_OPERATOR_NOT_IN; op++)
        if (clt_segment_catalogue_operator_fits (kind, field, op))
          {
            CltOperator chosen = value_type (c) == TYPE_DATE ? CLT_OPERATOR_WITHIN_LAST :
                                 value_type (c) == TYPE_TEXT ? CLT_OPERATOR_IS : CLT_OPERATOR_GE;

            reset_values (c, chosen);
            clt_condition_set_operator (c, chosen);
            break;
          }
    }

  build_head (self);
  build_values (self);
}

static void
aggregate_changed (CltConditionRow *self,
                   const char      *id)
{
  clt_condition_set_aggregate (condition (self), (CltAggregate) g_ascii_strtoll (id, NULL, 10));
}

static void
channel_changed (CltConditionRow *self,
                 const char      *channel)
{
  clt_condition_set_channel (condition (self), channel);
}

static void filters_build (CltConditionRow *self);

static void
window_changed (CltConditionRow *self,
                const char      *id)
{
  CltCondition *c = condition (self);
  CltTimeWindow window = (CltTimeWindow) g_ascii_strtoll (id, NULL, 10);

  if (window == clt_condition_get_window (c))
    return;

  g_object_freeze_notify (G_OBJECT (c));
  if (window == CLT_TIME_WINDOW_LAST_DAYS && clt_condition_get_window_days (c) == 0)
    clt_condition_set_window_days (c, 90);
  if (window == CLT_TIME_WINDOW_BETWEEN && clt_condition_get_window_from (c) == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) year_ago = g_date_time_add_years (now, -1);
      g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *from = g_date_time_format (year_ago, "%Y-%m-%d");

      clt_condition_set_window_dates (c, from, to);
    }
  if ((window == CLT_TIME_WINDOW_BEFORE_EVENT || window == CLT_TIME_WINDOW_AFTER_EVENT) &&
      clt_condition_get_window_event (c) == NULL)
    clt_condition_set_window_event (c, "newsletter_optin");
  clt_condition_set_window (c, window);
  g_object_thaw_notify (G_OBJECT (c));

  filters_build (self);
}

static void
window_days_changed_cb (GtkSpinButton   *spin,
                        CltConditionRow *self)
{
  clt_condition_set_window_days (condition (self), gtk_spin_button_get_value_as_int (spin));
}

static void
window_event_changed (CltConditionRow *self,
                      const char      *event)
{
  clt_condition_set_window_event (condition (self), event);
}

static void
window_date_changed_cb (CltConditionRow *self)
{
  GtkWidget *from_entry = g_object_get_data (G_OBJECT (self->filters), "from");
  GtkWidget *to_entry = g_object_get_data (G_OBJECT (self->filters), "to");
  g_autofree char *from = parse_date (gtk_editable_get_text (GTK_EDITABLE (from_entry)));
  g_autofree char *to = parse_date (gtk_editable_get_text (GTK_EDITABLE (to_entry)));

  mark_entry (from_entry, from != NULL);
  mark_entry (to_entry, to != NULL);
  if (from && to)
    clt_condition_set_window_dates (condition (self), from, to);
}

static void
filter_changed_cb (GtkWidget       *entry,
                   CltConditionRow *self)
{
  const char *what = g_object_get_data (G_OBJECT (entry), "filter");
  const char *text = entry_text (entry);

  if (text[0] == '\0')
    text = NULL;
  if (g_str_equal (what, "product"))
    clt_condition_set_product (condition (self), text);
  else if (g_str_equal (what, "store"))
    clt_condition_set_store (condition (self), text);
  else
    clt_condition_set_campaign (condition (self), text);
}

static GtkWidget *
filter_entry (CltConditionRow *self,
              const char      *what,
              const char      *text,
              const char      *placeholder)
{
  /* Products, stores and campaigns are offered from the data. */
  GtkWidget *entry = clt_suggest_entry_new (self->workspace_path, what);
  GtkEntry *inner = clt_suggest_entry_get_entry (CLT_SUGGEST_ENTRY (entry));

  clt_suggest_entry_set_text (CLT_SUGGEST_ENTRY (entry), text);
  gtk_entry_set_placeholder_text (inner, placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (inner), 10);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (inner), 10);
  gtk_accessible_update_property (GTK_ACCESSIBLE (inner), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (entry), "filter", (gpointer) what);
  g_signal_connect_object (entry, "changed", G_CALLBACK (filter_changed_cb), self, 0);

  return entry;
}

/* A behaviour condition's second line: what the events must name, and when they happened. */
static void
filters_build (CltConditionRow *self)
{
  CltCondition *c = condition (self);
  const char *event = clt_condition_get_field (c);
  CltTimeWindow window = clt_condition_get_window (c);
  const char * const window_ids[] = { "0", "1", "2", "3", "4", NULL };
  const char * const window_labels[] = {
    _("at any time"), _("in the last"), _("between"), _("before the first"), _("after the first"), NULL
  };
  GtkWidget *widget;

  while ((widget = gtk_widget_get_first_child (self->filters)))
    adw_wrap_box_remove (ADW_WRAP_BOX (self->filters), widget);

  if (g_str_equal (event, "purchase") || g_str_equal (event, "loyalty_receipt"))
    {
      adw_wrap_box_append (ADW_WRAP_BOX (self->filters), filter_entry (self, "product", clt_condition_get_product (c), _("Product")));
      adw_wrap_box_append (ADW_WRAP_BOX (self->filters), filter_entry (self, "store", clt_condition_get_store (c), _("Store")));
    }
  else if (g_str_has_prefix (event, "newsletter_") || g_str_equal (event, "unsubscribe"))
    adw_wrap_box_append (ADW_WRAP_BOX (self->filters), filter_entry (self, "campaign", clt_condition_get_campaign (c), _("Campaign")));

  {
    g_autofree char *selected = g_strdup_printf ("%d", window);

    adw_wrap_box_append (ADW_WRAP_BOX (self->filters), new_dropdown (self, window_ids, window_labels, selected, _("When"),
                                                           window_changed));
  }

  switch (window)
    {
    case CLT_TIME_WINDOW_LAST_DAYS:
      widget = new_spin (clt_condition_get_window_days (c), _("Days"));
      g_signal_connect_object (widget, "value-changed", G_CALLBACK (window_days_changed_cb), self, 0);
      adw_wrap_box_append (ADW_WRAP_BOX (self->filters), widget);
      adw_wrap_box_append (ADW_WRAP_BOX (self->filters), new_label (_("days")));
      break;

    case CLT_TIME_WINDOW_BETWEEN:
      for (guint i = 0; i < 2; i++)
        {
          g_autofree char *shown = show_date (i == 0 ? clt_condition_get_window_from (c) : clt_condition_get_window_to (c));

          widget = gtk_entry_new ();
          gtk_editable_set_text (GTK_EDITABLE (widget), shown);
          gtk_editable_set_width_chars (GTK_EDITABLE (widget), 10);
          gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          i == 0 ? _("From") : _("To"), -1);
          g_object_set_data (G_OBJECT (self->filters), i == 0 ? "from" : "to", widget);
          if (i == 1)
            adw_wrap_box_append (ADW_WRAP_BOX (self->filters), new_label (C_("between", "and")));
          adw_wrap_box_append (ADW_WRAP_BOX (self->filters), widget);
        }
      for (guint i = 0; i < 2; i++)
        g_signal_connect_object (g_object_get_data (G_OBJECT (self->filters), i == 0 ? "from" : "to"), "changed",
                                 G_CALLBACK (window_date_changed_cb), self, G_CONNECT_SWAPPED);
      break;

    case CLT_TIME_WINDOW_BEFORE_EVENT:
    case CLT_TIME_WINDOW_AFTER_EVENT:
      gtk_box_append (GTK_BOX (self->filters),
                      catalogue_dropdown (self, clt_segment_catalogue_list_fields (CLT_CONDITION_BEHAVIOUR),
                                          clt_condition_get_window_event (c), _("Event"), window_event_changed));
      break;

    case CLT_TIME_WINDOW_ALWAYS:
    default:
      break;
    }
}

/* What the condition looks at and how it compares: the first drop-downs of the line. */
static void
build_head (CltConditionRow *self)
{
  CltCondition *c;
  GtkWidget *widget;
  g_autoptr(GStrvBuilder) op_ids = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) op_labels = g_strv_builder_new ();
  g_auto(GStrv) op_id_list = NULL;
  g_auto(GStrv) op_label_list = NULL;

  while ((widget = gtk_widget_get_first_child (self->head)))
    adw_wrap_box_remove (ADW_WRAP_BOX (self->head), widget);

  if (CLT_IS_SEGMENT_REF (self->node))
    {
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
      g_auto(GStrv) id_list = NULL;
      g_auto(GStrv) label_list = NULL;
      g_autofree char *selected = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   clt_segment_ref_get_segment_id (CLT_SEGMENT_REF (self->node)));

      adw_wrap_box_append (ADW_WRAP_BOX (self->head), new_label (_("Member of")));
      for (guint i = 0; self->segments && i < g_list_model_get_n_items (self->segments); i++)
        {
          g_autoptr(CltSegment) segment = g_list_model_get_item (self->segments, i);

          g_strv_builder_take (ids, g_strdup_printf ("%" G_GINT64_FORMAT, clt_segment_get_id (segment)));
          g_strv_builder_add (labels, clt_segment_get_name (segment));
        }
      id_list = g_strv_builder_end (ids);
      label_list = g_strv_builder_end (labels);
      if (id_list[0] != NULL)
        adw_wrap_box_append (ADW_WRAP_BOX (self->head), new_dropdown (self, (const char * const *) id_list,
                                                            (const char * const *) label_list, selected,
                                                            _("Segment"), segment_changed));
      else
        adw_wrap_box_append (ADW_WRAP_BOX (self->head), new_label (_("a segment that no longer exists")));
      return;
    }

  c = condition (self);
  switch (clt_condition_get_kind (c))
    {
    case CLT_CONDITION_BEHAVIOUR:
      {
        const char * const ids[] = { "0", "1", "2", "3", "4", NULL };
        const char * const labels[] = {
          _("Number of"), _("Total amount of"), _("Average amount of"), _("Days since first"), _("Days since last"), NULL
        };
        g_autofree char *selected = g_strdup_printf ("%d", clt_condition_get_aggregate (c));

        adw_wrap_box_append (ADW_WRAP_BOX (self->head), new_dropdown (self, ids, labels, selected, _("Measure"), aggregate_changed));
        adw_wrap_box_append (ADW_WRAP_BOX (self->head),
                        catalogue_dropdown (self, clt_segment_catalogue_list_fields (CLT_CONDITION_BEHAVIOUR),
                                            clt_condition_get_field (c), _("Event"), field_changed));
      }
      break;

    case CLT_CONDITION_CONSENT:
      adw_wrap_box_append (ADW_WRAP_BOX (self->head), new_label (_("Consent for")));
      adw_wrap_box_append (ADW_WRAP_BOX (self->head), purpose_dropdown (self, clt_condition_get_field (c)));
      adw_wrap_box_append (ADW_WRAP_BOX (self->head), new_label (C_("consent channel", "by")));
      {
        const char * const labels[] = { C_("channel", "e-mail"), C_("channel", "post"), C_("channel", "phone"),
                                        C_("channel", "ads"), NULL };

        g_assert (g_strv_length ((char **) clt_segment_catalogue_list_channels ()) == G_N_ELEMENTS (labels) - 1);
        adw_wrap_box_append (ADW_WRAP_BOX (self->head), new_dropdown (self, clt_segment_catalogue_list_channels (), labels,
                                                            clt_condition_get_channel (c), _("Channel"), channel_changed));
      }
      break;

    case CLT_CONDITION_ATTRIBUTE:
    case CLT_CONDITION_SOURCE:
    default:
      adw_wrap_box_append (ADW_WRAP_BOX (self->head),
                      catalogue_dropdown (self, clt_segment_catalogue_list_fields (clt_condition_get_kind (c)),
                                          clt_condition_get_field (c), _("Field"), field_changed));
      break;
    }

  operator_choices (c, op_ids, op_labels);
  op_id_list = g_strv_builder_end (op_ids);
  op_label_list = g_strv_builder_end (op_labels);
  adw_wrap_box_append (ADW_WRAP_BOX (self->head),
                  new_dropdown (self, (const char * const *) op_id_list, (const char * const *) op_label_list,
                                clt_segment_operator_to_string (clt_condition_get_operator (c)), _("Comparison"),
                                operator_changed));

  if (clt_condition_get_kind (c) == CLT_CONDITION_BEHAVIOUR)
    {
      gtk_widget_set_visible (self->filters, TRUE);
      filters_build (self);
    }
}

static void
clt_condition_row_dispose (GObject *object)
{
  CltConditionRow *self = CLT_CONDITION_ROW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->node);
  g_clear_object (&self->imports);
  g_clear_object (&self->purposes);
  g_clear_object (&self->segments);

  G_OBJECT_CLASS (clt_condition_row_parent_class)->dispose (object);
}

static void
clt_condition_row_finalize (GObject *object)
{
  CltConditionRow *self = CLT_CONDITION_ROW (object);

  g_free (self->workspace_path);
  g_strfreev (self->sources);

  G_OBJECT_CLASS (clt_condition_row_parent_class)->finalize (object);
}

static void
clt_condition_row_class_init (CltConditionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_condition_row_dispose;
  object_class->finalize = clt_condition_row_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conditionrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  _clt_node_widget_class_add_actions (widget_class);
}

static void
clt_condition_row_init (CltConditionRow *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

/**
 * clt_condition_row_new:
 * @node: a #CltCondition or a #CltSegmentRef
 */
GtkWidget *
clt_condition_row_new (CltSegmentCanvas *canvas,
                       CltSegmentNode   *node)
{
  CltConditionRow *self = g_object_new (CLT_TYPE_CONDITION_ROW, NULL);
  GtkWidget *spacer = g_object_new (GTK_TYPE_BOX, NULL);
  GListModel *purposes = clt_segment_canvas_get_purposes (canvas);
  GListModel *imports = clt_segment_canvas_get_imports (canvas);
  GListModel *segments = clt_segment_canvas_get_segments (canvas);
  GtkWidget *remove;

  g_return_val_if_fail (CLT_IS_CONDITION (node) || CLT_IS_SEGMENT_REF (node), NULL);

  self->node = g_object_ref (node);
  g_object_set_data (G_OBJECT (self), "clt-node", node);
  self->workspace_path = g_strdup (clt_segment_canvas_get_workspace_path (canvas));
  self->sources = g_strdupv ((char **) clt_segment_canvas_get_sources (canvas));
  self->purposes = purposes ? g_object_ref (purposes) : NULL;
  self->imports = imports ? g_object_ref (imports) : NULL;
  self->segments = segments ? g_object_ref (segments) : NULL;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), self->line);
  self->filters = g_object_new (ADW_TYPE_WRAP_BOX, "child-spacing", 6, "line-spacing", 6, "visible", FALSE,
                                "margin-start", 30, NULL);
  gtk_box_append (GTK_BOX (self->box), self->filters);

  self->head = g_object_new (ADW_TYPE_WRAP_BOX, "child-spacing", 6, "line-spacing", 6, NULL);
  self->values = g_object_new (ADW_TYPE_WRAP_BOX, "child-spacing", 6, "line-spacing", 6, NULL);
  self->count = GTK_LABEL (g_object_new (GTK_TYPE_LABEL, "label", "…", "valign", GTK_ALIGN_CENTER, "css-classes",
                                         (const char * const[]) { "badge", "dim", "numeric", NULL }, NULL));
  self->removes = GTK_LABEL (g_object_new (GTK_TYPE_LABEL, "visible", FALSE, "valign", GTK_ALIGN_CENTER, "css-classes",
                                           (const char * const[]) { "dimmed", "numeric", "caption", NULL }, NULL));
  remove = g_object_new (GTK_TYPE_BUTTON, "icon-name", "window-close-symbolic", "action-name", "node.remove",
                         "tooltip-text", _("Remove Condition"), "valign", GTK_ALIGN_CENTER, "css-classes",
                         (const char * const[]) { "flat", "circular", NULL }, NULL);

  /* What the condition says wraps as a sentence would when the row is narrow. */
  self->flow = g_object_new (ADW_TYPE_WRAP_BOX, "child-spacing", 6, "line-spacing", 6, "hexpand", TRUE,
                             "valign", GTK_ALIGN_CENTER, NULL);
  adw_wrap_box_append (ADW_WRAP_BOX (self->flow), self->head);
  adw_wrap_box_append (ADW_WRAP_BOX (self->flow), self->values);

  gtk_box_append (GTK_BOX (self->line), _clt_node_widget_new_handle (GTK_WIDGET (self), node));
  gtk_box_append (GTK_BOX (self->line), self->flow);
  gtk_box_append (GTK_BOX (self->line), spacer);
  gtk_box_append (GTK_BOX (self->line), GTK_WIDGET (self->removes));
  gtk_box_append (GTK_BOX (self->line), GTK_WIDGET (self->count));
  gtk_box_append (GTK_BOX (self->line), _clt_node_widget_new_menu_button (node));
  gtk_box_append (GTK_BOX (self->line), remove);

  build_head (self);
  build_values (self);

  return GTK_WIDGET (self);
}

CltSegmentNode *
clt_condition_row_get_node (CltConditionRow *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION_ROW (self), NULL);

  return self->node;
}

/* Shows the condition's own count and how many it removes; a negative count is unknown. */
void
clt_condition_row_set_count (CltConditionRow *self,
                             gint64           own,
                             gint64           removes)
{
  g_return_if_fail (CLT_IS_CONDITION_ROW (self));

  _clt_node_widget_set_count (self->count, self->removes, own, removes);
}

/* Marks the row as the first condition the person looked up fails. */
void
clt_condition_row_set_why_not (CltConditionRow *self,
                               gboolean         fails)
{
  g_return_if_fail (CLT_IS_CONDITION_ROW (self));

  if (fails)
    gtk_widget_add_css_class (GTK_WIDGET (self), "why-not");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "why-not");
}

void
clt_condition_row_update_actions (CltConditionRow *self)
{
  g_return_if_fail (CLT_IS_CONDITION_ROW (self));

  _clt_node_widget_update_actions (GTK_WIDGET (self), self->node);
}
