/* clt-consent-ledger.c: consent, subject rights and governance of a workspace
 *
 * The ledger works on a workspace connection: it records consent events (append-only),
 * answers what each identifier and profile may be used for and who of a set of profiles may
 * be used for a purpose (clt_consent_ledger_check(): the same rule as the segment audience
 * split, from clt-consent-sql.c), keeps the suppression list, restrictions, objections,
 * UWG §7(3) assertions and subject requests, and records exports with their recipients.
 * Erasure and retention are in clt-consent-ledger-erasure.c, subject requests in
 * clt-consent-ledger-requests.c, the reports in clt-consent-ledger-reports.c. Every change
 * is one transaction with an audit entry that holds no personal data, recorded under the
 * workspace's actor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-ledger"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "clt-consent-event-private.h"
#include "clt-consent-private.h"
#include "clt-consent-status-private.h"
#include "clt-value.h"
#include "clt-workspace-private.h"

#define DEFAULT_STALE_MONTHS 18

struct _CltConsentLedger
{
  GObject       parent_instance;

  CltWorkspace *workspace;
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CltConsentLedger, clt_consent_ledger, G_TYPE_OBJECT)

G_DEFINE_QUARK (clt-consent-error-quark, clt_consent_error)

static void
clt_consent_ledger_dispose (GObject *object)
{
  CltConsentLedger *self = (CltConsentLedger *) object;

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (clt_consent_ledger_parent_class)->dispose (object);
}

static void
clt_consent_ledger_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CltConsentLedger *self = CLT_CONSENT_LEDGER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_consent_ledger_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CltConsentLedger *self = CLT_CONSENT_LEDGER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_consent_ledger_class_init (CltConsentLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_consent_ledger_dispose;
  object_class->get_property = clt_consent_ledger_get_property;
  object_class->set_property = clt_consent_ledger_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         CLT_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_consent_ledger_init (CltConsentLedger *self)
{
}

/**
 * clt_consent_ledger_new:
 * @workspace: the workspace connection to work on (from one thread at a time)
 *
 * Returns: (transfer full): a ledger
 */
CltConsentLedger *
clt_consent_ledger_new (CltWorkspace *workspace)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  return g_object_new (CLT_TYPE_CONSENT_LEDGER, "workspace", workspace, NULL);
}

/**
 * clt_consent_ledger_open:
 * @actor: (nullable): who acts, as the audit log records it
 *
 * Opens a workspace connection of its own for the ledger, as a worker needs.
 *
 * Returns: (transfer full): the ledger, or %NULL with @error set
 */
CltConsentLedger *
clt_consent_ledger_open (const char  *workspace_path,
                         const char  *actor,
                         GError     **error)
{
  g_autoptr(CltWorkspace) workspace = NULL;

  g_return_val_if_fail (workspace_path != NULL, NULL);

  if (!(workspace = clt_workspace_open (workspace_path, error)))
    return NULL;
  if (actor)
    clt_workspace_set_actor (workspace, actor);

  return clt_consent_ledger_new (workspace);
}

/**
 * clt_consent_ledger_get_workspace:
 *
 * Returns: (transfer none): the workspace
 */
CltWorkspace *
clt_consent_ledger_get_workspace (CltConsentLedger *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  return self->workspace;
}

CltWorkspace *
_clt_consent_ledger_get_db_workspace (CltConsentLedger *self)
{
  return self->workspace;
}

/* ---- helpers ---- */

char *
_clt_consent_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * _clt_consent_json_escape:
 *
 * Returns: (transfer full): @text as a JSON string, quotes included
 */
char *
_clt_consent_json_escape (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text ? text : "");

  return json_to_string (node, FALSE);
}

/**
 * _clt_consent_normalise:
 * @kind: "email", "phone", "postal" or "profile"
 *
 * Returns: (transfer full): @value as the ledger and the suppression list name it: e-mails
 *   trimmed and lower case, phones in E.164 (German numbers without a country code)
 */
char *
_clt_consent_normalise (const char  *kind,
                        const char  *value,
                        GError     **error)
{
  if (g_str_equal (kind, "email"))
    return clt_value_normalise_email (value, error);
  if (g_str_equal (kind, "phone"))
    return clt_value_normalise_phone (value, "DE", error);
  if (g_str_equal (kind, "postal") || g_str_equal (kind, "profile"))
    return g_strstrip (g_strdup (value));

  g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID, _("Unknown kind of identifier “%s”"), kind);
  return NULL;
}

static gboolean
fail_rollback (CltConsentLedger *self)
{
  _clt_workspace_rollback (self->workspace);
  return FALSE;
}

static gint64
query_int (CltConsentLedger  *self,
           const char        *sql,
           gint64             arg,
           GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (self->workspace, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
profile_exists (CltConsentLedger  *self,
                gint64             profile_id,
                GError           **error)
{
  if (query_int (self, "SELECT EXISTS (SELECT 1 FROM profiles WHERE id = ?1)", profile_id, NULL) == 1)
    return TRUE;

  g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND,
               _("There is no customer %lld"), (long long) profile_id);
  return FALSE;
}

/* ---- settings ---- */

/**
 * clt_consent_ledger_get_stale_months:
 *
 * Returns: after how many months without use a given consent counts as stale (18 unless set)
 */
guint
clt_consent_ledger_get_stale_months (CltConsentLedger *self)
{
  g_autofree char *value = NULL;
  guint64 months;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), DEFAULT_STALE_MONTHS);

  value = _clt_workspace_dup_meta (self->workspace, "stale_months");
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 1200, &months, NULL))
    return DEFAULT_STALE_MONTHS;

  return (guint) months;
}

static gboolean
set_setting (CltConsentLedger  *self,
             const char        *key,
             const char        *value,
             GError           **error)
{
  g_autofree char *detail = g_strdup_printf ("{\"setting\":\"%s\",\"value\":\"%s\"}", key, value);

  if (!_clt_workspace_begin (self->workspace, error))
    return FALSE;
  if (!_clt_workspace_set_meta (self->workspace, key, value, error) ||
      !clt_workspace_audit (self->workspace, NULL, "change-setting", NULL, 0, detail, error) ||
      !_clt_workspace_commit (self->workspace, error))
    return fail_rollback (self);

  return TRUE;
}

/**
 * clt_consent_ledger_set_stale_months:
 * @months: 1 to 1200
 */
gboolean
clt_consent_ledger_set_stale_months (CltConsentLedger  *self,
                                     guint              months,
                                     GError           **error)
{
  char value[16];

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);
  g_return_val_if_fail (months >= 1 && months <= 1200, FALSE);

  g_snprintf (value, sizeof value, "%u", months);

  return set_setting (self, "stale_months", value, error);
}

/**
 * clt_consent_ledger_get_require_double_opt_in:
 *
 * Returns: whether e-mail consent without double opt-in proof is excluded (it is flagged as
 *   weak proof either way)
 */
gboolean
clt_consent_ledger_get_require_double_opt_in (CltConsentLedger *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  return _clt_consent_require_doi (self->workspace);
}

gboolean
clt_consent_ledger_set_require_double_opt_in (CltConsentLedger  *self,
                                              gboolean           require,
                                              GError           **error)
{
  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  return set_setting (self, "require_double_opt_in", require ? "1" : "0", error);
}

