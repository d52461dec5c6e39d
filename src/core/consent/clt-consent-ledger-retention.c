/* clt-consent-ledger-retention.c: retention by purpose and data category, of CltConsentLedger
 *
 * The rules are the purposes' own: each purpose keeps the data categories it lists (contact,
 * postal, purchases, loyalty, newsletter) for as long as its legal basis and its retention
 * period allow:
 *
 * - A purpose that needs consent (consent is its basis, or it reaches people by e-mail or
 *   phone) keeps a customer while a consent for it is current, and the customer was active
 *   for it within its period: the consent given or last used in an export, or dated data of
 *   the purpose's categories (a newsletter opened). A withdrawal, refusal, bounce, suppression
 *   or a weak re-grant after a withdrawal ends it at once.
 * - Any other purpose keeps each category of dated data it lists (purchases, loyalty
 *   receipts, newsletter activity) for its period after the latest of that data. For
 *   contracts and legal obligations (Art. 6(1)(b), (c)) the period counts from the end of that
 *   calendar year, as commercial and tax law count it (§147(4) AO). An objection (Art. 21) to
 *   a purpose on legitimate interests or public task, or to direct marketing, ends it.
 * - A purpose without a period keeps what it keeps without a time limit.
 * - Contact and postal details are the customer: they stay while any purpose keeps them.
 * - A customer under an active restriction (Art. 18) is kept whole: a restriction is what the
 *   law asks for instead of deletion.
 *
 * A customer no purpose keeps is due for deletion; so is a category of dated data that no
 * purpose keeping the customer needs (newsletter activity when e-mail marketing has lapsed
 * but purchases are still kept for customer service). Each due entry names the purpose whose
 * rule let go last, why, and since when. A person approves the list; a purge runs it in one
 * transaction: customers are erased without going on the suppression list (they did not ask
 * for it), categories are removed from them, the audit log records it without personal data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-ledger"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdio.h>
#include <string.h>

#include "clt-consent-private.h"
#include "clt-workspace-private.h"

#define COL(stmt, i) ((const char *) sqlite3_column_text ((stmt), (i)))

/* The categories of dated data: the events of these kinds (fixed SQL texts, never values). */
static const struct
{
  const char *category;
  const char *kinds;
} dated[] = {
  { "purchases", "('purchase')" },
  { "loyalty", "('loyalty_receipt')" },
  { "newsletter", "('newsletter_open', 'newsletter_click', 'newsletter_optin', 'newsletter_confirm', 'unsubscribe', "
                  "'bounce')" },
};

#define N_DATED G_N_ELEMENTS (dated)

/* The reasons as retention_due stores them, in the order of CltRetentionReason. */
static const char * const reason_ids[] = {
  [CLT_RETENTION_REASON_PERIOD] = "period",
  [CLT_RETENTION_REASON_CONSENT] = "consent",
  [CLT_RETENTION_REASON_OBJECTION] = "objection",
  [CLT_RETENTION_REASON_NONE] = "none",
};

/* A purpose's rule, as the evaluation needs it. */
typedef struct
{
  char     *key;
  char     *channel;
  guint     months;
  gboolean  consent;      /* kept while consented */
  gboolean  marketing;    /* direct marketing: an objection to it ends it */
  gboolean  objectable;   /* an objection or withdrawal ends it */
  gboolean  end_of_year;  /* its period counts from the end of the year */
  guint     categories;   /* bits of dated[] it lists */
  char     *cutoff;       /* kept while its activity is at or after this; NULL: no period */
} Rule;

/* The rule that let go of something last. */
typedef struct
{
  const Rule         *rule;
  CltRetentionReason  reason;
  char                since[24];
} Ending;

static void
rule_free (gpointer data)
{
  Rule *rule = data;

  g_free (rule->key);
  g_free (rule->channel);
  g_free (rule->cutoff);
  g_free (rule);
}

void
clt_retention_due_free (CltRetentionDue *due)
{
  if (due == NULL)
    return;
  g_free (due->name);
  g_free (due->category);
  g_free (due->purpose);
  g_free (due->purpose_label);
  g_free (due->since);
  g_free (due->approved_at);
  g_free (due->approved_by);
  g_free (due);
}

