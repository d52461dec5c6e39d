/* clt-consent-sql.c: the one definition of what a profile may be used for
 *
 * consent_current (kept by the triggers of schema 0006) holds each identifier's latest event
 * for each purpose and channel: by event time, and at the same instant the more restrictive
 * one, so an older grant imported later never overrides a withdrawal. Here, before each
 * commit, each changed profile gets its profile_consent rows: for each purpose and channel,
 * the identifier it holds that may be used (a granted, unbounced, unsuppressed one; else a
 * valid UWG §7(3) assertion), else the most recent one, with its state. Consent stays with
 * the address it was given for: a merged profile holds both addresses, and is used only
 * through the one that consented.
 *
 * The segment compiler's consent condition, its audience split and the eligibility API all
 * read profile_consent through the SQL built below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-sql"

#include "config.h"

#include "clt-consent-private.h"
#include "clt-workspace-private.h"

/* The identifiers a profile holds: its records' e-mails and phones, its golden address, and
 * the profile itself (for consent recorded on the person, such as a postal objection). */
#define HELD_IDENTIFIERS(set) \
  "WITH d AS MATERIALIZED (" set "), " \
  "ids AS MATERIALIZED (" \
  "  SELECT r.profile_id, i.kind, i.value FROM d CROSS JOIN source_records r ON r.profile_id = d.profile_id " \
  "    CROSS JOIN record_identifiers i ON i.record_id = r.id WHERE i.kind IN ('email', 'phone') " \
  "  UNION SELECT p.id, 'email', lower (trim (p.email)) FROM d CROSS JOIN profiles p ON p.id = d.profile_id " \
  "    WHERE p.email IS NOT NULL AND trim (p.email) <> '' " \
  "  UNION SELECT d.profile_id, 'profile', CAST (d.profile_id AS TEXT) FROM d), "

/* Each held identifier's events (usable: granted, never bounced, not suppressed) and its
 * valid §7(3) assertions (no withdrawal, refusal or bounce of the address, not suppressed,
 * all four conditions recorded); the best per purpose and channel wins. */
#define PROFILE_CONSENT_SQL(set) \
  HELD_IDENTIFIERS (set) \
  "cand AS (" \
  "  SELECT ids.profile_id, cc.purpose, cc.channel, ids.kind, ids.value, cc.event_id, cc.action, cc.event_time, " \
  "    cc.proof, (cc.action = 'given' AND cc.denied_at IS NOT NULL AND NOT cc.proof) AS regrant, " \
  "    cc.invalidated_at IS NOT NULL AS bounced, s.kind IS NOT NULL AS suppressed, " \
  "    CASE WHEN cc.action = 'given' AND cc.invalidated_at IS NULL AND s.kind IS NULL THEN 'consent' END AS basis, " \
  "    NULL AS assertion_id " \
  "  FROM ids JOIN consent_current cc ON cc.identifier_kind = ids.kind AND cc.identifier = ids.value " \
  "  LEFT JOIN suppressed_identifiers s ON s.kind = ids.kind AND s.value = ids.value " \
  "  UNION ALL " \
  "  SELECT ids.profile_id, a.purpose, pu.channel, ids.kind, ids.value, cc.event_id, cc.action, cc.event_time, " \
  "    coalesce (cc.proof, 0), 0, 0, 0, 'uwg7_3', a.id " \
  "  FROM ids JOIN basis_assertions a ON a.identifier_kind = ids.kind AND a.identifier = ids.value " \
  "  JOIN purposes pu ON pu.key = a.purpose " \
  "  LEFT JOIN consent_current cc ON cc.identifier_kind = ids.kind AND cc.identifier = ids.value " \
  "    AND cc.purpose = a.purpose AND cc.channel = pu.channel " \
  "  WHERE a.ended_at IS NULL AND a.order_ref IS NOT NULL AND a.order_ref <> '' AND a.similar_products " \
  "    AND a.notice_given AND cc.denied_at IS NULL AND cc.invalidated_at IS NULL " \
  "    AND NOT EXISTS (SELECT 1 FROM suppressed_identifiers s WHERE s.kind = ids.kind AND s.value = ids.value)), " \
  "best AS (SELECT *, row_number () OVER (PARTITION BY profile_id, purpose, channel " \
  "    ORDER BY basis = 'consent' DESC, basis IS NOT NULL DESC, proof DESC, event_time DESC, event_id DESC) AS n " \
  "  FROM cand) " \
  "INSERT INTO profile_consent (profile_id, purpose, channel, identifier_kind, identifier, event_id, action, " \
  "  event_time, proof, regrant, bounced, suppressed, basis, assertion_id, last_used_at) " \
  "SELECT b.profile_id, b.purpose, b.channel, b.kind, b.value, b.event_id, b.action, b.event_time, b.proof, " \
  "  b.regrant, b.bounced, b.suppressed, b.basis, b.assertion_id, u.last_used_at " \
  "FROM best b LEFT JOIN consent_usage u ON u.identifier_kind = b.kind AND u.identifier = b.value " \
  "  AND u.purpose = b.purpose " \
  "WHERE b.n = 1"