/* Consent neither given nor used since this instant is stale. */
static char *
stale_before (CltConsentLedger *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_months (now, -(int) clt_consent_ledger_get_stale_months (self));

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

/* ---- purposes ---- */

static CltPurpose *
purpose_from_row (sqlite3_stmt *stmt)
{
  CltPurpose *purpose = clt_purpose_new ((const char *) sqlite3_column_text (stmt, 0));

  clt_purpose_set_label (purpose, (const char *) sqlite3_column_text (stmt, 1));
  clt_purpose_set_channel (purpose, (const char *) sqlite3_column_text (stmt, 2));
  clt_purpose_set_legal_basis (purpose, (const char *) sqlite3_column_text (stmt, 3));
  clt_purpose_set_description (purpose, (const char *) sqlite3_column_text (stmt, 4));
  clt_purpose_set_data_categories (purpose, (const char *) sqlite3_column_text (stmt, 5));
  clt_purpose_set_recipients (purpose, (const char *) sqlite3_column_text (stmt, 6));
  clt_purpose_set_retention_months (purpose, (guint) sqlite3_column_int (stmt, 7));
  clt_purpose_set_marketing (purpose, sqlite3_column_int (stmt, 8) != 0);

  return purpose;
}

#define PURPOSE_COLUMNS \
  "key, label, channel, legal_basis, description, data_categories, recipients, coalesce (retention_months, 0), marketing"

/**
 * clt_consent_ledger_list_purposes:
 *
 * Returns: (transfer full): the purposes catalogue, a #GListModel of #CltPurpose
 */
GListModel *
clt_consent_ledger_list_purposes (CltConsentLedger  *self,
                                  GError           **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CLT_TYPE_PURPOSE);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  if (!(stmt = _clt_workspace_prepare (self->workspace,
          "SELECT " PURPOSE_COLUMNS " FROM purposes ORDER BY rowid", error)))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (items, purpose_from_row (stmt));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * clt_consent_ledger_dup_purpose:
 *
 * Returns: (transfer full): the purpose, or %NULL with %CLT_CONSENT_ERROR_NOT_FOUND
 */
CltPurpose *
clt_consent_ledger_dup_purpose (CltConsentLedger  *self,
                                const char        *key,
                                GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!(stmt = _clt_workspace_prepare (self->workspace, "SELECT " PURPOSE_COLUMNS " FROM purposes WHERE key = ?1", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND, _("There is no purpose “%s”"), key);
      return NULL;
    }

  return purpose_from_row (stmt);
}

static gboolean
check_purpose (CltPurpose  *purpose,
               GError     **error)
{
  static const char * const channels[] = { "email", "postal", "phone", "ads", "none", NULL };
  const char *basis = clt_purpose_get_legal_basis (purpose);
  const char *label = clt_purpose_get_label (purpose);

  if (!g_strv_contains (channels, clt_purpose_get_channel (purpose)) ||
      basis == NULL || strlen (basis) != 1 || basis[0] < 'a' || basis[0] > 'f' ||
      label == NULL || label[0] == '\0')
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID,
                   _("A purpose needs a label, a channel (email, postal, phone, ads or none) and a legal basis (a to f)"));
      return FALSE;
    }

  return TRUE;
}

/* Stores @purpose under @key, inside the caller's transaction, with an audit entry. */
static gboolean
write_purpose (CltConsentLedger  *self,
               CltPurpose        *purpose,
               const char        *key,
               const char        *action,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *key_json = _clt_consent_json_escape (key);
  g_autofree char *detail = NULL;

  detail = g_strdup_printf ("{\"purpose\":%s,\"channel\":\"%s\",\"legal_basis\":\"%s\"}", key_json,
                            clt_purpose_get_channel (purpose), clt_purpose_get_legal_basis (purpose));
  if (!(stmt = _clt_workspace_prepare (self->workspace,
          "INSERT INTO purposes (key, label, channel, legal_basis, description, data_categories, recipients, "
          "  retention_months, marketing, created_at, updated_at) "
          "VALUES (?1, ?2, ?3, ?4, coalesce (?5, ''), coalesce (?6, ''), coalesce (?7, ''), nullif (?8, 0), ?9, ?10, ?10) "
          "ON CONFLICT (key) DO UPDATE SET label = excluded.label, channel = excluded.channel, "
          "  legal_basis = excluded.legal_basis, description = excluded.description, "
          "  data_categories = excluded.data_categories, recipients = excluded.recipients, "
          "  retention_months = excluded.retention_months, marketing = excluded.marketing, "
          "  updated_at = excluded.updated_at", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clt_purpose_get_label (purpose), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, clt_purpose_get_channel (purpose), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, clt_purpose_get_legal_basis (purpose), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, clt_purpose_get_description (purpose), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, clt_purpose_get_data_categories (purpose), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, clt_purpose_get_recipients (purpose), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, (int) clt_purpose_get_retention_months (purpose));
  sqlite3_bind_int (stmt, 9, clt_purpose_get_marketing (purpose));
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_STATIC);

  return _clt_workspace_step_done (self->workspace, stmt, error) &&
         clt_workspace_audit (self->workspace, NULL, action, "purpose", 0, detail, error);
}

/**
 * clt_consent_ledger_save_purpose:
 *
 * Adds @purpose to the catalogue under its key, or stores its changes.
 */
gboolean
clt_consent_ledger_save_purpose (CltConsentLedger  *self,
                                 CltPurpose        *purpose,
                                 GError           **error)
{
  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);
  g_return_val_if_fail (CLT_IS_PURPOSE (purpose), FALSE);
  g_return_val_if_fail (clt_purpose_get_key (purpose) != NULL, FALSE);

  if (!check_purpose (purpose, error) ||
      !_clt_workspace_begin (self->workspace, error))
    return FALSE;
  if (!write_purpose (self, purpose, clt_purpose_get_key (purpose), "save-purpose", error) ||
      !_clt_workspace_commit (self->workspace, error))
    return fail_rollback (self);

  return TRUE;
}

/* A key for a purpose called @label: its letters and digits in ASCII, lower case, words joined
 * by "_" ("Geburtstagsgrüße per Post" → "geburtstagsgrusse_per_post"), not one in use yet. */
static char *
unique_purpose_key (CltConsentLedger  *self,
                    const char        *label,
                    GError           **error)
{
  g_autofree char *ascii = g_str_to_ascii (label, "C");
  g_autoptr(GString) base = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean gap = FALSE;

  for (const char *p = ascii; *p && base->len < 40; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          gap = TRUE;
          continue;
        }
      if (gap && base->len > 0)
        g_string_append_c (base, '_');
      g_string_append_c (base, g_ascii_tolower (*p));
      gap = FALSE;
    }
  if (base->len == 0)
    g_string_append (base, "purpose");

  if (!(stmt = _clt_workspace_prepare (self->workspace, "SELECT EXISTS (SELECT 1 FROM purposes WHERE key = ?1)", error)))
    return NULL;
  for (guint n = 1; ; n++)
    {
      g_autofree char *key = n == 1 ? g_strdup (base->str) : g_strdup_printf ("%s_%u", base->str, n);
      int rc;

      /* "marketing" names every marketing purpose where restrictions are read. */
      if (g_str_equal (key, "marketing"))
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        {
          _clt_workspace_set_error (self->workspace, error, _("Could not read the purposes"));
          return NULL;
        }
      if (sqlite3_column_int (stmt, 0) == 0)
        return g_steal_pointer (&key);
    }
}

/**
 * clt_consent_ledger_add_purpose:
 * @draft: the purpose to add; its key, if any, is not used
 *
 * Adds a purpose to the catalogue under a key made from its label, unique in the catalogue,
 * recorded in the audit log.
 *
 * Returns: (transfer full): the purpose as stored, with its key, or %NULL with @error set
 */
CltPurpose *
clt_consent_ledger_add_purpose (CltConsentLedger  *self,
                                CltPurpose        *draft,
                                GError           **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);
  g_return_val_if_fail (CLT_IS_PURPOSE (draft), NULL);

  if (!check_purpose (draft, error) ||
      !_clt_workspace_begin (self->workspace, error))
    return NULL;
  if (!(key = unique_purpose_key (self, clt_purpose_get_label (draft), error)) ||
      !write_purpose (self, draft, key, "add-purpose", error) ||
      !_clt_workspace_commit (self->workspace, error))
    {
      fail_rollback (self);
      return NULL;
    }

  return clt_consent_ledger_dup_purpose (self, key, error);
}

