/* clt-profile-item.c: one row of the profile browser, a placeholder until its page arrives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profile-item"

#include "config.h"

#include "clt-profile-item-private.h"

struct _CltProfileItem
{
  GObject        parent_instance;

  gboolean       loading;
  CltProfileRow  row;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_LOADING,
  PROP_NAME,
  PROP_EMAIL,
  PROP_CITY,
  PROP_SOURCES,
  PROP_LAST_ACTIVITY,
  PROP_FIRST_SEEN,
  PROP_SPEND_CENTS,
  PROP_CURRENCY,
  PROP_ORDERS,
  PROP_EMAIL_CONSENT,
  PROP_N_RECORDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CltProfileItem, clt_profile_item, G_TYPE_OBJECT)

void
_clt_profile_row_clear (CltProfileRow *row)
{
  g_clear_pointer (&row->name, g_free);
  g_clear_pointer (&row->email, g_free);
  g_clear_pointer (&row->city, g_free);
  g_clear_pointer (&row->last_activity, g_free);
  g_clear_pointer (&row->first_seen, g_free);
  g_clear_pointer (&row->currency, g_free);
  g_clear_pointer (&row->email_consent, g_free);
}

static void
clt_profile_item_finalize (GObject *object)
{
  CltProfileItem *self = (CltProfileItem *) object;

  _clt_profile_row_clear (&self->row);

  G_OBJECT_CLASS (clt_profile_item_parent_class)->finalize (object);
}

static void
clt_profile_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CltProfileItem *self = CLT_PROFILE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->row.id);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_NAME:
      g_value_set_string (value, clt_profile_item_get_name (self));
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->row.email);
      break;

    case PROP_CITY:
      g_value_set_string (value, self->row.city);
      break;

    case PROP_SOURCES:
      g_value_set_uint (value, self->row.sources);
      break;

    case PROP_LAST_ACTIVITY:
      g_value_set_string (value, self->row.last_activity);
      break;

    case PROP_FIRST_SEEN:
      g_value_set_string (value, self->row.first_seen);
      break;

    case PROP_SPEND_CENTS:
      g_value_set_int64 (value, self->row.spend_cents);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->row.currency);
      break;

    case PROP_ORDERS:
      g_value_set_uint (value, self->row.orders);
      break;

    case PROP_EMAIL_CONSENT:
      g_value_set_string (value, self->row.email_consent);
      break;

    case PROP_N_RECORDS:
      g_value_set_uint (value, self->row.n_records);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_profile_item_class_init (CltProfileItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = clt_profile_item_finalize;
  object_class->get_property = clt_profile_item_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, TRUE, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_CITY] = g_param_spec_string ("city", NULL, NULL, NULL, flags);
  properties[PROP_SOURCES] = g_param_spec_uint ("sources", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_ACTIVITY] = g_param_spec_string ("last-activity", NULL, NULL, NULL, flags);
  properties[PROP_FIRST_SEEN] = g_param_spec_string ("first-seen", NULL, NULL, NULL, flags);
  properties[PROP_SPEND_CENTS] = g_param_spec_int64 ("spend-cents", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, flags);
  properties[PROP_ORDERS] = g_param_spec_uint ("orders", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_EMAIL_CONSENT] = g_param_spec_string ("email-consent", NULL, NULL, NULL, flags);
  properties[PROP_N_RECORDS] = g_param_spec_uint ("n-records", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_profile_item_init (CltProfileItem *self)
{
  self->loading = TRUE;
}

/**
 * _clt_profile_item_new:
 * @row: (nullable): the row, or %NULL for a placeholder
 */
CltProfileItem *
_clt_profile_item_new (const CltProfileRow *row)
{
  CltProfileItem *self = g_object_new (CLT_TYPE_PROFILE_ITEM, NULL);

  if (row != NULL)
    {
      g_object_freeze_notify (G_OBJECT (self));
      _clt_profile_item_fill (self, row);
      g_object_thaw_notify (G_OBJECT (self));
    }

  return self;
}

/* Copies @row into the item; every property notifies and loading becomes FALSE. */
void
_clt_profile_item_fill (CltProfileItem      *self,
                        const CltProfileRow *row)
{
  g_return_if_fail (CLT_IS_PROFILE_ITEM (self));
  g_return_if_fail (row != NULL);

  _clt_profile_row_clear (&self->row);
  self->row = *row;
  self->row.name = g_strdup (row->name ? row->name : "");
  self->row.email = g_strdup (row->email);
  self->row.city = g_strdup (row->city);
  self->row.last_activity = g_strdup (row->last_activity);
  self->row.first_seen = g_strdup (row->first_seen);
  self->row.currency = g_strdup (row->currency);
  self->row.email_consent = g_strdup (row->email_consent);
  self->loading = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_ID; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
clt_profile_item_get_id (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), 0);
  return self->row.id;
}

gboolean
clt_profile_item_get_loading (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), FALSE);
  return self->loading;
}

/**
 * clt_profile_item_get_name:
 *
 * Returns: the display name; "" when the profile has none, %NULL while loading
 */
const char *
clt_profile_item_get_name (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), NULL);
  return self->loading ? NULL : self->row.name;
}

const char *
clt_profile_item_get_email (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), NULL);
  return self->row.email;
}

const char *
clt_profile_item_get_city (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), NULL);
  return self->row.city;
}

guint
clt_profile_item_get_sources (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), 0);
  return self->row.sources;
}

const char *
clt_profile_item_get_last_activity (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), NULL);
  return self->row.last_activity;
}

/**
 * clt_profile_item_get_first_seen:
 *
 * Returns: (nullable): customer since: the earliest event or import of a record, ISO 8601
 */
const char *
clt_profile_item_get_first_seen (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), NULL);
  return self->row.first_seen;
}

gint64
clt_profile_item_get_spend_cents (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), 0);
  return self->row.spend_cents;
}

const char *
clt_profile_item_get_currency (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), NULL);
  return self->row.currency;
}

guint
clt_profile_item_get_orders (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), 0);
  return self->row.orders;
}

const char *
clt_profile_item_get_email_consent (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), NULL);
  return self->row.email_consent;
}

guint
clt_profile_item_get_n_records (CltProfileItem *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_ITEM (self), 0);
  return self->row.n_records;
}
