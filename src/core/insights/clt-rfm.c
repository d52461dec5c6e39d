/* clt-rfm.c: recency, frequency and monetary value of every customer, scored and grouped
 *
 * A customer is a profile with purchase events (CLT_INSIGHTS_PURCHASE_KINDS). For each:
 *   recency_days   whole days from the day of the last purchase to the day of "now" (UTC)
 *   frequency      the days with a purchase: several purchases on one day count once
 *   monetary_cents the amounts of all purchases (in whatever currency they were recorded)
 *
 * Scores (1 to 5) are quintiles of the percentile rank among the n customers: with b
 * customers below a value and e at it, its score is 1 + floor (5 (b + e / 2) / n); for
 * recency "below" is "longer ago", so that the most recent score highest. Equal values thus
 * always get the same score, that of the middle of the ranks they span (everyone alike: 3).
 *
 * The named group comes from R and FM = round ((F + M) / 2), halves up, by this map (the
 * usual RFM segment grid):
 *
 *   R \ FM   1                2                  3                  4           5
 *   5        new              potential_loyalist potential_loyalist champions   champions
 *   4        promising        potential_loyalist potential_loyalist loyal       loyal
 *   3        about_to_sleep   about_to_sleep     need_attention     loyal       loyal
 *   2        hibernating      hibernating        at_risk            at_risk     cannot_lose
 *   1        lost             hibernating        at_risk            at_risk     cannot_lose
 *
 * Events are never loaded as objects: the index events_kind_time is read for each kind in
 * time order, the kinds merged by day, into arrays indexed by profile id; in that order a
 * purchase on a new day is one whose day differs from the profile's last.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-rfm"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdlib.h>
#include <string.h>

#include "clt-insights-private.h"
#include "clt-workspace-private.h"

/* The progress between checks for cancellation, in rows. */
#define CHECK_EVERY 65536

static const char * const group_ids[] = {
  "champions", "loyal", "potential_loyalist", "new", "promising", "need_attention", "about_to_sleep",
  "at_risk", "cannot_lose", "hibernating", "lost", NULL
};

static const char * const group_labels[] = {
  N_("Champions"), N_("Loyal"), N_("Potential loyalists"), N_("New customers"), N_("Promising"),
  N_("Need attention"), N_("About to sleep"), N_("At risk"), N_("Cannot lose them"), N_("Hibernating"),
  N_("Lost"),
};

enum { CHAMPIONS, LOYAL, POTENTIAL, NEW, PROMISING, NEED_ATTENTION, ABOUT_TO_SLEEP, AT_RISK, CANNOT_LOSE,
       HIBERNATING, LOST, N_GROUPS };

/* [R - 1][FM - 1]: the grid above. */
static const guint8 group_map[5][5] = {
  { LOST, HIBERNATING, AT_RISK, AT_RISK, CANNOT_LOSE },
  { HIBERNATING, HIBERNATING, AT_RISK, AT_RISK, CANNOT_LOSE },
  { ABOUT_TO_SLEEP, ABOUT_TO_SLEEP, NEED_ATTENTION, LOYAL, LOYAL },
  { PROMISING, POTENTIAL, POTENTIAL, LOYAL, LOYAL },
  { NEW, POTENTIAL, POTENTIAL, CHAMPIONS, CHAMPIONS },
};

/**
 * clt_insights_list_rfm_groups:
 *
 * Returns: (transfer none): the keys of the RFM groups, best first
 */
const char * const *
clt_insights_list_rfm_groups (void)
{
  return group_ids;
}

/**
 * clt_insights_rfm_group_get_label:
 *
 * Returns: (transfer none): the translated name of an RFM group, or @group when unknown
 */
const char *
clt_insights_rfm_group_get_label (const char *group)
{
  g_return_val_if_fail (group != NULL, NULL);

  for (guint i = 0; i < N_GROUPS; i++)
    if (g_str_equal (group_ids[i], group))
      return _(group_labels[i]);

  return group;
}

/* Days since 0000-03-01 of an ISO date's first ten characters; -1 when it is none. */
static gint32
day_number (const char *iso)
{
  int y, m, d, era, yoe, doy, doe;

  if (iso == NULL || !g_ascii_isdigit (iso[0]) || !g_ascii_isdigit (iso[3]) || iso[4] != '-' || iso[7] != '-' ||
      !g_ascii_isdigit (iso[5]) || !g_ascii_isdigit (iso[6]) || !g_ascii_isdigit (iso[8]) || !g_ascii_isdigit (iso[9]))
    return -1;

  y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
  m = (iso[5] - '0') * 10 + (iso[6] - '0');
  d = (iso[8] - '0') * 10 + (iso[9] - '0');
  if (m < 1 || m > 12 || d < 1 || d > 31)
    return -1;

  /* Howard Hinnant's days_from_civil, shifted to start at year 0. */
  y -= m <= 2;
  era = y / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe;
}