/* ---- the ledger ---- */

/**
 * clt_consent_ledger_record:
 * @identifier_kind: "email", "phone", "postal" or "profile" (a profile id, for consent
 *   recorded on the person rather than an address)
 * @identifier: the address the person gave consent for (normalised here)
 * @purpose: a purpose key, such as "email_marketing"
 * @channel: "email", "postal", "phone", "ads" …
 * @action: "given", "refused", "withdrawn", "revoked", "expired" or "invalidated"
 * @event_time: (nullable): when the person acted (ISO 8601); %NULL for now
 * @method: (nullable): how: "double opt-in", "web form", "paper", "phone", "manual" …
 * @notice: (nullable): the form or notice version the person saw, such as "newsletter form
 *   v3"; a grant through a notice that is invalidated (now or later) never counts
 * @evidence_json: (nullable): the evidence as a JSON object (double opt-in request and
 *   confirmation times and IPs …)
 *
 * Appends an event to the ledger, recorded under the workspace's actor.
 *
 * Returns: the event's id, or 0 with @error set
 */
gint64
clt_consent_ledger_record (CltConsentLedger  *self,
                           const char        *identifier_kind,
                           const char        *identifier,
                           const char        *purpose,
                           const char        *channel,
                           const char        *action,
                           const char        *event_time,
                           const char        *method,
                           const char        *notice,
                           const char        *evidence_json,
                           GError           **error)
{
  static const char * const actions[] = { "given", "refused", "withdrawn", "revoked", "expired", "invalidated", NULL };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *normalised = NULL;
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *purpose_json = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), 0);
  g_return_val_if_fail (identifier_kind != NULL && identifier != NULL && purpose != NULL && channel != NULL, 0);

  if (action == NULL || !g_strv_contains (actions, action))
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID, _("Unknown consent action “%s”"),
                   action ? action : "");
      return 0;
    }
  if (evidence_json != NULL && !g_str_has_prefix (evidence_json, "{"))
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID, _("The evidence must be a JSON object"));
      return 0;
    }
  if (!(normalised = _clt_consent_normalise (identifier_kind, identifier, error)))
    return 0;

  if (!_clt_workspace_begin (self->workspace, error))
    return 0;
  if (!(stmt = _clt_workspace_prepare (self->workspace,
          "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, recorded_time, "
          "  method, actor, evidence, notice) VALUES (?1, ?2, ?3, ?4, ?5, coalesce (?6, ?7), ?7, ?8, ?9, ?10, "
          "  nullif (trim (?11), ''))", error)))
    return fail_rollback (self);
  sqlite3_bind_text (stmt, 1, identifier_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, normalised, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, channel, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, event_time, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, clt_workspace_get_actor (self->workspace), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, evidence_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, notice, -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (self->workspace, stmt, error))
    return fail_rollback (self);
  id = sqlite3_last_insert_rowid (_clt_workspace_get_db (self->workspace));

  purpose_json = _clt_consent_json_escape (purpose);
  detail = g_strdup_printf ("{\"purpose\":%s,\"action\":\"%s\",\"identifier_kind\":\"%s\"}", purpose_json, action,
                            identifier_kind);
  if (!_clt_consent_mark_identifier (self->workspace, identifier_kind, normalised, error) ||
      !clt_workspace_audit (self->workspace, NULL, "consent-change", "consent_event", id, detail, error) ||
      !_clt_workspace_commit (self->workspace, error))
    return fail_rollback (self);

  return id;
}

/**
 * clt_consent_ledger_invalidate_notice:
 * @notice: the form or notice version, as the consent events name it
 * @since: (nullable): from when it is invalid, for the state at a past time; %NULL for now
 * @reason: (nullable): why, such as "pre-ticked box" (no personal data)
 *
 * Records that a notice is invalid (T-07): every grant given through it stops counting, also
 * those recorded or imported later. Grants through other notices, and withdrawals, are left
 * as they are; where an earlier valid grant exists, it is the current consent again. An
 * invalidation is for good: it cannot be changed or undone.
 *
 * Returns: how many grants it invalidated so far, or -1 with @error set
 */
gint64
clt_consent_ledger_invalidate_notice (CltConsentLedger  *self,
                                      const char        *notice,
                                      GDateTime         *since,
                                      const char        *reason,
                                      GError           **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) grants = NULL;
  g_autoptr(GPtrArray) identifiers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *since_text = NULL;
  g_autofree char *notice_json = NULL;
  g_autofree char *detail = NULL;
  gint64 n_grants = 0;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), -1);

  if (notice == NULL || *notice == '\0')
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID, _("Name the notice to invalidate"));
      return -1;
    }
  since_text = since ? g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ") : g_strdup (now);

  if (!_clt_workspace_begin (self->workspace, error))
    return -1;
  if (!(insert = _clt_workspace_prepare (self->workspace,
          "INSERT INTO notice_invalidations (notice, invalidated_at, recorded_time, actor, reason) "
          "VALUES (?1, ?2, ?3, ?4, coalesce (?5, ''))", error)))
    goto fail;
  sqlite3_bind_text (insert, 1, notice, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, since_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, clt_workspace_get_actor (self->workspace), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, reason, -1, SQLITE_STATIC);
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      if ((sqlite3_extended_errcode (_clt_workspace_get_db (self->workspace)) & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID,
                     _("The notice “%s” is invalidated already"), notice);
      else
        _clt_workspace_set_error (self->workspace, error, _("Could not write to the workspace"));
      goto fail;
    }

  /* The profiles holding the identifiers it covers have their consent worked out anew. */
  if (!(grants = _clt_workspace_prepare (self->workspace,
          "SELECT identifier_kind, identifier, count (*) FROM consent_events WHERE notice = ?1 AND action = 'given' "
          "GROUP BY identifier_kind, identifier", error)))
    goto fail;
  sqlite3_bind_text (grants, 1, notice, -1, SQLITE_STATIC);
  while (sqlite3_step (grants) == SQLITE_ROW)
    {
      g_ptr_array_add (identifiers, g_strdup ((const char *) sqlite3_column_text (grants, 0)));
      g_ptr_array_add (identifiers, g_strdup ((const char *) sqlite3_column_text (grants, 1)));
      n_grants += sqlite3_column_int64 (grants, 2);
    }
  g_clear_pointer (&grants, sqlite3_finalize);
  for (guint i = 0; i < identifiers->len; i += 2)
    if (!_clt_consent_mark_identifier (self->workspace, g_ptr_array_index (identifiers, i),
                                       g_ptr_array_index (identifiers, i + 1), error))
      goto fail;

  notice_json = _clt_consent_json_escape (notice);
  detail = g_strdup_printf ("{\"notice\":%s,\"grants\":%" G_GINT64_FORMAT "}", notice_json, n_grants);
  if (!clt_workspace_audit (self->workspace, NULL, "invalidate-notice", NULL, 0, detail, error) ||
      !_clt_workspace_commit (self->workspace, error))
    goto fail;

  return n_grants;

fail:
  _clt_workspace_rollback (self->workspace);
  return -1;
}

/**
 * clt_consent_ledger_find_profile:
 * @email: an e-mail address, in any case and with spaces around
 *
 * Returns: the profile holding @email (the one with most records when several do), 0 when
 *   none does, -1 with @error set when @email is not an address
 */