/* Every profile that can have consent: those holding an identifier with an event or an
 * assertion. Any other profile's candidates are none, so it gets no rows. */
#define CONSENT_HOLDERS \
  "WITH k AS MATERIALIZED (SELECT identifier_kind AS kind, identifier AS value FROM consent_current " \
  "  UNION SELECT identifier_kind, identifier FROM basis_assertions) " \
  "SELECT r.profile_id FROM k CROSS JOIN record_identifiers i ON i.kind = k.kind AND i.value = k.value " \
  "  CROSS JOIN source_records r ON r.id = i.record_id WHERE k.kind IN ('email', 'phone') AND r.profile_id IS NOT NULL " \
  "UNION SELECT p.id FROM profiles p WHERE p.email IS NOT NULL " \
  "  AND lower (trim (p.email)) IN (SELECT value FROM k WHERE kind = 'email') " \
  "UNION SELECT p.id FROM profiles p WHERE p.id IN (SELECT CAST (value AS INTEGER) FROM k WHERE kind = 'profile')"

/**
 * _clt_consent_rebuild:
 * @holders_only: look only at the profiles holding an identifier with consent, found through
 *   the identifiers; else at every profile
 *
 * Rebuilds profile_consent for every profile; either way gives the same rows.
 */
gboolean
_clt_consent_rebuild (CltWorkspace  *workspace,
                      gboolean       holders_only,
                      GError       **error)
{
  return _clt_workspace_exec (workspace, "DELETE FROM profile_consent", error) &&
         _clt_workspace_exec (workspace, holders_only ? PROFILE_CONSENT_SQL (CONSENT_HOLDERS)
                                                      : PROFILE_CONSENT_SQL ("SELECT id AS profile_id FROM profiles"),
                              error);
}

/**
 * _clt_consent_refresh:
 * @all: every profile, not only those in profiles_dirty
 *
 * Rebuilds profile_consent for the changed profiles (or all); call it inside the write's
 * transaction, before the facts are rebuilt (they read it).
 */
gboolean
_clt_consent_refresh (CltWorkspace  *workspace,
                      gboolean       all,
                      GError       **error)
{
  gint64 started = g_get_monotonic_time ();

  if (all)
    {
      g_autoptr(sqlite3_stmt) few = NULL;
      gboolean holders_only;

      /* Finding the holders through their identifiers pays where few hold consent (a CRM
       * imported before any newsletter list: 0.3 s instead of 3.4 s at a million profiles),
       * and costs where most do (10.7 s more at a million). */
      if (!(few = _clt_workspace_prepare (workspace,
              "SELECT (SELECT count (*) FROM consent_current) + (SELECT count (*) FROM basis_assertions) "
              "< (SELECT count (*) FROM profiles) / 10", error)))
        return FALSE;
      holders_only = sqlite3_step (few) == SQLITE_ROW && sqlite3_column_int (few, 0) != 0;
      if (!_clt_consent_rebuild (workspace, holders_only, error))
        return FALSE;
    }
  else if (!_clt_workspace_exec (workspace,
             "DELETE FROM profile_consent WHERE profile_id IN (SELECT profile_id FROM profiles_dirty)", error) ||
           !_clt_workspace_exec (workspace, PROFILE_CONSENT_SQL ("SELECT profile_id FROM profiles_dirty"), error))
    return FALSE;

  g_debug ("profile consent (%s): %.1f ms", all ? "all" : "changed", (g_get_monotonic_time () - started) / 1000.0);

  return TRUE;
}

