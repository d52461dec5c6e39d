/* clt-purpose-dialog.c: one purpose of the catalogue, as the DPO adds or edits it
 *
 * Name, channel, legal basis, description, data categories, recipients, retention and whether
 * it is direct marketing, saved with the ledger (which records the change in the audit log);
 * a new purpose gets a key made from its name. The dialog emits "saved" and closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-purpose-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-purpose-dialog.h"

static const char * const channels[] = { "email", "postal", "phone", "ads", "none" };

/* The data categories the register of processing names, as the catalogue keeps them. */
static const struct
{
  const char *key;
  const char *label;
  const char *examples;
} categories[] = {
  { "contact", N_("Contact Details"), N_("Names, e-mail addresses, phone numbers") },
  { "postal", N_("Postal Addresses"), NULL },
  { "purchases", N_("Purchases"), N_("Orders, amounts, products") },
  { "newsletter", N_("Newsletter Activity"), N_("Sign-ups, opens, clicks") },
  { "loyalty", N_("Loyalty Card"), N_("Receipts at the till") },
};

struct _CltPurposeDialog
{
  AdwDialog       parent_instance;

  CltWorkspace   *workspace;
  CltPurpose     *purpose;

  GtkWidget      *save_button;
  AdwEntryRow    *label_row;
  AdwComboRow    *channel_row;
  AdwComboRow    *basis_row;
  AdwEntryRow    *description_row;
  AdwExpanderRow *categories_row;
  AdwEntryRow    *recipients_row;
  AdwSpinRow     *retention_row;
  AdwSwitchRow   *marketing_row;
  GtkCheckButton *category_checks[G_N_ELEMENTS (categories)];
  GStrv           other_categories;  /* the purpose's categories the dialog has no row for */
};

G_DEFINE_FINAL_TYPE (CltPurposeDialog, clt_purpose_dialog, ADW_TYPE_DIALOG)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
label_changed_cb (CltPurposeDialog *self)
{
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));

  gtk_widget_set_sensitive (self->save_button, label[0] != '\0');
}

/* The categories checked, and those without a row kept as they were, comma-separated as the
 * catalogue keeps them. */
static char *
dup_categories (CltPurposeDialog *self)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (gtk_check_button_get_active (self->category_checks[i]))
      g_strv_builder_add (keys, categories[i].key);
  if (self->other_categories)
    g_strv_builder_addv (keys, (const char **) self->other_categories);
  strv = g_strv_builder_end (keys);

  return g_strjoinv (",", strv);
}

static void
category_toggled_cb (CltPurposeDialog *self)
{
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (gtk_check_button_get_active (self->category_checks[i]))
      g_strv_builder_add (labels, _(categories[i].label));
  strv = g_strv_builder_end (labels);
  /* Translators: the separator between the data categories a purpose uses */
  summary = g_strjoinv (_(", "), strv);
  adw_expander_row_set_subtitle (self->categories_row, summary[0] ? summary : _("None"));
}

/**
 * clt_purpose_dialog_save:
 *
 * Stores what the rows say, as the Save button does: a new purpose is added to the catalogue.
 */
gboolean
clt_purpose_dialog_save (CltPurposeDialog  *self,
                         GError           **error)
{
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autofree char *label = NULL;
  g_autofree char *data_categories = NULL;
  g_autofree char *recipients = NULL;
  char basis[2] = { 0, 0 };
  guint channel;

  g_return_val_if_fail (CLT_IS_PURPOSE_DIALOG (self), FALSE);

  label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));
  recipients = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipients_row))));
  data_categories = dup_categories (self);
  channel = adw_combo_row_get_selected (self->channel_row);
  basis[0] = 'a' + MIN (adw_combo_row_get_selected (self->basis_row), 5);

  clt_purpose_set_label (self->purpose, label);
  clt_purpose_set_channel (self->purpose, channels[MIN (channel, G_N_ELEMENTS (channels) - 1)]);
  clt_purpose_set_legal_basis (self->purpose, basis);
  clt_purpose_set_description (self->purpose, gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  clt_purpose_set_data_categories (self->purpose, data_categories);
  clt_purpose_set_recipients (self->purpose, recipients);
  clt_purpose_set_retention_months (self->purpose, (guint) adw_spin_row_get_value (self->retention_row));
  clt_purpose_set_marketing (self->purpose, adw_switch_row_get_active (self->marketing_row));

  ledger = clt_consent_ledger_new (self->workspace);
  if (clt_purpose_get_key (self->purpose) == NULL)
    {
      CltPurpose *added = clt_consent_ledger_add_purpose (ledger, self->purpose, error);

      if (added == NULL)
        return FALSE;
      g_set_object (&self->purpose, added);
      g_object_unref (added);
    }
  else if (!clt_consent_ledger_save_purpose (ledger, self->purpose, error))
    return FALSE;

  g_signal_emit (self, signals[SAVED], 0);

  return TRUE;
}