/**
 * clt_retention_reason_get_label:
 *
 * Returns: (transfer none): the reason as shown, such as "consent withdrawn or no longer valid"
 */
const char *
clt_retention_reason_get_label (CltRetentionReason reason)
{
  switch (reason)
    {
    case CLT_RETENTION_REASON_PERIOD: return _("retention period over");
    case CLT_RETENTION_REASON_CONSENT: return _("consent withdrawn or no longer valid");
    case CLT_RETENTION_REASON_OBJECTION: return _("the person objected");
    case CLT_RETENTION_REASON_NONE: return _("kept for no purpose");
    default: return "";
    }
}

static CltRetentionReason
reason_from_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (reason_ids); i++)
    if (g_strcmp0 (id, reason_ids[i]) == 0)
      return (CltRetentionReason) i;

  return CLT_RETENTION_REASON_NONE;
}

static const char *
dated_kinds (const char *category)
{
  for (guint i = 0; i < N_DATED; i++)
    if (g_strcmp0 (category, dated[i].category) == 0)
      return dated[i].kinds;

  return NULL;
}

/* ---- times ---- */

static char *
format_instant (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* "2024-03-01" or "2024-03-01T09:15:02Z", as the ledger and events store them. */
static GDateTime *
parse_instant (const char *text)
{
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return NULL;
  if (strlen (text) >= 19 && text[10] == 'T')
    sscanf (text + 11, "%2d:%2d:%2d", &hour, &minute, &second);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;

  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

/* The end of the calendar year of @text: "2019-12-31T23:59:59Z". */
static void
end_of_year (const char *text,
             char        out[24])
{
  g_snprintf (out, 24, "%.4s-12-31T23:59:59Z", text);
}

/* When a period of @months that started at @start ends. */
static void
period_end (const char *start,
            guint       months,
            char        out[24])
{
  g_autoptr(GDateTime) from = parse_instant (start);
  g_autoptr(GDateTime) until = from ? g_date_time_add_months (from, (int) months) : NULL;
  g_autofree char *text = until ? format_instant (until) : NULL;

  g_strlcpy (out, text ? text : start, 24);
}

static const char *
later (const char *a,
       const char *b)
{
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;

  return strcmp (a, b) >= 0 ? a : b;
}

/* ---- the rules ---- */

static guint
parse_categories (const char *text)
{
  g_auto(GStrv) names = g_strsplit (text ? text : "", ",", -1);
  guint bits = 0;

  for (guint i = 0; names[i] != NULL; i++)
    for (guint c = 0; c < N_DATED; c++)
      if (g_str_equal (g_strstrip (names[i]), dated[c].category))
        bits |= 1u << c;

  return bits;
}

static GPtrArray *
load_rules (CltConsentLedger  *self,
            GDateTime         *now,
            GError           **error)
{
  g_autoptr(GListModel) purposes = clt_consent_ledger_list_purposes (self, error);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (rule_free);

  if (purposes == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);
      const char *basis = clt_purpose_get_legal_basis (purpose);
      Rule *rule = g_new0 (Rule, 1);

      rule->key = g_strdup (clt_purpose_get_key (purpose));
      rule->channel = g_strdup (clt_purpose_get_channel (purpose));
      rule->months = clt_purpose_get_retention_months (purpose);
      rule->consent = clt_purpose_get_needs_consent (purpose);
      rule->marketing = clt_purpose_get_marketing (purpose);
      rule->objectable = g_strcmp0 (basis, "e") == 0 || g_strcmp0 (basis, "f") == 0 || rule->marketing;
      rule->end_of_year = g_strcmp0 (basis, "b") == 0 || g_strcmp0 (basis, "c") == 0;
      rule->categories = parse_categories (clt_purpose_get_data_categories (purpose));
      if (rule->months > 0)
        {
          g_autoptr(GDateTime) cutoff = g_date_time_add_months (now, -(int) rule->months);

          rule->cutoff = format_instant (cutoff);
        }
      g_ptr_array_add (rules, rule);
    }

  return g_steal_pointer (&rules);
}

typedef struct
{
  gboolean  restriction;
  /* active objections: their purpose (NULL: direct marketing) and since when, in pairs */
  GPtrArray *objections;
} Holds;

static void
holds_free (gpointer data)
{
  Holds *holds = data;

  g_clear_pointer (&holds->objections, g_ptr_array_unref);
  g_free (holds);
}

/* The active restrictions and objections, by profile id. */
static GHashTable *
load_holds (CltWorkspace  *workspace,
            GError       **error)
{
  g_autoptr(GHashTable) holds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, holds_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT DISTINCT r.profile_id, x.kind, x.purpose, x.created_at FROM restrictions x "
          "JOIN restriction_records rr ON rr.restriction_id = x.id JOIN source_records r ON r.id = rr.record_id "
          "WHERE x.lifted_at IS NULL AND r.profile_id IS NOT NULL", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Holds *entry = g_hash_table_lookup (holds, &id);

      if (entry == NULL)
        {
          entry = g_new0 (Holds, 1);
          entry->objections = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (holds, g_memdup2 (&id, sizeof id), entry);
        }
      if (g_strcmp0 (COL (stmt, 1), "restriction") == 0)
        entry->restriction = TRUE;
      else
        {
          g_ptr_array_add (entry->objections, g_strdup (COL (stmt, 2)));
          g_ptr_array_add (entry->objections, g_strdup (COL (stmt, 3)));
        }
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the restrictions"));
      return NULL;
    }

  return g_steal_pointer (&holds);
}

