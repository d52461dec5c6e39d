/* clt-purpose.c: a purpose of processing, from the catalogue
 *
 * Each purpose has a channel (email, postal, phone, ads, none), a legal basis (Art. 6(1) a to
 * f), a description, the data categories and recipients the register of processing lists,
 * and a retention period. clt_consent_ledger_save_purpose() stores an edited one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-purpose"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-purpose.h"

struct _CltPurpose
{
  GObject  parent_instance;

  char    *key;
  char    *label;
  char    *channel;
  char    *legal_basis;
  char    *description;
  char    *data_categories;
  char    *recipients;
  guint    retention_months;
  gboolean marketing;
};

enum {
  PROP_0,
  PROP_KEY,
  PROP_LABEL,
  PROP_CHANNEL,
  PROP_LEGAL_BASIS,
  PROP_DESCRIPTION,
  PROP_DATA_CATEGORIES,
  PROP_RECIPIENTS,
  PROP_RETENTION_MONTHS,
  PROP_MARKETING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CltPurpose, clt_purpose, G_TYPE_OBJECT)

static void
clt_purpose_finalize (GObject *object)
{
  CltPurpose *self = (CltPurpose *) object;

  g_free (self->key);
  g_free (self->label);
  g_free (self->channel);
  g_free (self->legal_basis);
  g_free (self->description);
  g_free (self->data_categories);
  g_free (self->recipients);

  G_OBJECT_CLASS (clt_purpose_parent_class)->finalize (object);
}

static char **
string_field (CltPurpose *self,
              guint       prop_id)
{
  switch (prop_id)
    {
    case PROP_KEY: return &self->key;
    case PROP_LABEL: return &self->label;
    case PROP_CHANNEL: return &self->channel;
    case PROP_LEGAL_BASIS: return &self->legal_basis;
    case PROP_DESCRIPTION: return &self->description;
    case PROP_DATA_CATEGORIES: return &self->data_categories;
    case PROP_RECIPIENTS: return &self->recipients;
    default: return NULL;
    }
}

static void
clt_purpose_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CltPurpose *self = CLT_PURPOSE (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    g_value_set_string (value, *field);
  else if (prop_id == PROP_RETENTION_MONTHS)
    g_value_set_uint (value, self->retention_months);
  else if (prop_id == PROP_MARKETING)
    g_value_set_boolean (value, self->marketing);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
set_string (CltPurpose *self,
            guint       prop_id,
            const char *value)
{
  if (g_set_str (string_field (self, prop_id), value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
clt_purpose_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CltPurpose *self = CLT_PURPOSE (object);

  if (prop_id == PROP_KEY)
    self->key = g_value_dup_string (value);
  else if (string_field (self, prop_id) != NULL)
    set_string (self, prop_id, g_value_get_string (value));
  else if (prop_id == PROP_RETENTION_MONTHS)
    clt_purpose_set_retention_months (self, g_value_get_uint (value));
  else if (prop_id == PROP_MARKETING)
    clt_purpose_set_marketing (self, g_value_get_boolean (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
clt_purpose_class_init (CltPurposeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = clt_purpose_finalize;
  object_class->get_property = clt_purpose_get_property;
  object_class->set_property = clt_purpose_set_property;

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] = g_param_spec_string ("channel", NULL, NULL, "none", flags);
  properties[PROP_LEGAL_BASIS] = g_param_spec_string ("legal-basis", NULL, NULL, "a", flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_DATA_CATEGORIES] = g_param_spec_string ("data-categories", NULL, NULL, NULL, flags);
  properties[PROP_RECIPIENTS] = g_param_spec_string ("recipients", NULL, NULL, NULL, flags);
  properties[PROP_RETENTION_MONTHS] = g_param_spec_uint ("retention-months", NULL, NULL, 0, 1200, 0, flags);
  properties[PROP_MARKETING] = g_param_spec_boolean ("marketing", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_purpose_init (CltPurpose *self)
{
  self->channel = g_strdup ("none");
  self->legal_basis = g_strdup ("a");
}

/**
 * clt_purpose_new:
 * @key: (nullable): the purpose's key in the catalogue; %NULL for a purpose to be added to it,
 *   which clt_consent_ledger_add_purpose() gives one
 */
CltPurpose *
clt_purpose_new (const char *key)
{
  return g_object_new (CLT_TYPE_PURPOSE, "key", key, NULL);
}

const char *
clt_purpose_get_key (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);
  return self->key;
}

const char *
clt_purpose_get_label (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);
  return self->label;
}

void
clt_purpose_set_label (CltPurpose *self,
                       const char *label)
{
  g_return_if_fail (CLT_IS_PURPOSE (self));
  set_string (self, PROP_LABEL, label);
}

const char *
clt_purpose_get_channel (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);
  return self->channel;
}

/**
 * clt_purpose_set_channel:
 * @channel: "email", "postal", "phone", "ads" or "none"
 */
void
clt_purpose_set_channel (CltPurpose *self,
                         const char *channel)
{
  g_return_if_fail (CLT_IS_PURPOSE (self));
  set_string (self, PROP_CHANNEL, channel);
}

const char *
clt_purpose_get_legal_basis (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);
  return self->legal_basis;
}

/**
 * clt_purpose_set_legal_basis:
 * @legal_basis: the letter of Art. 6(1): "a" (consent) to "f" (legitimate interest)
 */
void
clt_purpose_set_legal_basis (CltPurpose *self,
                             const char *legal_basis)
{
  g_return_if_fail (CLT_IS_PURPOSE (self));
  set_string (self, PROP_LEGAL_BASIS, legal_basis);
}

const char *
clt_purpose_get_description (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);
  return self->description;
}