/**
 * _clt_consent_mark_identifier:
 *
 * Marks the profiles holding an identifier as changed, so their consent is worked out anew at
 * the commit (a consent event, a suppression or an assertion for it).
 */
gboolean
_clt_consent_mark_identifier (CltWorkspace  *workspace,
                              const char    *kind,
                              const char    *value,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _clt_workspace_prepare (workspace,
          "INSERT OR IGNORE INTO profiles_dirty (profile_id) "
          "SELECT r.profile_id FROM record_identifiers i JOIN source_records r ON r.id = i.record_id "
          "WHERE i.kind = ?1 AND i.value = ?2 AND r.profile_id IS NOT NULL "
          "UNION SELECT id FROM profiles WHERE ?1 = 'email' AND lower (trim (email)) = ?2 "
          "UNION SELECT id FROM profiles WHERE ?1 = 'profile' AND id = CAST (?2 AS INTEGER)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);

  return _clt_workspace_step_done (workspace, stmt, error);
}

/**
 * _clt_consent_state_sql:
 * @profile_expr: the SQL expression of the profile id, such as "f.profile_id"
 * @purpose_param: the placeholder bound to the purpose, such as "?3"
 * @channel_param: the placeholder bound to the channel
 *
 * Returns: (transfer full): an SQL expression giving the profile's consent state for the
 *   purpose and channel: the latest event's action of the identifier chosen, 'unknown' when
 *   none
 */
char *
_clt_consent_state_sql (const char *profile_expr,
                        const char *purpose_param,
                        const char *channel_param)
{
  return g_strdup_printf ("coalesce ((SELECT pc.action FROM profile_consent pc WHERE pc.profile_id = %s "
                          "AND pc.purpose = %s AND pc.channel = %s), 'unknown')",
                          profile_expr, purpose_param, channel_param);
}

/* The columns of the identifier to use and the basis, over pc. */
#define DETAIL_COLUMNS \
  "pc.identifier_kind, pc.identifier, pc.basis, pc.event_id, pc.assertion_id, pc.proof, " \
  "max (pc.event_time, coalesce (pc.last_used_at, '')) AS used"

/**
 * _clt_consent_restricted_sql:
 * @purpose_param: the placeholder bound to the purpose key
 *
 * Returns: (transfer full): a query of the profiles under an active restriction or
 *   objection covering the purpose, as column profile_id
 */
char *
_clt_consent_restricted_sql (const CltPurposeRule *rule,
                             const char           *purpose_param)
{
  return g_strdup_printf ("SELECT rp.profile_id FROM restricted_profiles rp WHERE rp.purpose IS NULL OR rp.purpose = %s%s",
                          purpose_param, rule->marketing ? " OR rp.purpose = 'marketing'" : "");
}

/* Whether a profile_consent row (pc) may be used: it has a basis (a usable grant or a valid
 * §7(3) assertion), double opt-in proof for e-mail consent when asked for, and (@restricted)
 * no restriction or objection covers the purpose. */
static char *
consent_condition (const CltPurposeRule *rule,
                   const char           *purpose_param,
                   const char           *doi_param,
                   gboolean              restricted)
{
  g_autofree char *restricted_ids = restricted ? _clt_consent_restricted_sql (rule, purpose_param) : NULL;
  g_autofree char *not_restricted = restricted ? g_strdup_printf (" AND pc.profile_id NOT IN (%s)", restricted_ids) : NULL;

  /* After a withdrawal or refusal, only a proven consent (double opt-in) counts again: a bare
   * "yes" of an export, which says nothing of when, never outweighs a dated withdrawal. */
  return g_strdup_printf ("(pc.basis IS NOT NULL AND NOT pc.regrant "
                          "AND (pc.basis <> 'consent' OR pc.proof OR %s = 0 OR pc.identifier_kind <> 'email')%s)",
                          doi_param, restricted ? not_restricted : "");
}

static char *
eligible_sql (const CltPurposeRule *rule,
              const char           *purpose_param,
              const char           *channel_param,
              const char           *doi_param,
              gboolean              details,
              gboolean              restricted)
{
  g_autofree char *restricted_ids = restricted ? _clt_consent_restricted_sql (rule, purpose_param) : NULL;
  g_autofree char *not_restricted = restricted ? g_strdup_printf (" AND p.id NOT IN (%s)", restricted_ids) : NULL;

  if (_clt_purpose_rule_needs_consent (rule))
    {
      g_autofree char *condition = consent_condition (rule, purpose_param, doi_param, restricted);

      return g_strdup_printf ("SELECT pc.profile_id AS id%s FROM profile_consent pc "
                              "WHERE pc.purpose = %s AND pc.channel = %s AND %s",
                              details ? ", " DETAIL_COLUMNS : "", purpose_param, channel_param, condition);
    }

  return g_strdup_printf ("SELECT p.id AS id%s FROM profiles p WHERE %s "
                          "AND p.id NOT IN (SELECT pc.profile_id FROM profile_consent pc WHERE pc.purpose = %s "
                          "  AND pc.channel = %s AND pc.action IN ('withdrawn', 'refused', 'revoked'))%s",
                          details ? ", NULL, NULL, NULL, NULL, NULL, 1, NULL" : "",
                          _clt_purpose_rule_address_sql (rule), purpose_param, channel_param,
                          restricted ? not_restricted : "");
}

/**
 * _clt_consent_eligible_sql:
 * @rule: the purpose's legal basis and channel
 * @purpose_param: the placeholder bound to the purpose key
 * @channel_param: the placeholder bound to the channel
 * @doi_param: the placeholder bound to 1 when e-mail consent needs double opt-in proof
 * @details: besides id, the identifier to use and the basis: identifier_kind, identifier,
 *   basis, event_id, assertion_id, proof, used (the later of the event and its last use)
 *
 * The profiles that may be used for a purpose by a channel:
 * - consent (Art. 6(1)(a)), and any e-mail or phone marketing (UWG §7(2)): a profile_consent
 *   row with a basis (a usable grant, or a valid §7(3) assertion), with double opt-in proof
 *   when asked for;
 * - other bases: everyone with an address for the channel (post: street and postcode), who
 *   did not withdraw, refuse or object for the purpose;
 * - never a profile under an active restriction or objection covering the purpose.
 *
 * Returns: (transfer full): a query of profile ids, as column id
 */
char *
_clt_consent_eligible_sql (const CltPurposeRule *rule,
                           const char           *purpose_param,
                           const char           *channel_param,
                           const char           *doi_param,
                           gboolean              details)
{
  return eligible_sql (rule, purpose_param, channel_param, doi_param, details, TRUE);
}

/**
 * _clt_consent_usable_sql:
 *
 * The rule of _clt_consent_eligible_sql() but for restrictions and objections (which
 * _clt_consent_restricted_sql() gives): what the consent sets hold.
 *
 * Returns: (transfer full): a query of profile ids, as column id
 */
char *
_clt_consent_usable_sql (const CltPurposeRule *rule,
                         const char           *purpose_param,
                         const char           *channel_param,
                         const char           *doi_param)
{
  return eligible_sql (rule, purpose_param, channel_param, doi_param, FALSE, FALSE);
}

/**
 * _clt_consent_rows_sql:
 *
 * For a purpose that needs consent: every profile_consent row of the purpose and channel,
 * read in order, with whether the rule of _clt_consent_eligible_sql() lets it be used:
 * id, eligible, then the detail columns, then action, bounced, suppressed.
 *
 * Returns: (transfer full): the query
 */
char *
_clt_consent_rows_sql (const CltPurposeRule *rule,
                       const char           *purpose_param,
                       const char           *channel_param,
                       const char           *doi_param)
{
  g_autofree char *condition = consent_condition (rule, purpose_param, doi_param, TRUE);

  g_return_val_if_fail (_clt_purpose_rule_needs_consent (rule), NULL);

  return g_strdup_printf ("SELECT pc.profile_id AS id, %s, " DETAIL_COLUMNS ", pc.action, pc.bounced, pc.suppressed "
                          "FROM profile_consent pc WHERE pc.purpose = %s AND pc.channel = %s",
                          condition, purpose_param, channel_param);
}

/**
 * _clt_purpose_rule_address_ids_sql:
 *
 * Returns: (transfer full): a query of the profile ids that have an address for the
 *   purpose's channel (the condition of _clt_purpose_rule_address_sql(), read from an index
 *   where the facts have one)
 */
char *
_clt_purpose_rule_address_ids_sql (const CltPurposeRule *rule)
{
  /* The facts' e-mail key is the golden address, lower case, or U+10FFFF when there is none. */
  if (g_str_equal (rule->channel, "email") || g_str_equal (rule->channel, "ads"))
    return g_strdup ("SELECT profile_id FROM profile_facts WHERE email_key < char (1114111)");

  return g_strdup_printf ("SELECT p.id FROM profiles p WHERE %s", _clt_purpose_rule_address_sql (rule));
}

/**
 * _clt_purpose_rule_needs_consent:
 *
 * Returns: whether the purpose needs a consent (or a §7(3) assertion) per person: its basis
 *   is consent, or it reaches people by e-mail or phone (UWG §7(2): legitimate interest
 *   alone never allows it)
 */
gboolean
_clt_purpose_rule_needs_consent (const CltPurposeRule *rule)
{
  return rule->basis == 'a' || g_str_equal (rule->channel, "email") || g_str_equal (rule->channel, "phone");
}

/**
 * _clt_purpose_rule_address_sql:
 *
 * Returns: (transfer none): an SQL condition over p (profiles) saying the profile can be
 *   reached by the purpose's channel (fixed text)
 */
const char *
_clt_purpose_rule_address_sql (const CltPurposeRule *rule)
{
  if (g_str_equal (rule->channel, "postal"))
    return "(p.street IS NOT NULL AND p.street <> '' AND p.postcode IS NOT NULL AND p.postcode <> '')";
  if (g_str_equal (rule->channel, "email") || g_str_equal (rule->channel, "ads"))
    return "(p.email IS NOT NULL AND p.email <> '')";
  if (g_str_equal (rule->channel, "phone"))
    return "(p.phone IS NOT NULL AND p.phone <> '')";

  return "1";
}

/**
 * _clt_purpose_rule_load:
 *
 * Reads a purpose's basis and channel from the catalogue. A purpose not in it is taken as
 * needing consent, by @channel.
 */
void
_clt_purpose_rule_load (CltWorkspace   *workspace,
                        const char     *purpose,
                        const char     *channel,
                        CltPurposeRule *rule)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "SELECT legal_basis, channel, marketing FROM purposes WHERE key = ?1", NULL);

  rule->basis = 'a';
  g_strlcpy (rule->channel, channel ? channel : "email", sizeof rule->channel);
  rule->marketing = TRUE;

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;

  rule->basis = ((const char *) sqlite3_column_text (stmt, 0))[0];
  if (channel == NULL)
    g_strlcpy (rule->channel, (const char *) sqlite3_column_text (stmt, 1), sizeof rule->channel);
  rule->marketing = sqlite3_column_int (stmt, 2) != 0;
}

/**
 * _clt_consent_require_doi:
 *
 * Returns: whether e-mail consent needs double opt-in proof to be used (the workspace
 *   setting "require_double_opt_in"; off by default: weak proof is flagged, not excluded)
 */
gboolean
_clt_consent_require_doi (CltWorkspace *workspace)
{
  g_autofree char *value = _clt_workspace_dup_meta (workspace, "require_double_opt_in");

  return g_strcmp0 (value, "1") == 0;
}