/* Since when an objection covers the rule's purpose, or NULL. */
static const char *
objected_since (const Holds *holds,
                const Rule  *rule)
{
  const char *since = NULL;

  for (guint i = 0; holds != NULL && i < holds->objections->len; i += 2)
    {
      const char *purpose = g_ptr_array_index (holds->objections, i);

      if (g_strcmp0 (purpose, rule->key) == 0 || (purpose == NULL && rule->marketing))
        since = later (since, g_ptr_array_index (holds->objections, i + 1));
    }

  return since;
}

/* Three streams, each in profile order, merged as they are read: the profiles with when they
 * first came, the latest dated data of each category, and the consent of each purpose (a
 * lookup per profile and purpose would take three times as long on a million profiles). */
#define PROFILES_SQL \
  "SELECT p.id, f.first_seen FROM profiles p LEFT JOIN profile_facts f ON f.profile_id = p.id ORDER BY p.id"
#define CONSENT_SQL \
  "SELECT profile_id, purpose, channel, basis IS NOT NULL AND NOT regrant, action, event_time, last_used_at " \
  "FROM profile_consent ORDER BY profile_id"

static char *
dated_sql (void)
{
  GString *sql = g_string_new ("SELECT profile_id");

  for (guint c = 0; c < N_DATED; c++)
    g_string_append_printf (sql, ", max (occurred_at) FILTER (WHERE kind IN %s)", dated[c].kinds);
  g_string_append (sql, " FROM events WHERE profile_id IS NOT NULL GROUP BY profile_id ORDER BY profile_id");

  return g_string_free (sql, FALSE);
}

/* A profile's consent for one rule's purpose and channel, copied from its stream. */
typedef struct
{
  gboolean present;
  gboolean usable;
  char     action[16];
  char     event_time[24];
  char     last_used[24];
} Consent;

/* What the rules look at, of one profile. */
typedef struct
{
  const char *first_seen;
  const char *last[N_DATED];
  Consent    *consent;   /* one per rule */
} Facts;

static const char *
text_or_null (const char *text)
{
  return text && text[0] ? text : NULL;
}

static void
end (Ending             *ending,
     const Rule         *rule,
     CltRetentionReason  reason,
     const char         *since)
{
  if (ending->rule != NULL && strcmp (ending->since, since) >= 0)
    return;
  ending->rule = rule;
  ending->reason = reason;
  g_strlcpy (ending->since, since, sizeof ending->since);
}

typedef struct
{
  gboolean kept;
  gboolean category_kept[N_DATED];
  Ending   ending;
  Ending   category_ending[N_DATED];
} Verdict;