gint64
clt_consent_ledger_find_profile (CltConsentLedger  *self,
                                 const char        *email,
                                 GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *normalised = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), -1);

  if (!(normalised = _clt_consent_normalise ("email", email, error)))
    return -1;
  if (!(stmt = _clt_workspace_prepare (self->workspace,
          "SELECT profile_id FROM ("
          "  SELECT r.profile_id, count (*) AS n FROM record_identifiers i JOIN source_records r ON r.id = i.record_id "
          "  WHERE i.kind = 'email' AND i.value = ?1 AND r.profile_id IS NOT NULL GROUP BY r.profile_id "
          "  UNION ALL SELECT id, 0 FROM profiles WHERE lower (trim (email)) = ?1) "
          "ORDER BY n DESC, profile_id LIMIT 1", error)))
    return -1;
  sqlite3_bind_text (stmt, 1, normalised, -1, SQLITE_STATIC);

  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* The identifiers a profile holds, as (kind, value) rows. */
#define PROFILE_IDENTIFIERS_SQL \
  "SELECT i.kind, i.value FROM source_records r CROSS JOIN record_identifiers i ON i.record_id = r.id " \
  "  WHERE r.profile_id = ?1 AND i.kind IN ('email', 'phone') " \
  "UNION SELECT 'email', lower (trim (email)) FROM profiles WHERE id = ?1 AND email IS NOT NULL AND trim (email) <> '' " \
  "UNION SELECT 'profile', CAST (?1 AS TEXT)"

static GListModel *
list_states (CltConsentLedger  *self,
             const char        *sql,
             gint64             profile_id,
             const char        *kind,
             const char        *identifier,
             GError           **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CLT_TYPE_CONSENT_STATUS);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *before = stale_before (self);

  if (!(stmt = _clt_workspace_prepare (self->workspace, sql, error)))
    return NULL;
  if (kind != NULL)
    {
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, identifier, -1, SQLITE_STATIC);
    }
  else
    sqlite3_bind_int64 (stmt, 1, profile_id);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(CltConsentStatus) state = _clt_consent_status_new_from_row (stmt, before);

      g_list_store_append (store, state);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * clt_consent_ledger_list_states:
 *
 * The consent of each identifier the profile holds, per purpose and channel: a profile
 * shows the consents of its addresses, each staying with its own address.
 *
 * Returns: (transfer full): a #GListModel of #CltConsentStatus
 */
GListModel *
clt_consent_ledger_list_states (CltConsentLedger  *self,
                                gint64             profile_id,
                                GError           **error)
{
  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  if (!profile_exists (self, profile_id, error))
    return NULL;

  return list_states (self,
                      "WITH ids AS (" PROFILE_IDENTIFIERS_SQL ") "
                      "SELECT " CLT_CONSENT_STATUS_COLUMNS " FROM ids JOIN consent_current cc "
                      "  ON cc.identifier_kind = ids.kind AND cc.identifier = ids.value "
                      "ORDER BY cc.purpose, cc.channel, cc.identifier_kind, cc.identifier",
                      profile_id, NULL, NULL, error);
}

/**
 * clt_consent_ledger_list_identifier_states:
 *
 * Returns: (transfer full): the consent of one address per purpose and channel, a
 *   #GListModel of #CltConsentStatus
 */
GListModel *
clt_consent_ledger_list_identifier_states (CltConsentLedger  *self,
                                           const char        *identifier_kind,
                                           const char        *identifier,
                                           GError           **error)
{
  g_autofree char *normalised = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  if (!(normalised = _clt_consent_normalise (identifier_kind, identifier, error)))
    return NULL;

  return list_states (self,
                      "SELECT " CLT_CONSENT_STATUS_COLUMNS " FROM consent_current cc "
                      "WHERE cc.identifier_kind = ?1 AND cc.identifier = ?2 ORDER BY cc.purpose, cc.channel",
                      0, identifier_kind, normalised, error);
}

/* The state of each key (identifier, purpose, channel) of ids at ?3, as consent_current
 * derives it now: the latest event by then, by event time (at the same instant the more
 * restrictive), leaving out grants through a notice invalid by then; the bounces, denials,
 * suppression and last use by then. With ?4, only what the ledger had recorded by then. */
#define STATES_AT_SQL \
  "ev AS MATERIALIZED (SELECT e.*, " \
  "    CASE WHEN e.action IN ('withdrawn', 'revoked', 'invalidated') THEN 3 WHEN e.action = 'refused' THEN 2 " \
  "         WHEN e.action = 'expired' THEN 1 ELSE 0 END AS rank " \
  "  FROM ids JOIN consent_events e ON e.identifier_kind = ids.kind AND e.identifier = ids.value " \
  "  WHERE e.event_time <= ?3 AND (?4 = 0 OR e.recorded_time <= ?3)), " \
  "cur AS (SELECT ev.*, row_number () OVER (PARTITION BY identifier_kind, identifier, purpose, channel " \
  "    ORDER BY event_time DESC, rank DESC, id DESC) AS n FROM ev " \
  "  WHERE NOT (ev.action = 'given' AND ev.notice IS NOT NULL AND EXISTS (SELECT 1 FROM notice_invalidations x " \
  "    WHERE x.notice = ev.notice AND x.invalidated_at <= ?3 AND (?4 = 0 OR x.recorded_time <= ?3)))) " \
  "SELECT c.identifier_kind, c.identifier, c.purpose, c.channel, c.id, c.action, c.event_time, " \
  "  coalesce (c.method = 'double opt-in', 0), " \
  "  c.action = 'given' AND NOT coalesce (c.method = 'double opt-in', 0) AND EXISTS (SELECT 1 FROM ev d " \
  "    WHERE d.identifier_kind = c.identifier_kind AND d.identifier = c.identifier AND d.purpose = c.purpose " \
  "      AND d.channel = c.channel AND d.action IN ('withdrawn', 'refused', 'revoked')), " \
  "  EXISTS (SELECT 1 FROM ev d WHERE d.identifier_kind = c.identifier_kind AND d.identifier = c.identifier " \
  "    AND d.purpose = c.purpose AND d.channel = c.channel AND d.action = 'invalidated'), " \
  "  EXISTS (SELECT 1 FROM suppressed_identifiers s JOIN suppression x ON x.hash = s.hash " \
  "    WHERE s.kind = c.identifier_kind AND s.value = c.identifier AND x.created_at <= ?3), " \
  "  (SELECT max (x.created_at) FROM export_recipients er JOIN exports x ON x.id = er.export_id " \
  "    WHERE er.identifier_kind = c.identifier_kind AND er.identifier = c.identifier AND x.purpose = c.purpose " \
  "      AND x.created_at <= ?3) " \
  "FROM cur c WHERE c.n = 1 ORDER BY c.purpose, c.channel, c.identifier_kind, c.identifier"

