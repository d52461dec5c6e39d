/* clt-purpose-dialog.c: one purpose of the catalogue, as the DPO edits it
 *
 * Name, channel, legal basis, description and retention of a purpose, saved with the
 * ledger (which records the change in the audit log). The dialog emits "saved" and closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-purpose-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-purpose-dialog.h"

static const char * const channels[] = { "email", "postal", "phone", "ads", "none" };

struct _CltPurposeDialog
{
  AdwDialog     parent_instance;

  CltWorkspace *workspace;
  CltPurpose   *purpose;

  GtkWidget    *save_button;
  AdwEntryRow  *label_row;
  AdwComboRow  *channel_row;
  AdwComboRow  *basis_row;
  AdwEntryRow  *description_row;
  AdwSpinRow   *retention_row;
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

/**
 * clt_purpose_dialog_save:
 *
 * Stores what the rows say, as the Save button does.
 */
gboolean
clt_purpose_dialog_save (CltPurposeDialog  *self,
                         GError           **error)
{
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autofree char *label = NULL;
  char basis[2] = { 0, 0 };
  guint channel;

  g_return_val_if_fail (CLT_IS_PURPOSE_DIALOG (self), FALSE);

  label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));
  channel = adw_combo_row_get_selected (self->channel_row);
  basis[0] = 'a' + MIN (adw_combo_row_get_selected (self->basis_row), 5);

  clt_purpose_set_label (self->purpose, label);
  clt_purpose_set_channel (self->purpose, channels[MIN (channel, G_N_ELEMENTS (channels) - 1)]);
  clt_purpose_set_legal_basis (self->purpose, basis);
  clt_purpose_set_description (self->purpose, gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  clt_purpose_set_retention_months (self->purpose, (guint) adw_spin_row_get_value (self->retention_row));

  ledger = clt_consent_ledger_new (self->workspace);
  if (!clt_consent_ledger_save_purpose (ledger, self->purpose, error))
    return FALSE;

  g_signal_emit (self, signals[SAVED], 0);

  return TRUE;
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
  gtk_widget_class_bind_template_child (widget_class, CltPurposeDialog, retention_row);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_changed_cb);
}

static void
clt_purpose_dialog_init (CltPurposeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * clt_purpose_dialog_new:
 * @purpose: the purpose to edit; the dialog changes it when saving
 *
 * Returns: (transfer floating): the dialog
 */
CltPurposeDialog *
clt_purpose_dialog_new (CltWorkspace *workspace,
                        CltPurpose   *purpose)
{
  CltPurposeDialog *self;
  const char *basis;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (CLT_IS_PURPOSE (purpose), NULL);

  self = g_object_new (CLT_TYPE_PURPOSE_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  self->purpose = g_object_ref (purpose);

  adw_dialog_set_title (ADW_DIALOG (self), clt_purpose_get_display_label (purpose));
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), clt_purpose_get_display_label (purpose));
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_strcmp0 (clt_purpose_get_channel (purpose), channels[i]) == 0)
      adw_combo_row_set_selected (self->channel_row, i);
  basis = clt_purpose_get_legal_basis (purpose);
  if (basis && basis[0] >= 'a' && basis[0] <= 'f')
    adw_combo_row_set_selected (self->basis_row, basis[0] - 'a');
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), clt_purpose_get_description (purpose) ?
                                                                clt_purpose_get_description (purpose) : "");
  adw_spin_row_set_value (self->retention_row, clt_purpose_get_retention_months (purpose));

  return self;
}