/* Applies every rule to one profile. */
static void
judge (const Facts *facts,
       GPtrArray   *rules,
       const Holds *holds,
       Verdict     *verdict)
{
  const char *first_seen = facts->first_seen;
  const char * const *last = facts->last;

  memset (verdict, 0, sizeof *verdict);

  for (guint i = 0; i < rules->len; i++)
    {
      const Rule *rule = g_ptr_array_index (rules, i);
      const Consent *consent = &facts->consent[i];
      gboolean usable = consent->present && consent->usable;
      const char *action = consent->present ? text_or_null (consent->action) : NULL;
      const char *event_time = consent->present ? text_or_null (consent->event_time) : NULL;
      const char *last_used = consent->present ? text_or_null (consent->last_used) : NULL;

      if (rule->consent)
        {
          const char *anchor = later (event_time, last_used);
          char until[24];

          if (!usable)
            {
              /* Consent that ended (or never was) lets go of all the purpose keeps. */
              if (action != NULL && event_time != NULL)
                {
                  end (&verdict->ending, rule, CLT_RETENTION_REASON_CONSENT, event_time);
                  for (guint c = 0; c < N_DATED; c++)
                    if (rule->categories & (1u << c))
                      end (&verdict->category_ending[c], rule, CLT_RETENTION_REASON_CONSENT, event_time);
                }
              continue;
            }

          for (guint c = 0; c < N_DATED; c++)
            if (rule->categories & (1u << c))
              anchor = later (anchor, last[c]);
          /* A §7(3) basis without events of its own: from when the customer came. */
          if (anchor == NULL)
            anchor = first_seen ? first_seen : "";

          if (rule->cutoff == NULL || strcmp (anchor, rule->cutoff) >= 0)
            {
              verdict->kept = TRUE;
              for (guint c = 0; c < N_DATED; c++)
                if (rule->categories & (1u << c))
                  verdict->category_kept[c] = TRUE;
              continue;
            }

          period_end (anchor, rule->months, until);
          end (&verdict->ending, rule, CLT_RETENTION_REASON_PERIOD, until);
          for (guint c = 0; c < N_DATED; c++)
            if (rule->categories & (1u << c))
              end (&verdict->category_ending[c], rule, CLT_RETENTION_REASON_PERIOD, until);
        }
      else
        {
          const char *objected = NULL;

          if (rule->objectable)
            {
              objected = objected_since (holds, rule);
              if (g_strcmp0 (action, "withdrawn") == 0 || g_strcmp0 (action, "refused") == 0 ||
                  g_strcmp0 (action, "revoked") == 0)
                objected = later (objected, event_time);
            }

          for (guint c = 0; c < N_DATED; c++)
            {
              char start[24];
              char until[24];

              if (!(rule->categories & (1u << c)) || last[c] == NULL)
                continue;

              if (objected != NULL)
                {
                  end (&verdict->ending, rule, CLT_RETENTION_REASON_OBJECTION, objected);
                  end (&verdict->category_ending[c], rule, CLT_RETENTION_REASON_OBJECTION, objected);
                  continue;
                }

              if (rule->end_of_year)
                end_of_year (last[c], start);
              else
                g_strlcpy (start, last[c], sizeof start);

              if (rule->cutoff == NULL || strcmp (start, rule->cutoff) >= 0)
                {
                  verdict->kept = TRUE;
                  verdict->category_kept[c] = TRUE;
                  continue;
                }

              period_end (start, rule->months, until);
              end (&verdict->ending, rule, CLT_RETENTION_REASON_PERIOD, until);
              end (&verdict->category_ending[c], rule, CLT_RETENTION_REASON_PERIOD, until);
            }
        }
    }

  /* Art. 18: restricted, not deleted. */
  if (holds != NULL && holds->restriction)
    {
      verdict->kept = TRUE;
      for (guint c = 0; c < N_DATED; c++)
        verdict->category_kept[c] = TRUE;
    }
}

static gboolean
add_found (CltWorkspace  *workspace,
           sqlite3_stmt  *insert,
           gint64         profile_id,
           const char    *category,
           const Ending  *ending,
           const char    *otherwise_since,
           GError       **error)
{
  sqlite3_bind_int64 (insert, 1, profile_id);
  sqlite3_bind_text (insert, 2, category, -1, SQLITE_STATIC);
  if (ending->rule != NULL)
    {
      sqlite3_bind_text (insert, 3, ending->rule->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, reason_ids[ending->reason], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, ending->since, -1, SQLITE_STATIC);
    }
  else
    {
      sqlite3_bind_null (insert, 3);
      sqlite3_bind_text (insert, 4, reason_ids[CLT_RETENTION_REASON_NONE], -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, otherwise_since, -1, SQLITE_STATIC);
    }
  if (!_clt_workspace_step_done (workspace, insert, error))
    return FALSE;
  sqlite3_reset (insert);

  return TRUE;
}