static GListModel *
list_states_at (CltConsentLedger  *self,
                const char        *sql,
                gint64             profile_id,
                const char        *kind,
                const char        *identifier,
                GDateTime         *at,
                gboolean           as_recorded,
                GError           **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CLT_TYPE_CONSENT_STATUS);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) utc = g_date_time_to_utc (at);
  g_autoptr(GDateTime) stale = g_date_time_add_months (utc, -(int) clt_consent_ledger_get_stale_months (self));
  g_autofree char *at_text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *before = g_date_time_format (stale, "%Y-%m-%dT%H:%M:%SZ");
  int rc;

  if (!(stmt = _clt_workspace_prepare (self->workspace, sql, error)))
    return NULL;
  if (kind != NULL)
    {
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, identifier, -1, SQLITE_STATIC);
    }
  else
    sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_text (stmt, 3, at_text, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, as_recorded != FALSE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CltConsentStatus) state = _clt_consent_status_new_from_row (stmt, before);

      g_list_store_append (store, state);
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (self->workspace, error, _("Could not read the consent ledger"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * clt_consent_ledger_list_states_at:
 * @at: the instant asked about
 * @as_recorded: only what the ledger had recorded by @at (what could be shown then); else
 *   every event that happened by @at, also those imported since
 *
 * The consent of each identifier the profile holds, per purpose and channel, as it stood at
 * @at (T-17): the latest event by then, a bounce or withdrawal by then, the suppression
 * list and exports by then, staleness counted back from @at. Later events never change it
 * (with @as_recorded, nothing recorded later does); a notice counts as invalid from the time
 * its invalidation gives.
 *
 * Returns: (transfer full): a #GListModel of #CltConsentStatus
 */
GListModel *
clt_consent_ledger_list_states_at (CltConsentLedger  *self,
                                   gint64             profile_id,
                                   GDateTime         *at,
                                   gboolean           as_recorded,
                                   GError           **error)
{
  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);
  g_return_val_if_fail (at != NULL, NULL);

  if (!profile_exists (self, profile_id, error))
    return NULL;

  return list_states_at (self, "WITH ids AS (" PROFILE_IDENTIFIERS_SQL "), " STATES_AT_SQL,
                         profile_id, NULL, NULL, at, as_recorded, error);
}

/**
 * clt_consent_ledger_list_identifier_states_at:
 * @at: the instant asked about
 * @as_recorded: only what the ledger had recorded by @at
 *
 * The consent of one address per purpose and channel as it stood at @at, as
 * clt_consent_ledger_list_states_at() works it out.
 *
 * Returns: (transfer full): a #GListModel of #CltConsentStatus
 */
GListModel *
clt_consent_ledger_list_identifier_states_at (CltConsentLedger  *self,
                                              const char        *identifier_kind,
                                              const char        *identifier,
                                              GDateTime         *at,
                                              gboolean           as_recorded,
                                              GError           **error)
{
  g_autofree char *normalised = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);
  g_return_val_if_fail (at != NULL, NULL);

  if (!(normalised = _clt_consent_normalise (identifier_kind, identifier, error)))
    return NULL;

  return list_states_at (self, "WITH ids AS (SELECT ?1 AS kind, ?2 AS value), " STATES_AT_SQL,
                         0, identifier_kind, normalised, at, as_recorded, error);
}

/**
 * clt_consent_ledger_list_history:
 *
 * Returns: (transfer full): every ledger event of the identifiers the profile holds, newest
 *   first by event time, a #GListModel of #CltConsentEvent
 */
GListModel *
clt_consent_ledger_list_history (CltConsentLedger  *self,
                                 gint64             profile_id,
                                 GError           **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CLT_TYPE_CONSENT_EVENT);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  if (!profile_exists (self, profile_id, error) ||
      !(stmt = _clt_workspace_prepare (self->workspace,
          "WITH ids AS (" PROFILE_IDENTIFIERS_SQL ") "
          "SELECT " CLT_CONSENT_EVENT_COLUMNS " FROM ids JOIN consent_events e "
          "  ON e.identifier_kind = ids.kind AND e.identifier = ids.value "
          "ORDER BY e.event_time DESC, e.id DESC", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(CltConsentEvent) event = _clt_consent_event_new_from_row (stmt);

      g_list_store_append (store, event);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* ---- eligibility ---- */

typedef struct
{
  gint64  max_id;
  /* Per profile id: 0 not a candidate, 1 a candidate not yet placed, 2 eligible, 3 excluded
   * by its consent, 4 (while reading) a candidate that exists, 5 restricted, 6 withdrew on
   * another basis, 7 no consent but an address, 8 withdrew and has an address. */
  guint8 *marks;
} Candidates;

static gboolean
read_ids (CltConsentLedger  *self,
          const char        *sql,
          const char        *purpose,
          const char        *channel,
          Candidates        *candidates,
          guint8             from,
          guint8             to,
          GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (self->workspace, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, channel, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id > 0 && id <= candidates->max_id && candidates->marks[id] == from)
        candidates->marks[id] = to;
    }

  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (self->workspace, error, _("Could not read the consent ledger"));
      return FALSE;
    }

  return TRUE;
}

static CltExclusion
classify (const char *action,
          const char *basis,
          gboolean    bounced,
          gboolean    suppressed)
{
  if (suppressed)
    return CLT_EXCLUSION_SUPPRESSED;
  if (bounced || g_strcmp0 (action, "invalidated") == 0)
    return CLT_EXCLUSION_BOUNCED;
  if (basis != NULL)
    return CLT_EXCLUSION_WEAK_PROOF;
  if (g_strcmp0 (action, "withdrawn") == 0 || g_strcmp0 (action, "revoked") == 0)
    return CLT_EXCLUSION_WITHDRAWN;

  return CLT_EXCLUSION_NO_CONSENT;
}

static const char *
basis_name (char legal_basis)
{
  switch (legal_basis)
    {
    case 'b': return "contract";
    case 'c': return "legal-obligation";
    case 'd': return "vital-interests";
    case 'e': return "public-task";
    case 'f': return "legitimate-interest";
    default: return "consent";
    }
}

/**
 * clt_consent_ledger_check:
 * @purpose: a purpose key from the catalogue
 * @profile_ids: (array length=n_profile_ids) (nullable): the candidates (a segment's
 *   members); %NULL for every profile
 *
 * Who of the candidates may be used for @purpose by its channel, through which identifier
 * and on which basis, and why the others may not (by the rule of clt-consent-sql.c, which the
 * segment audience split shares). A profile counts once however often it is given.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
CltEligibility *
clt_consent_ledger_check (CltConsentLedger  *self,
                          const char        *purpose,
                          const gint64      *profile_ids,
                          gsize              n_profile_ids,
                          GError           **error)
{
  g_autoptr(CltPurpose) info = NULL;
  g_autoptr(CltEligibility) result = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *rows_sql = NULL;
  g_autofree char *restricted_sql = NULL;
  g_autofree char *address_sql = NULL;
  g_autofree char *before = NULL;
  Candidates candidates = { 0 };
  CltPurposeRule rule;
  gboolean require_doi;
  gboolean ok = FALSE;
  gint64 started = g_get_monotonic_time ();
  gint64 n_unclassified = 0;
  gint64 n_all = 0;
  gint64 n_placed = 0;
  gint64 n_no_address = 0;
  int rc;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);
  g_return_val_if_fail (purpose != NULL, NULL);
  g_return_val_if_fail (profile_ids != NULL || n_profile_ids == 0, NULL);

  if (!(info = clt_consent_ledger_dup_purpose (self, purpose, error)))
    return NULL;
  _clt_purpose_rule_load (self->workspace, purpose, NULL, &rule);
  require_doi = _clt_consent_require_doi (self->workspace);
  before = stale_before (self);
  result = _clt_eligibility_new (purpose, rule.channel, rule.basis);

  /* One read transaction: every pass sees the same workspace. */
  if (!_clt_workspace_exec (self->workspace, "BEGIN", error))
    return NULL;

  if ((candidates.max_id = query_int (self, "SELECT coalesce (max (id), 0) FROM profiles", 0, error)) < 0)
    goto out;
  candidates.marks = g_malloc0 (candidates.max_id + 1);
  if (profile_ids != NULL)
    {
      for (gsize i = 0; i < n_profile_ids; i++)
        if (profile_ids[i] > 0 && profile_ids[i] <= candidates.max_id)
          candidates.marks[profile_ids[i]] = 1;
      /* Only profiles that exist are candidates. */
      if (!read_ids (self, "SELECT id FROM profiles", NULL, NULL, &candidates, 1, 4, error))
        goto out;
      for (gint64 id = 1; id <= candidates.max_id; id++)
        candidates.marks[id] = candidates.marks[id] == 4 ? 1 : 0;
    }
  else
    {
      /* Every profile: the ids not placed at the end are counted, not read (the facts have a
       * row per profile, and count them from an index). */
      memset (candidates.marks, 1, candidates.max_id + 1);
      candidates.marks[0] = 0;
      if ((n_all = query_int (self, "SELECT count (*) FROM profile_facts", 0, error)) < 0)
        goto out;
    }

  /* A restriction or objection first: it decides whatever the consent says. */
  restricted_sql = g_strdup_printf ("SELECT profile_id FROM restricted_profiles WHERE purpose IS NULL OR purpose = ?1%s",
                                    rule.marketing ? " OR purpose = 'marketing'" : "");
  if (!read_ids (self, restricted_sql, purpose, NULL, &candidates, 1, 5, error))
    goto out;

  /* The eligible, with the identifier and basis of each; and for a purpose that needs consent,
   * why the others with consent rows may not be used, in the same pass. */
  rows_sql = _clt_purpose_rule_needs_consent (&rule) ? _clt_consent_rows_sql (&rule, "?1", "?2", "?3")
                                                     : _clt_consent_eligible_sql (&rule, "?1", "?2", "?3", TRUE);
  if (!(stmt = _clt_workspace_prepare (self->workspace, rows_sql, error)))
    goto out;
  sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rule.channel, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, require_doi);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int first = _clt_purpose_rule_needs_consent (&rule) ? 2 : 1;
      const char *kind, *basis, *used;
      gboolean proof;

      if (id <= 0 || id > candidates.max_id || candidates.marks[id] != 1)
        continue;
      if (first == 2 && !sqlite3_column_int (stmt, 1))
        {
          candidates.marks[id] = 3;
          _clt_eligibility_exclude (result, classify ((const char *) sqlite3_column_text (stmt, 9),
                                                      (const char *) sqlite3_column_text (stmt, 4),
                                                      sqlite3_column_int (stmt, 10), sqlite3_column_int (stmt, 11)), 1);
          continue;
        }

      kind = (const char *) sqlite3_column_text (stmt, first);
      basis = (const char *) sqlite3_column_text (stmt, first + 2);
      proof = sqlite3_column_int (stmt, first + 5) != 0;
      used = (const char *) sqlite3_column_text (stmt, first + 6);
      candidates.marks[id] = 2;
      _clt_eligibility_add (result, id, kind, (const char *) sqlite3_column_text (stmt, first + 1),
                            basis ? (g_str_equal (basis, "uwg7_3") ? "uwg7_3" : "consent") : basis_name (rule.basis),
                            sqlite3_column_int64 (stmt, first + 3), sqlite3_column_int64 (stmt, first + 4),
                            g_strcmp0 (basis, "consent") == 0 && g_strcmp0 (kind, "email") == 0 && !proof,
                            g_strcmp0 (basis, "consent") == 0 && used != NULL && g_strcmp0 (used, before) < 0);
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (self->workspace, error, _("Could not read the consent ledger"));
      goto out;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* On another basis: those who withdrew, refused or objected for the purpose. */
  if (!_clt_purpose_rule_needs_consent (&rule) &&
      !read_ids (self, "SELECT profile_id FROM profile_consent WHERE purpose = ?1 AND channel = ?2 "
                       "AND action IN ('withdrawn', 'refused', 'revoked')",
                 purpose, rule.channel, &candidates, 1, 6, error))
    goto out;

  /* The rest: an address for the channel, or none. */
  for (gint64 id = 1; id <= candidates.max_id; id++)
    n_unclassified += candidates.marks[id] == 1 || candidates.marks[id] == 6;
  if (n_unclassified > 0)
    {
      address_sql = _clt_purpose_rule_address_ids_sql (&rule);
      if (!read_ids (self, address_sql, NULL, NULL, &candidates, 1, 7, error))
        goto out;
      if (!_clt_purpose_rule_needs_consent (&rule) &&
          !read_ids (self, address_sql, NULL, NULL, &candidates, 6, 8, error))
        goto out;
    }

  for (gint64 id = 1; id <= candidates.max_id; id++)
    {
      switch (candidates.marks[id])
        {
        case 1:
        case 6: n_no_address++; break;
        case 5: _clt_eligibility_exclude (result, CLT_EXCLUSION_RESTRICTED, 1); n_placed++; break;
        case 7: _clt_eligibility_exclude (result, CLT_EXCLUSION_NO_CONSENT, 1); n_placed++; break;
        /* Has an address but withdrew, refused or objected for the purpose. */
        case 8: _clt_eligibility_exclude (result, CLT_EXCLUSION_WITHDRAWN, 1); n_placed++; break;
        case 2:
        case 3: n_placed++; break;
        default: break;
        }
    }
  /* Of every profile, those not placed have no address (the marks of ids that do not exist
   * are left at 1 too). */
  if (profile_ids == NULL)
    n_no_address = n_all - n_placed;
  _clt_eligibility_exclude (result, CLT_EXCLUSION_NO_ADDRESS, n_no_address);

  ok = TRUE;

