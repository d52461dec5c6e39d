/* clt-consent-status.c: the current consent of one identifier for one purpose and channel
 *
 * Derived from the ledger: the latest event by event time (at the same instant the more
 * restrictive), with what makes it unusable (a bounce, the suppression list) and the flags
 * the data-protection officer looks at: weak proof (e-mail consent without double opt-in),
 * stale (unused for longer than the workspace allows), a grant after a withdrawal without
 * new proof.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-status"

#include "config.h"

#include "clt-consent-status-private.h"

struct _CltConsentStatus
{
  GObject  parent_instance;

  char    *identifier_kind;
  char    *identifier;
  char    *purpose;
  char    *channel;
  char    *action;
  gint64   event_id;
  char    *event_time;
  char    *last_used;
  guint    proof : 1;
  guint    stale : 1;
  guint    bounced : 1;
  guint    suppressed : 1;
  guint    regrant : 1;
};

enum {
  PROP_0,
  PROP_IDENTIFIER,
  PROP_PURPOSE,
  PROP_CHANNEL,
  PROP_ACTION,
  PROP_USABLE,
  PROP_WEAK_PROOF,
  PROP_STALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CltConsentStatus, clt_consent_status, G_TYPE_OBJECT)

static void
clt_consent_status_finalize (GObject *object)
{
  CltConsentStatus *self = (CltConsentStatus *) object;

  g_free (self->identifier_kind);
  g_free (self->identifier);
  g_free (self->purpose);
  g_free (self->channel);
  g_free (self->action);
  g_free (self->event_time);
  g_free (self->last_used);

  G_OBJECT_CLASS (clt_consent_status_parent_class)->finalize (object);
}

static void
clt_consent_status_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CltConsentStatus *self = CLT_CONSENT_STATUS (object);

  switch (prop_id)
    {
    case PROP_IDENTIFIER: g_value_set_string (value, self->identifier); break;
    case PROP_PURPOSE: g_value_set_string (value, self->purpose); break;
    case PROP_CHANNEL: g_value_set_string (value, self->channel); break;
    case PROP_ACTION: g_value_set_string (value, self->action); break;
    case PROP_USABLE: g_value_set_boolean (value, clt_consent_status_get_usable (self)); break;
    case PROP_WEAK_PROOF: g_value_set_boolean (value, clt_consent_status_get_weak_proof (self)); break;
    case PROP_STALE: g_value_set_boolean (value, self->stale); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_consent_status_class_init (CltConsentStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = clt_consent_status_finalize;
  object_class->get_property = clt_consent_status_get_property;

  properties[PROP_IDENTIFIER] = g_param_spec_string ("identifier", NULL, NULL, NULL, flags);
  properties[PROP_PURPOSE] = g_param_spec_string ("purpose", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] = g_param_spec_string ("channel", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_USABLE] = g_param_spec_boolean ("usable", NULL, NULL, FALSE, flags);
  properties[PROP_WEAK_PROOF] = g_param_spec_boolean ("weak-proof", NULL, NULL, FALSE, flags);
  properties[PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_consent_status_init (CltConsentStatus *self)
{
}

/*
 * _clt_consent_status_new_from_row:
 * @stmt: a row of CLT_CONSENT_STATUS_COLUMNS
 * @stale_before: consent neither given nor used since (ISO 8601) is stale
 */
CltConsentStatus *
_clt_consent_status_new_from_row (sqlite3_stmt *stmt,
                                 const char   *stale_before)
{
  CltConsentStatus *self = g_object_new (CLT_TYPE_CONSENT_STATUS, NULL);
  const char *used_or_given;

  self->identifier_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  self->identifier = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  self->purpose = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  self->channel = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  self->event_id = sqlite3_column_int64 (stmt, 4);
  self->action = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  self->event_time = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  self->proof = sqlite3_column_int (stmt, 7) != 0;
  self->regrant = sqlite3_column_int (stmt, 8) != 0;
  self->bounced = sqlite3_column_int (stmt, 9) != 0;
  self->suppressed = sqlite3_column_int (stmt, 10) != 0;
  self->last_used = g_strdup ((const char *) sqlite3_column_text (stmt, 11));

  used_or_given = self->last_used && g_strcmp0 (self->last_used, self->event_time) > 0 ? self->last_used : self->event_time;
  self->stale = g_strcmp0 (self->action, "given") == 0 && g_strcmp0 (used_or_given, stale_before) < 0;

  return self;
}

const char *
clt_consent_status_get_identifier_kind (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), NULL);
  return self->identifier_kind;
}

const char *
clt_consent_status_get_identifier (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), NULL);
  return self->identifier;
}

const char *
clt_consent_status_get_purpose (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), NULL);
  return self->purpose;
}

const char *
clt_consent_status_get_channel (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), NULL);
  return self->channel;
}

/**
 * clt_consent_status_get_action:
 *
 * Returns: the latest event's action: "given", "refused", "withdrawn", "revoked", "expired"
 *   or "invalidated"
 */
const char *
clt_consent_status_get_action (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), NULL);
  return self->action;
}

/**
 * clt_consent_status_get_event_id:
 *
 * Returns: the ledger event the state comes from
 */
gint64
clt_consent_status_get_event_id (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), 0);
  return self->event_id;
}

const char *
clt_consent_status_get_event_time (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), NULL);
  return self->event_time;
}

/**
 * clt_consent_status_get_last_used:
 *
 * Returns: (nullable): when an export last used the consent (ISO 8601)
 */
const char *
clt_consent_status_get_last_used (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), NULL);
  return self->last_used;
}

/**
 * clt_consent_status_get_usable:
 *
 * Returns: whether the consent is given and the address usable (never bounced, not
 *   suppressed); restrictions of the person are not looked at here
 */
gboolean
clt_consent_status_get_usable (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), FALSE);
  return g_strcmp0 (self->action, "given") == 0 && !self->bounced && !self->suppressed;
}

/**
 * clt_consent_status_get_weak_proof:
 *
 * Returns: whether it is e-mail consent given without double opt-in confirmation evidence
 */
gboolean
clt_consent_status_get_weak_proof (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), FALSE);
  return g_strcmp0 (self->action, "given") == 0 && g_strcmp0 (self->identifier_kind, "email") == 0 && !self->proof;
}

/**
 * clt_consent_status_get_stale:
 *
 * Returns: whether the consent is given but neither given nor used for longer than the
 *   workspace's staleness period
 */
gboolean
clt_consent_status_get_stale (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), FALSE);
  return self->stale;
}

/**
 * clt_consent_status_get_bounced:
 *
 * Returns: whether the address bounced (an invalidated event): it cannot be used
 */
gboolean
clt_consent_status_get_bounced (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), FALSE);
  return self->bounced;
}

gboolean
clt_consent_status_get_suppressed (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), FALSE);
  return self->suppressed;
}

/**
 * clt_consent_status_get_regrant:
 *
 * Returns: whether it is a grant without double opt-in after an earlier withdrawal or refusal
 *   ("re-grant without proof")
 */
gboolean
clt_consent_status_get_regrant (CltConsentStatus *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_STATUS (self), FALSE);
  return self->regrant;
}