/* Copies the consent rows of @profile_id from the consent stream into the rules' slots; the
 * stream is left on the first row of a later profile (or done). */
static void
read_consent (sqlite3_stmt *stream,
              int          *rc,
              gint64        profile_id,
              GPtrArray    *rules,
              Consent      *consent)
{
  memset (consent, 0, rules->len * sizeof (Consent));

  while (*rc == SQLITE_ROW && sqlite3_column_int64 (stream, 0) < profile_id)
    *rc = sqlite3_step (stream);
  while (*rc == SQLITE_ROW && sqlite3_column_int64 (stream, 0) == profile_id)
    {
      for (guint i = 0; i < rules->len; i++)
        {
          const Rule *rule = g_ptr_array_index (rules, i);

          if (g_strcmp0 (COL (stream, 1), rule->key) != 0 || g_strcmp0 (COL (stream, 2), rule->channel) != 0)
            continue;
          consent[i].present = TRUE;
          consent[i].usable = sqlite3_column_int (stream, 3) != 0;
          g_strlcpy (consent[i].action, COL (stream, 4) ? COL (stream, 4) : "", sizeof consent[i].action);
          g_strlcpy (consent[i].event_time, COL (stream, 5) ? COL (stream, 5) : "", sizeof consent[i].event_time);
          g_strlcpy (consent[i].last_used, COL (stream, 6) ? COL (stream, 6) : "", sizeof consent[i].last_used);
        }
      *rc = sqlite3_step (stream);
    }
}

/*
 * compute_due:
 * @now: the instant the periods count back from
 *
 * Fills temp.retention_found with what retention makes due now: (profile_id, category,
 * purpose, reason, since). Call it inside a transaction.
 */
static gboolean
compute_due (CltConsentLedger  *self,
             GDateTime         *now,
             GError           **error)
{
  CltWorkspace *workspace = _clt_consent_ledger_get_db_workspace (self);
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GHashTable) holds = NULL;
  g_autoptr(sqlite3_stmt) profiles = NULL;
  g_autoptr(sqlite3_stmt) activity = NULL;
  g_autoptr(sqlite3_stmt) consents = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *sql = dated_sql ();
  g_autofree Consent *consent = NULL;
  gint64 started = g_get_monotonic_time ();
  int rc, activity_rc, consent_rc;

  if (!_clt_workspace_exec (workspace,
          "CREATE TEMP TABLE IF NOT EXISTS retention_found (profile_id INTEGER NOT NULL, category TEXT NOT NULL, "
          "  purpose TEXT, reason TEXT NOT NULL, since TEXT, PRIMARY KEY (profile_id, category)); "
          "DELETE FROM temp.retention_found", error) ||
      !(rules = load_rules (self, now, error)) ||
      !(holds = load_holds (workspace, error)) ||
      !(profiles = _clt_workspace_prepare (workspace, PROFILES_SQL, error)) ||
      !(activity = _clt_workspace_prepare (workspace, sql, error)) ||
      !(consents = _clt_workspace_prepare (workspace, CONSENT_SQL, error)) ||
      !(insert = _clt_workspace_prepare (workspace,
          "INSERT INTO temp.retention_found (profile_id, category, purpose, reason, since) VALUES (?1, ?2, ?3, ?4, ?5)",
          error)))
    return FALSE;

  consent = g_new0 (Consent, MAX (rules->len, 1));
  activity_rc = sqlite3_step (activity);
  consent_rc = sqlite3_step (consents);

  while ((rc = sqlite3_step (profiles)) == SQLITE_ROW)
    {
      gint64 profile_id = sqlite3_column_int64 (profiles, 0);
      Facts facts = { COL (profiles, 1), { NULL }, consent };
      Verdict verdict;

      while (activity_rc == SQLITE_ROW && sqlite3_column_int64 (activity, 0) < profile_id)
        activity_rc = sqlite3_step (activity);
      if (activity_rc == SQLITE_ROW && sqlite3_column_int64 (activity, 0) == profile_id)
        for (guint c = 0; c < N_DATED; c++)
          facts.last[c] = COL (activity, 1 + c);
      read_consent (consents, &consent_rc, profile_id, rules, consent);

      judge (&facts, rules, g_hash_table_lookup (holds, &profile_id), &verdict);

      if (!verdict.kept)
        {
          if (!add_found (workspace, insert, profile_id, "profile", &verdict.ending, facts.first_seen, error))
            return FALSE;
          continue;
        }

      for (guint c = 0; c < N_DATED; c++)
        if (facts.last[c] != NULL && !verdict.category_kept[c] &&
            !add_found (workspace, insert, profile_id, dated[c].category, &verdict.category_ending[c], facts.last[c],
                        error))
          return FALSE;
    }
  if (rc != SQLITE_DONE || (activity_rc != SQLITE_ROW && activity_rc != SQLITE_DONE) ||
      (consent_rc != SQLITE_ROW && consent_rc != SQLITE_DONE))
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the customers for retention"));
      return FALSE;
    }

  g_debug ("retention: %.1f ms", (g_get_monotonic_time () - started) / 1000.0);

  return TRUE;
}