out:
  _clt_workspace_rollback (self->workspace);
  g_free (candidates.marks);
  if (!ok)
    return NULL;

  _clt_eligibility_set_seconds (result, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_debug ("eligibility for %s: %.1f ms", purpose, (g_get_monotonic_time () - started) / 1000.0);

  return g_steal_pointer (&result);
}

typedef struct
{
  char   *purpose;
  GArray *profile_ids;
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *check = data;

  g_free (check->purpose);
  g_clear_pointer (&check->profile_ids, g_array_unref);
  g_free (check);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CltConsentLedger *self = source_object;
  CheckData *check = task_data;
  g_autoptr(CltWorkspace) connection = NULL;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  CltEligibility *result;

  /* A connection of the thread's own. */
  if (!(connection = clt_workspace_open (clt_workspace_get_path (self->workspace), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ledger = clt_consent_ledger_new (connection);
  result = clt_consent_ledger_check (ledger, check->purpose,
                                     check->profile_ids ? (const gint64 *) check->profile_ids->data : NULL,
                                     check->profile_ids ? check->profile_ids->len : 0, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, g_object_unref);
}

/**
 * clt_consent_ledger_check_async:
 * @profile_ids: (element-type gint64) (nullable): the candidates; %NULL for every profile
 *
 * Runs clt_consent_ledger_check() in a worker thread, on a connection of its own.
 */
void
clt_consent_ledger_check_async (CltConsentLedger    *self,
                                const char          *purpose,
                                GArray              *profile_ids,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *check;

  g_return_if_fail (CLT_IS_CONSENT_LEDGER (self));
  g_return_if_fail (purpose != NULL);

  check = g_new0 (CheckData, 1);
  check->purpose = g_strdup (purpose);
  check->profile_ids = profile_ids ? g_array_ref (profile_ids) : NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_consent_ledger_check_async);
  g_task_set_task_data (task, check, check_data_free);
  g_task_run_in_thread (task, check_thread);
}

/**
 * clt_consent_ledger_check_finish:
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
CltEligibility *
clt_consent_ledger_check_finish (CltConsentLedger  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * clt_consent_ledger_record_export:
 * @eligibility: the check the export was made from: its eligible profiles are the
 *   recipients
 * @segment_id: the segment exported, or 0
 * @format: such as "csv" or "mailchimp"
 * @file_name: the file written (its name only is kept)
 * @file_sha256: (nullable): the file's SHA-256, hex
 *
 * Records that an export left the workspace: its purpose, counts, excluded counts by reason
 * and file hash, and per recipient the identifier used and the basis relied on (so that an
 * access report lists the exports that included the person, and staleness counts from the
 * last use).
 *
 * Returns: the export's id, or 0 with @error set
 */
gint64
clt_consent_ledger_record_export (CltConsentLedger  *self,
                                  CltEligibility    *eligibility,
                                  gint64             segment_id,
                                  const char        *format,
                                  const char        *file_name,
                                  const char        *file_sha256,
                                  GError           **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) recipient = NULL;
  g_autoptr(sqlite3_stmt) usage = NULL;
  g_autoptr(sqlite3_stmt) used = NULL;
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *excluded = NULL;
  g_autofree char *base = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *purpose_json = NULL;
  gint64 export_id;
  gint64 profile_id;
  const char *kind;
  const char *identifier;
  const char *basis;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), 0);
  g_return_val_if_fail (CLT_IS_ELIGIBILITY (eligibility), 0);
  g_return_val_if_fail (format != NULL && file_name != NULL, 0);

  excluded = clt_eligibility_dup_excluded_json (eligibility);
  base = g_path_get_basename (file_name);

  if (!_clt_workspace_begin (self->workspace, error))
    return 0;
  if (!(insert = _clt_workspace_prepare (self->workspace,
          "INSERT INTO exports (segment_id, purpose, format, file_name, row_count, actor, created_at, segment_version, "
          "  channel, candidates, excluded_count, excluded_by_reason, file_sha256) "
          "VALUES (nullif (?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, (SELECT version FROM segments WHERE id = ?1), ?8, ?9, ?10, "
          "  ?11, ?12)", error)))
    return fail_rollback (self);
  sqlite3_bind_int64 (insert, 1, segment_id);
  sqlite3_bind_text (insert, 2, clt_eligibility_get_purpose (eligibility), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, format, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, base, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, clt_eligibility_get_n_eligible (eligibility));
  sqlite3_bind_text (insert, 6, clt_workspace_get_actor (self->workspace), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, clt_eligibility_get_channel (eligibility), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 9, clt_eligibility_get_n_candidates (eligibility));
  sqlite3_bind_int64 (insert, 10, clt_eligibility_get_n_excluded_total (eligibility));
  sqlite3_bind_text (insert, 11, excluded, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 12, file_sha256, -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (self->workspace, insert, error))
    return fail_rollback (self);
  export_id = sqlite3_last_insert_rowid (_clt_workspace_get_db (self->workspace));

  if (!(recipient = _clt_workspace_prepare (self->workspace,
          "INSERT OR IGNORE INTO export_recipients (export_id, profile_id, identifier_kind, identifier, legal_basis, "
          "  consent_event_id, assertion_id) VALUES (?1, ?2, ?3, ?4, ?5, nullif (?6, 0), nullif (?7, 0))", error)) ||
      !(usage = _clt_workspace_prepare (self->workspace,
          "INSERT OR REPLACE INTO consent_usage (identifier_kind, identifier, purpose, last_used_at) "
          "VALUES (?1, ?2, ?3, ?4)", error)) ||
      !(used = _clt_workspace_prepare (self->workspace,
          "UPDATE profile_consent SET last_used_at = ?3 WHERE profile_id = ?1 AND purpose = ?2", error)))
    return fail_rollback (self);

  for (guint i = 0; clt_eligibility_get_recipient (eligibility, i, &profile_id, &kind, &identifier, &basis); i++)
    {
      gint64 event_id, assertion_id;

      _clt_eligibility_get_basis_ids (eligibility, i, &event_id, &assertion_id);
      sqlite3_bind_int64 (recipient, 1, export_id);
      sqlite3_bind_int64 (recipient, 2, profile_id);
      sqlite3_bind_text (recipient, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (recipient, 4, identifier, -1, SQLITE_STATIC);
      sqlite3_bind_text (recipient, 5, basis, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (recipient, 6, event_id);
      sqlite3_bind_int64 (recipient, 7, assertion_id);
      if (!_clt_workspace_step_done (self->workspace, recipient, error))
        return fail_rollback (self);
      sqlite3_reset (recipient);

      if (identifier == NULL)
        continue;
      sqlite3_bind_text (usage, 1, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (usage, 2, identifier, -1, SQLITE_STATIC);
      sqlite3_bind_text (usage, 3, clt_eligibility_get_purpose (eligibility), -1, SQLITE_STATIC);
      sqlite3_bind_text (usage, 4, now, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (used, 1, profile_id);
      sqlite3_bind_text (used, 2, clt_eligibility_get_purpose (eligibility), -1, SQLITE_STATIC);
      sqlite3_bind_text (used, 3, now, -1, SQLITE_STATIC);
      if (!_clt_workspace_step_done (self->workspace, usage, error) ||
          !_clt_workspace_step_done (self->workspace, used, error))
        return fail_rollback (self);
      sqlite3_reset (usage);
      sqlite3_reset (used);
    }

  purpose_json = _clt_consent_json_escape (clt_eligibility_get_purpose (eligibility));
  detail = g_strdup_printf ("{\"purpose\":%s,\"exported\":%" G_GINT64_FORMAT ",\"excluded\":%s}", purpose_json,
                            clt_eligibility_get_n_eligible (eligibility), excluded);
  if (!clt_workspace_audit (self->workspace, NULL, "export", "export", export_id, detail, error) ||
      !_clt_workspace_commit (self->workspace, error))
    return fail_rollback (self);

  return export_id;
}

/* ---- suppression ---- */

/**
 * clt_consent_ledger_is_suppressed:
 * @reason: (out) (optional) (transfer full): why: "erasure" or "objection"
 *
 * Returns: whether the identifier is on the suppression list
 */
gboolean
clt_consent_ledger_is_suppressed (CltConsentLedger  *self,
                                  const char        *identifier_kind,
                                  const char        *identifier,
                                  char             **reason,
                                  GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) hash = NULL;
  g_autofree char *normalised = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  if (!(normalised = _clt_consent_normalise (identifier_kind, identifier, error)) ||
      !(hash = _clt_suppression_hash (self->workspace, identifier_kind, normalised, error)) ||
      !(stmt = _clt_workspace_prepare (self->workspace, "SELECT reason FROM suppression WHERE hash = ?1", error)))
    return FALSE;
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (hash, NULL), (int) g_bytes_get_size (hash), SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  if (reason)
    *reason = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  return TRUE;
}

/*
 * suppress:
 *
 * Puts an identifier on the suppression list (an erasure outranks an objection), and notes
 * it where it is still in the workspace.
 */
static gboolean
suppress (CltConsentLedger  *self,
          const char        *kind,
          const char        *value,
          const char        *reason,
          const char        *scope,
          const char        *now,
          GError           **error)
{
  g_autoptr(GBytes) hash = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) note = NULL;

  if (!(hash = _clt_suppression_hash (self->workspace, kind, value, error)) ||
      !(insert = _clt_workspace_prepare (self->workspace,
          "INSERT INTO suppression (hash, kind, reason, created_at, scope, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
          "ON CONFLICT (hash) DO UPDATE SET reason = excluded.reason, scope = excluded.scope, "
          "  created_at = excluded.created_at, actor = excluded.actor "
          "WHERE excluded.scope = 'all' AND suppression.scope <> 'all'", error)) ||
      !(note = _clt_workspace_prepare (self->workspace,
          "INSERT OR IGNORE INTO suppressed_identifiers (kind, value, hash) VALUES (?1, ?2, ?3)", error)))
    return FALSE;

  sqlite3_bind_blob (insert, 1, g_bytes_get_data (hash, NULL), (int) g_bytes_get_size (hash), SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, scope, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, clt_workspace_get_actor (self->workspace), -1, SQLITE_STATIC);
  sqlite3_bind_text (note, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (note, 2, value, -1, SQLITE_STATIC);
  sqlite3_bind_blob (note, 3, g_bytes_get_data (hash, NULL), (int) g_bytes_get_size (hash), SQLITE_STATIC);

  return _clt_workspace_step_done (self->workspace, insert, error) &&
         _clt_workspace_step_done (self->workspace, note, error) &&
         _clt_consent_mark_identifier (self->workspace, kind, value, error);
}

/*
 * _clt_consent_suppress_profile:
 *
 * Puts every e-mail and phone the profile holds on the suppression list.
 *
 * Returns: how many, or -1 with @error set
 */
gint64
_clt_consent_suppress_profile (CltConsentLedger  *self,
                  gint64             profile_id,
                  const char        *reason,
                  const char        *scope,
                  const char        *now,
                  GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  gint64 n = 0;

  if (!(stmt = _clt_workspace_prepare (self->workspace, PROFILE_IDENTIFIERS_SQL, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);

      if (g_str_equal (kind, "profile"))
        continue;
      g_ptr_array_add (pairs, g_strdup (kind));
      g_ptr_array_add (pairs, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < pairs->len; i += 2, n++)
    if (!suppress (self, g_ptr_array_index (pairs, i), g_ptr_array_index (pairs, i + 1), reason, scope, now, error))
      return -1;

  return n;
}


/* ---- restriction and objection ---- */

/**
 * clt_consent_ledger_restrict:
 * @kind: a restriction (Art. 18) or an objection (Art. 21)
 * @purpose: (nullable): the purpose it covers; %NULL: all purposes for a restriction, all
 *   direct marketing for an objection
 * @reason: (nullable): why, such as "accuracy contested" (no personal data)
 *
 * The profile stays, but is excluded from segments' audiences and exports for the purposes
 * covered. It holds on the profile's records, so merges and splits carry it along. An
 * objection to direct marketing also puts the profile's addresses on the suppression list.
 *
 * Returns: the restriction's id, or 0 with @error set
 */
gint64
clt_consent_ledger_restrict (CltConsentLedger    *self,
                             gint64               profile_id,
                             CltRestrictionKind   kind,
                             const char          *purpose,
                             const char          *reason,
                             GError             **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) records = NULL;
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *purpose_json = NULL;
  g_autofree char *detail = NULL;
  const char *kind_id = kind == CLT_RESTRICTION_KIND_OBJECTION ? "objection" : "restriction";
  gint64 id;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), 0);

  if (!profile_exists (self, profile_id, error))
    return 0;
  if (query_int (self, "SELECT EXISTS (SELECT 1 FROM source_records WHERE profile_id = ?1)", profile_id, NULL) != 1)
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID,
                   _("Customer %lld has no imported records to hold the restriction"), (long long) profile_id);
      return 0;
    }

  if (!_clt_workspace_begin (self->workspace, error))
    return 0;
  if (!(insert = _clt_workspace_prepare (self->workspace,
          "INSERT INTO restrictions (kind, purpose, reason, created_at, actor) VALUES (?1, ?2, coalesce (?3, ''), ?4, ?5)",
          error)))
    return fail_rollback (self);
  sqlite3_bind_text (insert, 1, kind_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, clt_workspace_get_actor (self->workspace), -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (self->workspace, insert, error))
    return fail_rollback (self);
  id = sqlite3_last_insert_rowid (_clt_workspace_get_db (self->workspace));

  if (!(records = _clt_workspace_prepare (self->workspace,
          "INSERT INTO restriction_records (restriction_id, record_id) SELECT ?1, id FROM source_records WHERE profile_id = ?2",
          error)))
    return fail_rollback (self);
  sqlite3_bind_int64 (records, 1, id);
  sqlite3_bind_int64 (records, 2, profile_id);
  if (!_clt_workspace_step_done (self->workspace, records, error))
    return fail_rollback (self);

  /* Art. 21(3): after an objection to direct marketing, no marketing to these addresses. */
  if (kind == CLT_RESTRICTION_KIND_OBJECTION && purpose == NULL &&
      _clt_consent_suppress_profile (self, profile_id, "objection", "marketing", now, error) < 0)
    return fail_rollback (self);

  purpose_json = _clt_consent_json_escape (purpose);
  detail = g_strdup_printf ("{\"restriction\":%" G_GINT64_FORMAT ",\"purpose\":%s}", id, purpose ? purpose_json : "null");
  if (!clt_workspace_audit (self->workspace, NULL, kind_id, "profile", profile_id, detail, error) ||
      !_clt_workspace_commit (self->workspace, error))
    return fail_rollback (self);

  return id;
}