/**
 * clt_purpose_dialog_get_purpose:
 *
 * Returns: (transfer none): the purpose edited; once a new one is saved, as stored, with its key
 */
CltPurpose *
clt_purpose_dialog_get_purpose (CltPurposeDialog *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE_DIALOG (self), NULL);

  return self->purpose;
}

static void
save_clicked_cb (CltPurposeDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!clt_purpose_dialog_save (self, &error))
    {
      AdwDialog *alert = adw_alert_dialog_new (_("Could Not Save the Purpose"), error->message);

      adw_alert_dialog_add_response (ADW_ALERT_DIALOG (alert), "close", _("_Close"));
      adw_dialog_present (alert, GTK_WIDGET (self));
      return;
    }

  adw_dialog_close (ADW_DIALOG (self));
}

static void
clt_purpose_dialog_dispose (GObject *object)
{
  CltPurposeDialog *self = (CltPurposeDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_PURPOSE_DIALOG);
  g_clear_object (&self->workspace);
  g_clear_object (&self->purpose);
  g_clear_pointer (&self->other_categories, g_strfreev);

  G_OBJECT_CLASS (clt_purpose_dialog_parent_class)->dispose (object);
}

static void
clt_purpose_dialog_class_init (CltPurposeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_purpose_dialog_dispose;

  /**
   * CltPurposeDialog::saved:
   *
   * The purpose was stored.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-purpose-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, basis_row);
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, categories_row);
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, recipients_row);
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, retention_row);
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, marketing_row);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_changed_cb);
}

static void
clt_purpose_dialog_init (CltPurposeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(categories[i].label));
      if (categories[i].examples)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(categories[i].examples));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_name (row, categories[i].key);
      g_signal_connect_object (check, "toggled", G_CALLBACK (category_toggled_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (self->categories_row, row);
      self->category_checks[i] = GTK_CHECK_BUTTON (check);
    }
  category_toggled_cb (self);
}

/**
 * clt_purpose_dialog_new:
 * @purpose: (nullable): the purpose to edit, which the dialog changes when saving; %NULL to add
 *   one to the catalogue
 *
 * Returns: (transfer floating): the dialog
 */
CltPurposeDialog *
clt_purpose_dialog_new (CltWorkspace *workspace,
                        CltPurpose   *purpose)
{
  CltPurposeDialog *self;
  g_auto(GStrv) keys = NULL;
  const char *basis;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (purpose == NULL || CLT_IS_PURPOSE (purpose), NULL);

  self = g_object_new (CLT_TYPE_PURPOSE_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);

  if (purpose == NULL)
    {
      /* A new purpose: what most are, a contact by e-mail with consent. */
      self->purpose = clt_purpose_new (NULL);
      clt_purpose_set_channel (self->purpose, "email");
      clt_purpose_set_legal_basis (self->purpose, "a");
      clt_purpose_set_marketing (self->purpose, TRUE);
      adw_dialog_set_title (ADW_DIALOG (self), _("New Purpose"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Add"));
    }
  else
    {
      self->purpose = g_object_ref (purpose);
      adw_dialog_set_title (ADW_DIALOG (self), clt_purpose_get_display_label (purpose));
      gtk_editable_set_text (GTK_EDITABLE (self->label_row), clt_purpose_get_display_label (purpose));
    }

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_strcmp0 (clt_purpose_get_channel (self->purpose), channels[i]) == 0)
      adw_combo_row_set_selected (self->channel_row, i);
  basis = clt_purpose_get_legal_basis (self->purpose);
  if (basis && basis[0] >= 'a' && basis[0] <= 'f')
    adw_combo_row_set_selected (self->basis_row, basis[0] - 'a');
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), clt_purpose_get_description (self->purpose) ?
                                                                clt_purpose_get_description (self->purpose) : "");
  keys = g_strsplit (clt_purpose_get_data_categories (self->purpose) ? clt_purpose_get_data_categories (self->purpose) : "",
                     ",", -1);
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    gtk_check_button_set_active (self->category_checks[i], g_strv_contains ((const char * const *) keys, categories[i].key));
  {
    g_autoptr(GStrvBuilder) others = g_strv_builder_new ();

    for (guint i = 0; keys[i]; i++)
      {
        gboolean known = keys[i][0] == '\0';

        for (guint j = 0; !known && j < G_N_ELEMENTS (categories); j++)
          known = g_str_equal (keys[i], categories[j].key);
        if (!known)
          g_strv_builder_add (others, keys[i]);
      }
    self->other_categories = g_strv_builder_end (others);
  }
  gtk_editable_set_text (GTK_EDITABLE (self->recipients_row), clt_purpose_get_recipients (self->purpose) ?
                                                               clt_purpose_get_recipients (self->purpose) : "");
  adw_spin_row_set_value (self->retention_row, clt_purpose_get_retention_months (self->purpose));
  adw_switch_row_set_active (self->marketing_row, clt_purpose_get_marketing (self->purpose));
  label_changed_cb (self);

  return self;
}