/* ---- the list of deletions due ---- */

/**
 * clt_consent_ledger_find_due:
 * @now: (nullable): the instant periods count back from; %NULL for now
 *
 * Brings the list of deletions due up to date with the purposes' retention rules: adds what
 * became due, drops what is no longer due (the customer bought again, consented again, or
 * was restricted), and keeps the approval of what stays due.
 *
 * Returns: how many entries were added, or -1 with @error set
 */
gint64
clt_consent_ledger_find_due (CltConsentLedger  *self,
                             GDateTime         *now,
                             GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;
  g_autofree char *found_at = NULL;
  gint64 added;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), -1);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  found_at = format_instant (current);

  /* Worked out in a read transaction (the temporary table is the connection's own), so that
   * writers wait only for the short update of the list. */
  if (!_clt_workspace_exec (workspace, "BEGIN", error))
    return -1;
  if (!compute_due (self, current, error) || !_clt_workspace_exec (workspace, "COMMIT", error))
    goto fail;

  if (!_clt_workspace_begin (workspace, error))
    return -1;
  if (!_clt_workspace_exec (workspace,
          "DELETE FROM retention_due WHERE NOT EXISTS (SELECT 1 FROM temp.retention_found f "
          "  WHERE f.profile_id = retention_due.profile_id AND f.category = retention_due.category); "
          "UPDATE retention_due SET purpose = f.purpose, reason = f.reason, since = f.since "
          "  FROM temp.retention_found f "
          "  WHERE f.profile_id = retention_due.profile_id AND f.category = retention_due.category",
          error) ||
      !(add = _clt_workspace_prepare (workspace,
          "INSERT INTO retention_due (profile_id, category, purpose, reason, since, found_at) "
          "SELECT f.profile_id, f.category, f.purpose, f.reason, f.since, ?1 FROM temp.retention_found f "
          "WHERE NOT EXISTS (SELECT 1 FROM retention_due d WHERE d.profile_id = f.profile_id AND d.category = f.category)",
          error)))
    goto fail;
  sqlite3_bind_text (add, 1, found_at, -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (workspace, add, error))
    goto fail;
  added = sqlite3_changes (_clt_workspace_get_db (workspace));
  if (!_clt_workspace_exec (workspace, "DELETE FROM temp.retention_found", error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  return added;

fail:
  _clt_workspace_rollback (workspace);
  return -1;
}

/* The customer's name as lists show it, over p (profiles). */
#define DUE_NAME \
  "coalesce (p.display_name, nullif (trim (coalesce (p.first_name, '') || ' ' || coalesce (p.last_name, '')), ''), p.email)"

static GPtrArray *
read_due (CltConsentLedger  *self,
          sqlite3_stmt      *stmt,
          GError           **error)
{
  CltWorkspace *workspace = _clt_consent_ledger_get_db_workspace (self);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_retention_due_free);
  g_autoptr(GListModel) purposes = clt_consent_ledger_list_purposes (self, error);
  int rc;

  if (purposes == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltRetentionDue *due = g_new0 (CltRetentionDue, 1);

      due->profile_id = sqlite3_column_int64 (stmt, 0);
      due->category = g_strdup (COL (stmt, 1));
      due->purpose = g_strdup (COL (stmt, 2));
      due->reason = reason_from_id (COL (stmt, 3));
      due->since = g_strdup (COL (stmt, 4));
      due->approved_at = g_strdup (COL (stmt, 5));
      due->approved_by = g_strdup (COL (stmt, 6));
      due->name = g_strdup (COL (stmt, 7));
      for (guint i = 0; due->purpose && i < g_list_model_get_n_items (purposes); i++)
        {
          g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);

          if (g_str_equal (clt_purpose_get_key (purpose), due->purpose))
            due->purpose_label = g_strdup (clt_purpose_get_display_label (purpose));
        }
      g_ptr_array_add (entries, due);
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the retention list"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/**
 * clt_consent_ledger_list_due:
 * @limit: at most this many
 *
 * The list as clt_consent_ledger_find_due() last brought it up to date.
 *
 * Returns: (transfer full) (element-type CltRetentionDue): by customer, then category, or
 *   %NULL with @error set
 */
GPtrArray *
clt_consent_ledger_list_due (CltConsentLedger  *self,
                             guint              limit,
                             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  if (!(stmt = _clt_workspace_prepare (_clt_consent_ledger_get_db_workspace (self),
          "SELECT d.profile_id, d.category, d.purpose, d.reason, d.since, d.approved_at, d.approved_by, " DUE_NAME " "
          "FROM retention_due d LEFT JOIN profiles p ON p.id = d.profile_id "
          "ORDER BY d.profile_id, d.category = 'profile' DESC, d.category LIMIT ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  return read_due (self, stmt, error);
}

/**
 * clt_consent_ledger_preview_due:
 * @now: (nullable): the instant periods count back from; %NULL for now
 *
 * What retention makes due at @now, worked out without changing anything (a dry run); an
 * entry the stored list holds approved is marked approved.
 *
 * Returns: (transfer full) (element-type CltRetentionDue): by customer, then category, or
 *   %NULL with @error set
 */
GPtrArray *
clt_consent_ledger_preview_due (CltConsentLedger  *self,
                                GDateTime         *now,
                                GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *entries = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  if (!_clt_workspace_exec (workspace, "BEGIN", error))
    return NULL;
  if (compute_due (self, current, error) &&
      (stmt = _clt_workspace_prepare (workspace,
          "SELECT f.profile_id, f.category, f.purpose, f.reason, f.since, d.approved_at, d.approved_by, " DUE_NAME " "
          "FROM temp.retention_found f LEFT JOIN retention_due d ON d.profile_id = f.profile_id "
          "  AND d.category = f.category LEFT JOIN profiles p ON p.id = f.profile_id "
          "ORDER BY f.profile_id, f.category = 'profile' DESC, f.category", error)))
    entries = read_due (self, stmt, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  _clt_workspace_rollback (workspace);

  return entries;
}

/**
 * clt_consent_ledger_approve_due:
 *
 * Approves every deletion awaiting approval, under the workspace's actor.
 *
 * Returns: how many were approved, or -1 with @error set
 */
gint64
clt_consent_ledger_approve_due (CltConsentLedger  *self,
                                GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *detail = NULL;
  gint64 n;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), -1);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!_clt_workspace_begin (workspace, error))
    return -1;
  if (!(stmt = _clt_workspace_prepare (workspace,
          "UPDATE retention_due SET approved_at = ?1, approved_by = ?2 WHERE approved_at IS NULL", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clt_workspace_get_actor (workspace), -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (workspace, stmt, error))
    goto fail;
  n = sqlite3_changes (_clt_workspace_get_db (workspace));

  detail = g_strdup_printf ("{\"approved\":%" G_GINT64_FORMAT "}", n);
  if (!clt_workspace_audit (workspace, NULL, "approve-retention", NULL, 0, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  return n;

fail:
  _clt_workspace_rollback (workspace);
  return -1;
}

/**
 * clt_consent_ledger_count_due:
 * @n_pending: (out) (optional): deletions awaiting approval
 * @n_approved: (out) (optional): approved deletions a purge will run
 */
gboolean
clt_consent_ledger_count_due (CltConsentLedger  *self,
                              gint64            *n_pending,
                              gint64            *n_approved,
                              GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT count (*) FILTER (WHERE approved_at IS NULL), count (*) FILTER (WHERE approved_at IS NOT NULL) "
          "FROM retention_due", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the retention list"));
      return FALSE;
    }
  if (n_pending)
    *n_pending = sqlite3_column_int64 (stmt, 0);
  if (n_approved)
    *n_approved = sqlite3_column_int64 (stmt, 1);

  return TRUE;
}

/* ---- the purge ---- */

static gboolean
remove_category (CltWorkspace  *workspace,
                 gint64         profile_id,
                 const char    *category,
                 gint64        *n_events,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *detail = NULL;
  const char *kinds = dated_kinds (category);
  gint64 n;

  if (kinds == NULL)
    return TRUE;

  sql = g_strdup_printf ("DELETE FROM events WHERE profile_id = ?1 AND kind IN %s", kinds);
  if (!(stmt = _clt_workspace_prepare (workspace, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  if (!_clt_workspace_step_done (workspace, stmt, error))
    return FALSE;
  n = sqlite3_changes (_clt_workspace_get_db (workspace));
  *n_events += n;

  detail = g_strdup_printf ("{\"category\":\"%s\",\"events\":%" G_GINT64_FORMAT "}", category, n);

  return clt_workspace_audit (workspace, NULL, "retention-remove", "profile", profile_id, detail, error);
}

/**
 * clt_consent_ledger_purge:
 * @dry_run: count what would be deleted, and change nothing
 *
 * Runs the approved deletions that are still due (worked out anew now) in one transaction:
 * customers are erased, without going on the suppression list; a category is removed from a
 * customer by deleting its dated data. The audit log records each, and the purge, without
 * personal data. Then leaves nothing of them in the file.
 *
 * Returns: how many deletions ran (or would run), or -1 with @error set
 */
gint64
clt_consent_ledger_purge (CltConsentLedger  *self,
                          gboolean           dry_run,
                          GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(sqlite3_stmt) due = NULL;
  g_autoptr(GArray) profiles = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detail = NULL;
  gint64 n_events = 0;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), -1);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!_clt_workspace_begin (workspace, error))
    return -1;
  if (!compute_due (self, now, error) ||
      !(due = _clt_workspace_prepare (workspace,
          "SELECT d.profile_id, d.category FROM retention_due d JOIN temp.retention_found f "
          "  ON f.profile_id = d.profile_id AND f.category = d.category "
          "WHERE d.approved_at IS NOT NULL ORDER BY d.profile_id, d.category", error)))
    goto fail;
  while (sqlite3_step (due) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (due, 0);

      if (g_strcmp0 (COL (due, 1), "profile") == 0)
        g_array_append_val (profiles, id);
      else
        {
          g_array_append_val (owners, id);
          g_ptr_array_add (categories, g_strdup (COL (due, 1)));
        }
    }
  g_clear_pointer (&due, sqlite3_finalize);

  /* A dry run, or nothing to run: nothing changes, nothing is recorded. */
  if (dry_run || profiles->len + owners->len == 0)
    {
      _clt_workspace_rollback (workspace);
      return profiles->len + owners->len;
    }

  for (guint i = 0; i < owners->len; i++)
    if (!remove_category (workspace, g_array_index (owners, gint64, i), g_ptr_array_index (categories, i), &n_events,
                          error))
      goto fail;
  for (guint i = 0; i < profiles->len; i++)
    if (!_clt_consent_erase_in_transaction (self, g_array_index (profiles, gint64, i), FALSE, "retention-erase", error))
      goto fail;

  /* Approved entries no longer due are dropped with those run: a new approval is needed. */
  detail = g_strdup_printf ("{\"profiles\":%u,\"categories\":%u,\"events\":%" G_GINT64_FORMAT "}", profiles->len,
                            owners->len, n_events);
  if (!_clt_workspace_exec (workspace, "DELETE FROM retention_due WHERE approved_at IS NOT NULL; "
                                       "DELETE FROM temp.retention_found", error) ||
      !clt_workspace_audit (workspace, NULL, "retention-purge", NULL, 0, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  if (!_clt_consent_scrub (self, error))
    return -1;

  return profiles->len + owners->len;

fail:
  _clt_workspace_rollback (workspace);
  return -1;
}
