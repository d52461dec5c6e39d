/* clt-review-dialog.c: the review queue, one possible duplicate at a time
 *
 * Shows two records side by side, the fields that differ marked, with the evidence each
 * field gives, and takes an answer: the same person, not the same, or later. Each answer
 * applies at once and can be undone from its toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-review-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "clt-format.h"
#include "clt-review-dialog.h"

#define PAIRS_LOADED 100

struct _CltReviewDialog
{
  AdwDialog        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkLabel        *summary_label;
  GtkGrid         *grid;
  GtkWidget       *answer_box;

  CltWorkspace    *workspace;
  GPtrArray       *pairs;
  guint            position;
  gint64           answered_a;
  gint64           answered_b;
  gboolean         narrow;
};

G_DEFINE_FINAL_TYPE (CltReviewDialog, clt_review_dialog, ADW_TYPE_DIALOG)

enum {
  ANSWERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static CltReviewPair *
current_pair (CltReviewDialog *self)
{
  if (self->pairs == NULL || self->position >= self->pairs->len)
    return NULL;

  return g_ptr_array_index (self->pairs, self->position);
}

static GtkWidget *
cell (const char *text,
      gboolean    differs,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (label, css_class == NULL);
  if (differs)
    gtk_widget_add_css_class (label, "differs");
  if (css_class)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static const char *
level_label (CltMatchLevel level)
{
  switch (level)
    {
    case CLT_MATCH_LEVEL_EXACT:
      /* Translators: how two values compare */
      return C_("comparison", "Same");
    case CLT_MATCH_LEVEL_CLOSE:
      return C_("comparison", "Nearly the same");
    case CLT_MATCH_LEVEL_FAR:
      return C_("comparison", "Similar");
    case CLT_MATCH_LEVEL_DIFFERENT:
      return C_("comparison", "Different");
    case CLT_MATCH_LEVEL_MISSING:
    case CLT_MATCH_N_LEVELS:
    default:
      return C_("comparison", "Not known");
    }
}

static void
show_pair (CltReviewDialog *self)
{
  CltReviewPair *pair = current_pair (self);
  GtkWidget *child;
  g_autofree char *summary = NULL;
  g_autofree char *remaining = NULL;
  gint64 n_left;
  double upper, lower;
  int row = 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))))
    gtk_grid_remove (self->grid, child);

  gtk_widget_set_visible (self->answer_box, pair != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.same", pair != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.different", pair != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.skip", pair != NULL);
  if (pair == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "done");
      return;
    }

  n_left = clt_identity_count_review (self->workspace);
  remaining = clt_format_count (n_left);
  /* Translators: how many pairs of records are left to review */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s pair left", "%s pairs left", n_left), remaining);
  clt_identity_get_thresholds (self->workspace, &upper, &lower);
  if (pair->evidence->score >= log2 (upper / (1 - upper)))
    {
      /* A pair above the merge threshold is in the queue because a guard held it back. */
      g_autofree char *held = g_strconcat (summary, "\n", _("Not merged by itself: one of the two already belongs with a "
                                                            "record that has another customer number in the same system "
                                                            "or another birthdate."), NULL);

      g_free (summary);
      summary = g_steal_pointer (&held);
    }
  gtk_label_set_label (self->summary_label, summary);

  /* Wide: field, the two values, the evidence. Narrow: the two values under a line with
   * the field and its evidence. */
  if (!self->narrow)
    gtk_grid_attach (self->grid, cell ("", FALSE, "header"), 0, 0, 1, 1);
  for (guint side = 0; side < 2; side++)
    {
      GtkWidget *origin = cell (side == 0 ? pair->origin_a : pair->origin_b, FALSE, "header");

      gtk_widget_set_hexpand (origin, TRUE);
      gtk_grid_attach (self->grid, origin, side + (self->narrow ? 0 : 1), 0, 1, 1);
    }
  if (!self->narrow)
    gtk_grid_attach (self->grid, cell (_("Evidence"), FALSE, "header"), 3, 0, 1, 1);

  for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
    {
      const char *a = pair->evidence->values_a[f], *b = pair->evidence->values_b[f];
      CltMatchLevel level = pair->evidence->levels[f];
      gboolean differs = level != CLT_MATCH_LEVEL_EXACT && level != CLT_MATCH_LEVEL_MISSING;
      const char *field = clt_field_get_label (clt_field_from_id (clt_match_field_get_id (f)));
      g_autofree char *shown_a = clt_format_value (clt_match_field_get_id (f), a);
      g_autofree char *shown_b = clt_format_value (clt_match_field_get_id (f), b);
      g_autofree char *weight = NULL;
      g_autofree char *evidence = NULL;
      GtkWidget *evidence_label;

      if (a == NULL && b == NULL)
        continue;

      weight = g_strdup_printf ("%+.1f", pair->evidence->weights[f]);
      /* Translators: a field's comparison and its weight in bits, as "Similar, +4.6" */
      evidence = g_strdup_printf (_("%s, %s"), level == CLT_MATCH_LEVEL_MISSING && a && b ?
                                  /* Translators: the city, where both records have a postcode, counts as part of it */
                                  _("Counted with the postcode") : level_label (level), weight);
      evidence_label = cell (evidence, FALSE, "caption");
      gtk_widget_add_css_class (evidence_label, pair->evidence->weights[f] > 0.5 ? "success" :
                                                pair->evidence->weights[f] < -0.5 ? "error" : "dim-label");
      gtk_widget_set_tooltip_text (evidence_label, _("Bits of evidence: each bit doubles or halves the odds that these are one person"));

      if (self->narrow)
        {
          GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
          GtkWidget *name = cell (field, FALSE, "dim-label");

          gtk_widget_set_hexpand (name, TRUE);
          gtk_box_append (GTK_BOX (heading), name);
          gtk_box_append (GTK_BOX (heading), evidence_label);
          gtk_widget_set_margin_end (evidence_label, 12);
          gtk_grid_attach (self->grid, heading, 0, row++, 2, 1);
          gtk_grid_attach (self->grid, cell (a ? shown_a : "—", differs, NULL), 0, row, 1, 1);
          gtk_grid_attach (self->grid, cell (b ? shown_b : "—", differs, NULL), 1, row++, 1, 1);
        }
      else
        {
          gtk_grid_attach (self->grid, cell (field, FALSE, "dim-label"), 0, row, 1, 1);
          gtk_grid_attach (self->grid, cell (a ? shown_a : "—", differs, NULL), 1, row, 1, 1);
          gtk_grid_attach (self->grid, cell (b ? shown_b : "—", differs, NULL), 2, row, 1, 1);
          gtk_grid_attach (self->grid, evidence_label, 3, row++, 1, 1);
        }
    }

  gtk_stack_set_visible_child_name (self->stack, "pair");
}