void
clt_purpose_set_description (CltPurpose *self,
                             const char *description)
{
  g_return_if_fail (CLT_IS_PURPOSE (self));
  set_string (self, PROP_DESCRIPTION, description);
}

const char *
clt_purpose_get_data_categories (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);
  return self->data_categories;
}

/**
 * clt_purpose_set_data_categories:
 * @data_categories: comma-separated: contact, postal, purchases, newsletter, loyalty
 */
void
clt_purpose_set_data_categories (CltPurpose *self,
                                 const char *data_categories)
{
  g_return_if_fail (CLT_IS_PURPOSE (self));
  set_string (self, PROP_DATA_CATEGORIES, data_categories);
}

const char *
clt_purpose_get_recipients (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);
  return self->recipients;
}

void
clt_purpose_set_recipients (CltPurpose *self,
                            const char *recipients)
{
  g_return_if_fail (CLT_IS_PURPOSE (self));
  set_string (self, PROP_RECIPIENTS, recipients);
}

/**
 * clt_purpose_get_retention_months:
 *
 * Returns: how many months data kept for the purpose lives without activity; 0: no rule
 */
guint
clt_purpose_get_retention_months (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), 0);
  return self->retention_months;
}

void
clt_purpose_set_retention_months (CltPurpose *self,
                                  guint       months)
{
  g_return_if_fail (CLT_IS_PURPOSE (self));

  if (self->retention_months == months)
    return;
  self->retention_months = months;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_MONTHS]);
}

/**
 * clt_purpose_get_marketing:
 *
 * Returns: whether the purpose is direct marketing, which an Art. 21 objection ends
 */
gboolean
clt_purpose_get_marketing (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), FALSE);
  return self->marketing;
}

void
clt_purpose_set_marketing (CltPurpose *self,
                           gboolean    marketing)
{
  g_return_if_fail (CLT_IS_PURPOSE (self));

  marketing = !!marketing;
  if (self->marketing == marketing)
    return;
  self->marketing = marketing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKETING]);
}

/**
 * clt_purpose_get_legal_basis_label:
 *
 * Returns: (transfer none): the legal basis as shown, such as "Consent (Art. 6(1)(a) GDPR)"
 */
const char *
clt_purpose_get_legal_basis_label (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);

  switch (self->legal_basis ? self->legal_basis[0] : 0)
    {
    case 'a': return _("Consent (Art. 6(1)(a) GDPR)");
    case 'b': return _("Contract (Art. 6(1)(b) GDPR)");
    case 'c': return _("Legal obligation (Art. 6(1)(c) GDPR)");
    case 'd': return _("Vital interests (Art. 6(1)(d) GDPR)");
    case 'e': return _("Public task (Art. 6(1)(e) GDPR)");
    case 'f': return _("Legitimate interests (Art. 6(1)(f) GDPR)");
    default: return _("Unknown legal basis");
    }
}

/**
 * clt_purpose_get_display_label:
 *
 * The catalogue's own purposes carry English labels until the DPO changes them: those are
 * shown in the user's language.
 *
 * Returns: (transfer none): the label to show
 */
const char *
clt_purpose_get_display_label (CltPurpose *self)
{
  static const char * const built_in[] = {
    N_("E-mail marketing"), N_("Postal marketing"), N_("Personalised offers and profiling"),
    N_("Analytics"), N_("Customer service"), N_("Ads audiences"),
  };

  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);

  for (guint i = 0; self->label && i < G_N_ELEMENTS (built_in); i++)
    if (g_str_equal (self->label, built_in[i]))
      return _(built_in[i]);

  return self->label ? self->label : self->key;
}

/**
 * clt_purpose_get_needs_consent:
 *
 * Returns: whether the purpose needs each person's consent (or a UWG §7(3) basis): its legal
 *   basis is consent, or it reaches people by e-mail or phone (UWG §7(2))
 */
gboolean
clt_purpose_get_needs_consent (CltPurpose *self)
{
  g_return_val_if_fail (CLT_IS_PURPOSE (self), TRUE);

  return g_strcmp0 (self->legal_basis, "a") == 0 || g_strcmp0 (self->channel, "email") == 0 ||
         g_strcmp0 (self->channel, "phone") == 0;
}

/**
 * clt_purpose_dup_retention_text:
 *
 * The purpose's retention rule in words, as src/core/consent/clt-consent-ledger-retention.c
 * applies it.
 *
 * Returns: (transfer full): such as "While consent is current, and up to 24 months after it
 *   was last given, used or active"
 */
char *
clt_purpose_dup_retention_text (CltPurpose *self)
{
  guint months;
  char basis;

  g_return_val_if_fail (CLT_IS_PURPOSE (self), NULL);

  months = self->retention_months;
  basis = self->legal_basis ? self->legal_basis[0] : 'a';

  if (clt_purpose_get_needs_consent (self))
    {
      if (months == 0)
        return g_strdup (_("While consent is current"));
      return g_strdup_printf (ngettext ("While consent is current, and up to %u month after it was last given, used or active",
                                        "While consent is current, and up to %u months after it was last given, used or active",
                                        months), months);
    }

  if (months == 0)
    return g_strdup (_("While there is dated data for it, without a time limit"));
  if (basis == 'b' || basis == 'c')
    return g_strdup_printf (ngettext ("%u month from the end of the year of the last purchase or activity in its data",
                                      "%u months from the end of the year of the last purchase or activity in its data",
                                      months), months);

  if (basis != 'e' && basis != 'f' && !self->marketing)
    return g_strdup_printf (ngettext ("%u month after the last purchase or activity in its data",
                                      "%u months after the last purchase or activity in its data", months), months);

  return g_strdup_printf (ngettext ("%u month after the last purchase or activity in its data, unless the person objects",
                                    "%u months after the last purchase or activity in its data, unless the person objects",
                                    months), months);
}