/**
 * clt_consent_ledger_lift_restriction:
 *
 * Ends a restriction or objection (the suppression of an objector's addresses stays: it
 * records their objection to marketing).
 */
gboolean
clt_consent_ledger_lift_restriction (CltConsentLedger  *self,
                                     gint64             restriction_id,
                                     GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _clt_consent_now ();

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  if (!_clt_workspace_begin (self->workspace, error))
    return FALSE;
  if (!(stmt = _clt_workspace_prepare (self->workspace,
          "UPDATE restrictions SET lifted_at = ?2, lifted_by = ?3 WHERE id = ?1 AND lifted_at IS NULL", error)))
    return fail_rollback (self);
  sqlite3_bind_int64 (stmt, 1, restriction_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, clt_workspace_get_actor (self->workspace), -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (self->workspace, stmt, error))
    return fail_rollback (self);
  if (sqlite3_changes (_clt_workspace_get_db (self->workspace)) == 0)
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND,
                   _("There is no active restriction %lld"), (long long) restriction_id);
      return fail_rollback (self);
    }
  if (!clt_workspace_audit (self->workspace, NULL, "lift-restriction", "restriction", restriction_id, NULL, error) ||
      !_clt_workspace_commit (self->workspace, error))
    return fail_rollback (self);

  return TRUE;
}

