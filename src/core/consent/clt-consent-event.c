/* clt-consent-event.c: one event of the consent ledger
 *
 * Given, refused, withdrawn, revoked, expired or invalidated (a bounce), for one identifier,
 * purpose and channel: when the person acted (event time) and when it was recorded, how
 * (method), by whom, and its evidence (JSON: file, line, source, double opt-in request and
 * confirmation times and IPs), and the form or notice version the person saw. Read-only: the
 * ledger is never edited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-event"

#include "config.h"

#include "clt-consent-event-private.h"

struct _CltConsentEvent
{
  GObject  parent_instance;

  gint64   id;
  char    *identifier_kind;
  char    *identifier;
  char    *purpose;
  char    *channel;
  char    *action;
  char    *event_time;
  char    *recorded_time;
  char    *method;
  char    *actor;
  char    *evidence;
  char    *source;
  gint64   batch_id;
  char    *notice;
  char    *notice_invalidated;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_IDENTIFIER,
  PROP_PURPOSE,
  PROP_ACTION,
  PROP_EVENT_TIME,
  PROP_METHOD,
  PROP_WEAK_PROOF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CltConsentEvent, clt_consent_event, G_TYPE_OBJECT)

static void
clt_consent_event_finalize (GObject *object)
{
  CltConsentEvent *self = (CltConsentEvent *) object;

  g_free (self->identifier_kind);
  g_free (self->identifier);
  g_free (self->purpose);
  g_free (self->channel);
  g_free (self->action);
  g_free (self->event_time);
  g_free (self->recorded_time);
  g_free (self->method);
  g_free (self->actor);
  g_free (self->evidence);
  g_free (self->source);
  g_free (self->notice);
  g_free (self->notice_invalidated);

  G_OBJECT_CLASS (clt_consent_event_parent_class)->finalize (object);
}

static void
clt_consent_event_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CltConsentEvent *self = CLT_CONSENT_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_IDENTIFIER: g_value_set_string (value, self->identifier); break;
    case PROP_PURPOSE: g_value_set_string (value, self->purpose); break;
    case PROP_ACTION: g_value_set_string (value, self->action); break;
    case PROP_EVENT_TIME: g_value_set_string (value, self->event_time); break;
    case PROP_METHOD: g_value_set_string (value, self->method); break;
    case PROP_WEAK_PROOF: g_value_set_boolean (value, clt_consent_event_get_weak_proof (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_consent_event_class_init (CltConsentEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = clt_consent_event_finalize;
  object_class->get_property = clt_consent_event_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_IDENTIFIER] = g_param_spec_string ("identifier", NULL, NULL, NULL, flags);
  properties[PROP_PURPOSE] = g_param_spec_string ("purpose", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_EVENT_TIME] = g_param_spec_string ("event-time", NULL, NULL, NULL, flags);
  properties[PROP_METHOD] = g_param_spec_string ("method", NULL, NULL, NULL, flags);
  properties[PROP_WEAK_PROOF] = g_param_spec_boolean ("weak-proof", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_consent_event_init (CltConsentEvent *self)
{
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/*
 * _clt_consent_event_new_from_row:
 * @stmt: a row of CLT_CONSENT_EVENT_COLUMNS
 */
CltConsentEvent *
_clt_consent_event_new_from_row (sqlite3_stmt *stmt)
{
  CltConsentEvent *self = g_object_new (CLT_TYPE_CONSENT_EVENT, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->identifier_kind = column_dup (stmt, 1);
  self->identifier = column_dup (stmt, 2);
  self->purpose = column_dup (stmt, 3);
  self->channel = column_dup (stmt, 4);
  self->action = column_dup (stmt, 5);
  self->event_time = column_dup (stmt, 6);
  self->recorded_time = column_dup (stmt, 7);
  self->method = column_dup (stmt, 8);
  self->actor = column_dup (stmt, 9);
  self->evidence = column_dup (stmt, 10);
  self->batch_id = sqlite3_column_int64 (stmt, 11);
  self->source = column_dup (stmt, 12);
  self->notice = column_dup (stmt, 13);
  self->notice_invalidated = column_dup (stmt, 14);

  return self;
}

gint64
clt_consent_event_get_id (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), 0);
  return self->id;
}

/**
 * clt_consent_event_get_identifier_kind:
 *
 * Returns: "email", "phone", "postal" or "profile"
 */
const char *
clt_consent_event_get_identifier_kind (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->identifier_kind;
}

/**
 * clt_consent_event_get_identifier:
 *
 * Returns: the address the consent was given for (normalised)
 */
const char *
clt_consent_event_get_identifier (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->identifier;
}

const char *
clt_consent_event_get_purpose (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->purpose;
}

const char *
clt_consent_event_get_channel (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->channel;
}

/**
 * clt_consent_event_get_action:
 *
 * Returns: "given", "refused", "withdrawn", "revoked", "expired" or "invalidated"
 */
const char *
clt_consent_event_get_action (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->action;
}

/**
 * clt_consent_event_get_event_time:
 *
 * Returns: when the person acted (ISO 8601)
 */
const char *
clt_consent_event_get_event_time (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->event_time;
}

/**
 * clt_consent_event_get_recorded_time:
 *
 * Returns: when the workspace recorded it (ISO 8601, UTC)
 */
const char *
clt_consent_event_get_recorded_time (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->recorded_time;
}

/**
 * clt_consent_event_get_method:
 *
 * Returns: (nullable): how it was collected: "double opt-in", "single opt-in", "unsubscribe",
 *   "bounce", "export flag", "manual" …
 */
const char *
clt_consent_event_get_method (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->method;
}

/**
 * clt_consent_event_get_actor:
 *
 * Returns: (nullable): who recorded it: "import" or a person's name
 */
const char *
clt_consent_event_get_actor (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->actor;
}

/**
 * clt_consent_event_get_evidence:
 *
 * Returns: (nullable): the evidence, as JSON
 */
const char *
clt_consent_event_get_evidence (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->evidence;
}

/**
 * clt_consent_event_get_source:
 *
 * Returns: (nullable): where it came from: "file, row N" of its import
 */
const char *
clt_consent_event_get_source (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->source;
}

/**
 * clt_consent_event_get_batch_id:
 *
 * Returns: the import it came with, or 0
 */
gint64
clt_consent_event_get_batch_id (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), 0);
  return self->batch_id;
}

/**
 * clt_consent_event_get_weak_proof:
 *
 * Returns: whether this is an e-mail grant without double opt-in evidence
 */
gboolean
clt_consent_event_get_weak_proof (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), FALSE);

  return g_strcmp0 (self->action, "given") == 0 && g_strcmp0 (self->identifier_kind, "email") == 0 &&
         g_strcmp0 (self->method, "double opt-in") != 0;
}

/**
 * clt_consent_event_get_notice:
 *
 * Returns: (nullable): the form or notice version the person saw, such as "newsletter form v3"
 */
const char *
clt_consent_event_get_notice (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->notice;
}

/**
 * clt_consent_event_get_notice_invalidated:
 *
 * Returns: (nullable): for a grant through a notice that was invalidated, from when the notice
 *   is invalid (ISO 8601): the grant does not count
 */
const char *
clt_consent_event_get_notice_invalidated (CltConsentEvent *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_EVENT (self), NULL);
  return self->notice_invalidated;
}