static int
compare_int64 (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The first position in @sorted (ascending, @n long) not below @value. */
static gsize
lower_bound (const gint64 *sorted,
             gsize         n,
             gint64        value)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (sorted[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The quintile of @value's percentile rank among @sorted: equal values share the middle of
 * their ranks. With @descending the smallest values score highest. */
static int
quintile (const gint64 *sorted,
          gsize         n,
          gint64        value,
          gboolean      descending)
{
  gsize below = lower_bound (sorted, n, value);
  gsize up_to = lower_bound (sorted, n, value + 1);
  gsize before = descending ? n - up_to : below;
  double rank = before + (double) (up_to - below) / 2;
  int score = 1 + (int) (5 * rank / n);

  return MIN (score, 5);
}

/* What the scan gathers, indexed by profile id. */
typedef struct
{
  gint64   n_ids;
  gint32  *last_day;    /* 0: no purchase */
  gint32  *frequency;
  gint64  *monetary;
  gint64   purchases;
} Scan;

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->last_day, g_free);
  g_clear_pointer (&scan->frequency, g_free);
  g_clear_pointer (&scan->monetary, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scan, scan_clear)

/* Steps @stmt to its next purchase; FALSE at the end or on an error (@rc says which). */
static gboolean
next_row (sqlite3_stmt *stmt,
          int          *rc)
{
  *rc = sqlite3_step (stmt);

  return *rc == SQLITE_ROW;
}

/* Reads all purchases in one read transaction, with the commit count it saw: each kind from
 * the index (kind, occurred_at, profile_id, amount_cents) in time order, merged by day. */
static gboolean
scan_purchases (CltWorkspace             *workspace,
                Scan                     *scan,
                gint64                   *data_seen,
                GCancellable             *cancellable,
                CltInsightsProgressFunc   progress,
                gpointer                  data,
                GError                  **error)
{
  static const char * const kinds[] = { "purchase", "loyalty_receipt" };
  g_autoptr(sqlite3_stmt) a = NULL;
  g_autoptr(sqlite3_stmt) b = NULL;
  sqlite3_stmt *stmts[2];
  gboolean more[2] = { FALSE, FALSE };
  int rc[2] = { SQLITE_DONE, SQLITE_DONE };
  gint64 total;
  gboolean ok = TRUE;

  if (!_clt_workspace_exec (workspace, "BEGIN", error))
    return FALSE;

  *data_seen = _clt_workspace_get_data_changes (workspace);
  scan->n_ids = _clt_insights_query_int (workspace, "SELECT coalesce (max (id), 0) + 1 FROM profiles");
  total = _clt_insights_query_int (workspace, "SELECT count (*) FROM events WHERE kind IN " CLT_INSIGHTS_PURCHASE_KINDS);
  scan->last_day = g_new0 (gint32, scan->n_ids);
  scan->frequency = g_new0 (gint32, scan->n_ids);
  scan->monetary = g_new0 (gint64, scan->n_ids);

  stmts[0] = a = _clt_workspace_prepare (workspace,
    "SELECT profile_id, occurred_at, amount_cents FROM events INDEXED BY events_kind_time "
    "WHERE kind = ?1 AND profile_id IS NOT NULL ORDER BY occurred_at", error);
  stmts[1] = b = a ? _clt_workspace_prepare (workspace, sqlite3_sql (a), error) : NULL;
  if (b == NULL)
    ok = FALSE;

  for (guint k = 0; ok && k < 2; k++)
    {
      sqlite3_bind_text (stmts[k], 1, kinds[k], -1, SQLITE_STATIC);
      more[k] = next_row (stmts[k], &rc[k]);
    }

  while (ok && (more[0] || more[1]))
    {
      /* The kind whose next purchase is on the earlier day. */
      guint k = !more[0] || (more[1] && strncmp ((const char *) sqlite3_column_text (stmts[1], 1),
                                                 (const char *) sqlite3_column_text (stmts[0], 1), 10) < 0);
      sqlite3_stmt *stmt = stmts[k];
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint32 day = day_number ((const char *) sqlite3_column_text (stmt, 1));

      if (++scan->purchases % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            ok = FALSE;
          else if (progress)
            progress (0.5 * MIN (1.0, (double) scan->purchases / MAX (total, 1)), data);
        }

      if (id > 0 && id < scan->n_ids && day >= 0)
        {
          scan->monetary[id] += sqlite3_column_int64 (stmt, 2);
          if (scan->frequency[id] == 0 || scan->last_day[id] != day)
            scan->frequency[id]++;
          scan->last_day[id] = day;
        }

      more[k] = next_row (stmt, &rc[k]);
    }

  if (ok && (rc[0] != SQLITE_DONE || rc[1] != SQLITE_DONE))
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the purchases"));
      ok = FALSE;
    }

  g_clear_pointer (&a, sqlite3_finalize);
  g_clear_pointer (&b, sqlite3_finalize);
  _clt_workspace_exec (workspace, "COMMIT", NULL);

  return ok;
}

/* One customer's figures and scores. */
typedef struct
{
  gint64 id;
  gint64 recency;
  gint64 frequency;
  gint64 monetary;
  int    r, f, m;
  int    group;
} Customer;

static void
add_edges (JsonBuilder    *builder,
           const char     *name,
           const Customer *customers,
           gsize           n,
           gsize           value_offset,
           gsize           score_offset)
{
  gint64 lo[5], hi[5];
  gboolean seen[5] = { FALSE };

  for (gsize i = 0; i < n; i++)
    {
      gint64 value = G_STRUCT_MEMBER (gint64, &customers[i], value_offset);
      int s = G_STRUCT_MEMBER (int, &customers[i], score_offset) - 1;

      lo[s] = seen[s] ? MIN (lo[s], value) : value;
      hi[s] = seen[s] ? MAX (hi[s], value) : value;
      seen[s] = TRUE;
    }

  /* For each score 1 to 5: [lowest, highest] value that got it, or null. */
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (int s = 0; s < 5; s++)
    {
      if (!seen[s])
        {
          json_builder_add_null_value (builder);
          continue;
        }
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, lo[s]);
      json_builder_add_int_value (builder, hi[s]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

static JsonNode *
build_result (const Customer *customers,
              gsize           n,
              GDateTime      *today)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *as_of = g_date_time_format (today, "%Y-%m-%d");
  gint64 sizes[N_GROUPS] = { 0 };

  for (gsize i = 0; i < n; i++)
    sizes[customers[i].group]++;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "as_of");
  json_builder_add_string_value (builder, as_of);
  json_builder_set_member_name (builder, "customers");
  json_builder_add_int_value (builder, n);
  json_builder_set_member_name (builder, "quintile_edges");
  json_builder_begin_object (builder);
  add_edges (builder, "recency_days", customers, n, G_STRUCT_OFFSET (Customer, recency), G_STRUCT_OFFSET (Customer, r));
  add_edges (builder, "frequency", customers, n, G_STRUCT_OFFSET (Customer, frequency), G_STRUCT_OFFSET (Customer, f));
  add_edges (builder, "monetary_cents", customers, n, G_STRUCT_OFFSET (Customer, monetary), G_STRUCT_OFFSET (Customer, m));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_object (builder);
  for (guint g = 0; g < N_GROUPS; g++)
    {
      json_builder_set_member_name (builder, group_ids[g]);
      json_builder_add_int_value (builder, sizes[g]);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Scores every customer and gives them a group. */
static void
score_customers (Customer *customers,
                 gsize     n)
{
  g_autofree gint64 *r = g_new (gint64, MAX (n, 1));
  g_autofree gint64 *f = g_new (gint64, MAX (n, 1));
  g_autofree gint64 *m = g_new (gint64, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      r[i] = customers[i].recency;
      f[i] = customers[i].frequency;
      m[i] = customers[i].monetary;
    }
  qsort (r, n, sizeof (gint64), compare_int64);
  qsort (f, n, sizeof (gint64), compare_int64);
  qsort (m, n, sizeof (gint64), compare_int64);

  for (gsize i = 0; i < n; i++)
    {
      Customer *c = &customers[i];
      int fm;

      c->r = quintile (r, n, c->recency, TRUE);
      c->f = quintile (f, n, c->frequency, FALSE);
      c->m = quintile (m, n, c->monetary, FALSE);
      fm = (c->f + c->m + 1) / 2;
      c->group = group_map[c->r - 1][fm - 1];
    }
}

static int
compare_customer_id (const void *key,
                     const void *element)
{
  gint64 id = *(const gint64 *) key;
  gint64 other = ((const Customer *) element)->id;

  return id < other ? -1 : id > other;
}

/* Writes every customer's row, then clears the RFM of the rows of profiles that are no
 * customers (any more). @customers are in id order. */
static gboolean
store (CltWorkspace             *workspace,
       const Customer           *customers,
       gsize                     n,
       gint64                    data_seen,
       JsonNode                 *result,
       GCancellable             *cancellable,
       CltInsightsProgressFunc   progress,
       gpointer                  data,
       GError                  **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) stale = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  int rc;

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;

  if (!(upsert = _clt_workspace_prepare (workspace,
        "INSERT INTO profile_insights (profile_id, recency_days, frequency, monetary_cents, r_score, f_score, "
        "  m_score, rfm_group) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (profile_id) DO UPDATE SET recency_days = excluded.recency_days, "
        "  frequency = excluded.frequency, monetary_cents = excluded.monetary_cents, r_score = excluded.r_score, "
        "  f_score = excluded.f_score, m_score = excluded.m_score, rfm_group = excluded.rfm_group "
        /* A row as it was is not written again. */
        "WHERE (recency_days, frequency, monetary_cents, r_score, f_score, m_score, rfm_group) IS NOT "
        "  (excluded.recency_days, excluded.frequency, excluded.monetary_cents, excluded.r_score, excluded.f_score, "
        "   excluded.m_score, excluded.rfm_group)", error)) ||
      !(stale = _clt_workspace_prepare (workspace,
        "SELECT profile_id FROM profile_insights WHERE recency_days IS NOT NULL OR rfm_group IS NOT NULL", error)) ||
      !(clear = _clt_workspace_prepare (workspace,
        "UPDATE profile_insights SET recency_days = NULL, frequency = NULL, monetary_cents = NULL, r_score = NULL, "
        "  f_score = NULL, m_score = NULL, rfm_group = NULL WHERE profile_id = ?1", error)))
    goto fail;

  /* The rows to clear, read before any is written. */
  {
    g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));

    while ((rc = sqlite3_step (stale)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stale, 0);

        if (bsearch (&id, customers, n, sizeof (Customer), compare_customer_id) == NULL)
          g_array_append_val (gone, id);
      }
    if (rc != SQLITE_DONE)
      {
        _clt_workspace_set_error (workspace, error, _("Could not read the purchases"));
        goto fail;
      }

    for (guint i = 0; i < gone->len; i++)
      {
        sqlite3_bind_int64 (clear, 1, g_array_index (gone, gint64, i));
        if (!_clt_workspace_step_done (workspace, clear, error))
          goto fail;
        sqlite3_reset (clear);
      }
  }

  for (gsize i = 0; i < n; i++)
    {
      const Customer *c = &customers[i];

      if (i % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto fail;
          if (progress)
            progress (0.6 + 0.4 * i / n, data);
        }

      sqlite3_bind_int64 (upsert, 1, c->id);
      sqlite3_bind_int64 (upsert, 2, c->recency);
      sqlite3_bind_int64 (upsert, 3, c->frequency);
      sqlite3_bind_int64 (upsert, 4, c->monetary);
      sqlite3_bind_int (upsert, 5, c->r);
      sqlite3_bind_int (upsert, 6, c->f);
      sqlite3_bind_int (upsert, 7, c->m);
      sqlite3_bind_text (upsert, 8, group_ids[c->group], -1, SQLITE_STATIC);
      if (!_clt_workspace_step_done (workspace, upsert, error))
        goto fail;
      sqlite3_reset (upsert);
    }

  if (!_clt_insights_add_run (workspace, "rfm", data_seen, result, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  return TRUE;

fail:
  _clt_workspace_rollback (workspace);
  return FALSE;
}

/**
 * _clt_insights_rfm_compute:
 * @now: the day recency counts to (UTC)
 *
 * Computes the RFM figures, scores and groups of every customer and stores them in
 * profile_insights (the RFM columns only; NULL for profiles without purchases), with a run
 * of the model 'rfm', in one write transaction.
 */
gboolean
_clt_insights_rfm_compute (CltWorkspace             *workspace,
                           GDateTime                *now,
                           GCancellable             *cancellable,
                           CltInsightsProgressFunc   progress,
                           gpointer                  data,
                           GError                  **error)
{
  g_auto(Scan) scan = { 0 };
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autofree char *today_text = g_date_time_format (utc, "%Y-%m-%d");
  gint32 today = day_number (today_text);
  g_autoptr(GArray) customers = g_array_new (FALSE, FALSE, sizeof (Customer));
  g_autoptr(JsonNode) result = NULL;
  gint64 data_seen = 0;
  gint64 started = g_get_monotonic_time ();

  if (!scan_purchases (workspace, &scan, &data_seen, cancellable, progress, data, error))
    return FALSE;
  g_debug ("RFM: %" G_GINT64_FORMAT " purchases read in %.2f s", scan.purchases,
           (g_get_monotonic_time () - started) / 1e6);

  for (gint64 id = 1; id < scan.n_ids; id++)
    if (scan.frequency[id] > 0)
      {
        Customer c = { id, MAX (0, today - scan.last_day[id]), scan.frequency[id], scan.monetary[id], 0, 0, 0, 0 };

        g_array_append_val (customers, c);
      }
  scan_clear (&scan);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  score_customers ((Customer *) customers->data, customers->len);
  if (progress)
    progress (0.6, data);

  result = build_result ((const Customer *) customers->data, customers->len, utc);
  g_debug ("RFM: %u customers scored after %.2f s", customers->len, (g_get_monotonic_time () - started) / 1e6);

  return store (workspace, (const Customer *) customers->data, customers->len, data_seen, result, cancellable,
                progress, data, error);
}