/**
 * clt_consent_ledger_assert_existing_customer:
 * @email: the address, obtained from the customer in a sale
 * @purpose: the e-mail marketing purpose it is for
 * @order_ref: (nullable): the sale (order number) the address was obtained in
 * @product_category: (nullable): the products advertised
 * @similar_products: whether they are the seller's own, similar to those bought
 * @notice_given: whether the customer was told at collection, and is told with every
 *   message, that they can object at any time
 *
 * Records a UWG §7(3) basis for e-mail marketing without consent. It allows the address only
 * while all four conditions hold: a sale, similar own products, notice given, and no
 * objection (no withdrawal, refusal, bounce or suppression of the address).
 *
 * Returns: the assertion's id, or 0 with @error set
 */
gint64
clt_consent_ledger_assert_existing_customer (CltConsentLedger  *self,
                                             const char        *email,
                                             const char        *purpose,
                                             const char        *order_ref,
                                             const char        *product_category,
                                             gboolean           similar_products,
                                             gboolean           notice_given,
                                             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *normalised = NULL;
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *purpose_json = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), 0);
  g_return_val_if_fail (purpose != NULL, 0);

  if (!(normalised = _clt_consent_normalise ("email", email, error)))
    return 0;

  if (!_clt_workspace_begin (self->workspace, error))
    return 0;
  if (!(stmt = _clt_workspace_prepare (self->workspace,
          "INSERT INTO basis_assertions (identifier_kind, identifier, purpose, order_ref, product_category, "
          "  similar_products, notice_given, established_at, actor) VALUES ('email', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
          error)))
    return fail_rollback (self);
  sqlite3_bind_text (stmt, 1, normalised, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, order_ref, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, product_category, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, similar_products != FALSE);
  sqlite3_bind_int (stmt, 6, notice_given != FALSE);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, clt_workspace_get_actor (self->workspace), -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (self->workspace, stmt, error))
    return fail_rollback (self);
  id = sqlite3_last_insert_rowid (_clt_workspace_get_db (self->workspace));

  purpose_json = _clt_consent_json_escape (purpose);
  detail = g_strdup_printf ("{\"purpose\":%s,\"similar_products\":%s,\"notice_given\":%s}", purpose_json,
                            similar_products ? "true" : "false", notice_given ? "true" : "false");
  if (!_clt_consent_mark_identifier (self->workspace, "email", normalised, error) ||
      !clt_workspace_audit (self->workspace, NULL, "assert-existing-customer", "assertion", id, detail, error) ||
      !_clt_workspace_commit (self->workspace, error))
    return fail_rollback (self);

  return id;
}