static void
load_pairs (CltReviewDialog *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  self->position = 0;
  if (!(self->pairs = clt_identity_list_review (self->workspace, PAIRS_LOADED, &error)))
    g_warning ("Could not read the review queue: %s", error->message);

  show_pair (self);
}

static void
toast_undo_cb (AdwToast        *toast,
               CltReviewDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "review.undo", NULL);
}

static void
answer (CltReviewDialog *self,
        CltReviewAnswer  reply)
{
  CltReviewPair *pair = current_pair (self);
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (pair == NULL)
    return;

  if (!clt_identity_answer (self->workspace, pair->evidence->record_a, pair->evidence->record_b, reply, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  self->answered_a = pair->evidence->record_a;
  self->answered_b = pair->evidence->record_b;
  g_signal_emit (self, signals[ANSWERED], 0);

  if (reply != CLT_REVIEW_SKIP)
    {
      toast = adw_toast_new (reply == CLT_REVIEW_SAME ? _("Merged into one customer") : _("Kept apart"));
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  self->position++;
  if (self->position >= self->pairs->len)
    load_pairs (self);
  else
    show_pair (self);
}

static void
clt_review_dialog_same_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  answer (CLT_REVIEW_DIALOG (widget), CLT_REVIEW_SAME);
}

static void
clt_review_dialog_different_cb (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  answer (CLT_REVIEW_DIALOG (widget), CLT_REVIEW_DIFFERENT);
}

static void
clt_review_dialog_skip_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  answer (CLT_REVIEW_DIALOG (widget), CLT_REVIEW_SKIP);
}

static void
clt_review_dialog_undo_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  CltReviewDialog *self = CLT_REVIEW_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->answered_a == 0)
    return;

  if (!clt_identity_undo_answer (self->workspace, self->answered_a, self->answered_b, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  self->answered_a = self->answered_b = 0;
  g_signal_emit (self, signals[ANSWERED], 0);
  load_pairs (self);
}

static void
clt_review_dialog_dispose (GObject *object)
{
  CltReviewDialog *self = (CltReviewDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_REVIEW_DIALOG);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->pairs, g_ptr_array_unref);

  G_OBJECT_CLASS (clt_review_dialog_parent_class)->dispose (object);
}

static void
clt_review_dialog_class_init (CltReviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_review_dialog_dispose;

  /**
   * CltReviewDialog::answered:
   *
   * An answer changed the workspace's profiles, or was taken back.
   */
  signals[ANSWERED] = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-review-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltReviewDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CltReviewDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltReviewDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CltReviewDialog, grid);
  gtk_widget_class_bind_template_child (widget_class, CltReviewDialog, answer_box);

  gtk_widget_class_install_action (widget_class, "review.same", NULL, clt_review_dialog_same_cb);
  gtk_widget_class_install_action (widget_class, "review.different", NULL, clt_review_dialog_different_cb);
  gtk_widget_class_install_action (widget_class, "review.skip", NULL, clt_review_dialog_skip_cb);
  gtk_widget_class_install_action (widget_class, "review.undo", NULL, clt_review_dialog_undo_cb);

  /* One key per answer, as in a mail client's triage. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "review.same", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "review.different", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "review.skip", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "review.undo", NULL);
}

static void
breakpoint_changed_cb (CltReviewDialog *self)
{
  gboolean narrow = adw_dialog_get_current_breakpoint (ADW_DIALOG (self)) != NULL;

  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->answer_box),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_halign (self->answer_box, narrow ? GTK_ALIGN_FILL : GTK_ALIGN_CENTER);
  if (self->pairs)
    show_pair (self);
}

static void
clt_review_dialog_init (CltReviewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_dialog_add_breakpoint (ADW_DIALOG (self), adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 560sp")));
  g_signal_connect (self, "notify::current-breakpoint", G_CALLBACK (breakpoint_changed_cb), NULL);
}

/**
 * clt_review_dialog_new:
 *
 * Returns: (transfer floating): a dialog working through @workspace's review queue
 */
CltReviewDialog *
clt_review_dialog_new (CltWorkspace *workspace)
{
  CltReviewDialog *self;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (CLT_TYPE_REVIEW_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  load_pairs (self);

  return self;
}
