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
 * Events are never loaded as objects: the index events_kind_time is read kind by kind into
 * arrays indexed by profile id, and (profile, day) keys sorted to count the days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-rfm"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdlib.h>

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
compare_keys (const void *a,
              const void *b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
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
  GArray  *keys;        /* guint64: profile id << 24 | day */
} Scan;

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->last_day, g_free);
  g_clear_pointer (&scan->frequency, g_free);
  g_clear_pointer (&scan->monetary, g_free);
  g_clear_pointer (&scan->keys, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scan, scan_clear)

/* Reads the purchases of one kind from the index (kind, occurred_at, profile_id, amount_cents). */
static gboolean
scan_kind (CltWorkspace             *workspace,
           Scan                     *scan,
           const char               *kind,
           GCancellable             *cancellable,
           CltInsightsProgressFunc   progress,
           gpointer                  data,
           double                    from,
           double                    to,
           gint64                    total,
           gint64                   *done,
           GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "SELECT profile_id, occurred_at, amount_cents FROM events INDEXED BY events_kind_time "
    "WHERE kind = ?1 AND profile_id IS NOT NULL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint32 day = day_number ((const char *) sqlite3_column_text (stmt, 1));
      guint64 key;

      if (++*done % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress)
            progress (from + (to - from) * MIN (1.0, (double) *done / MAX (total, 1)), data);
        }
      if (id <= 0 || id >= scan->n_ids || day < 0)
        continue;

      scan->monetary[id] += sqlite3_column_int64 (stmt, 2);
      scan->last_day[id] = MAX (scan->last_day[id], day);
      key = (guint64) id << 24 | (guint64) day;
      g_array_append_val (scan->keys, key);
    }

  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the purchases"));
      return FALSE;
    }

  return TRUE;
}

static gint64
query_int (CltWorkspace *workspace,
           const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  return stmt && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* Reads all purchases in one read transaction, with the commit count it saw. */
static gboolean
scan_purchases (CltWorkspace             *workspace,
                Scan                     *scan,
                gint64                   *commit_seen,
                GCancellable             *cancellable,
                CltInsightsProgressFunc   progress,
                gpointer                  data,
                GError                  **error)
{
  static const char * const kinds[] = { "purchase", "loyalty_receipt" };
  gint64 total, done = 0;
  gboolean ok = TRUE;

  if (!_clt_workspace_exec (workspace, "BEGIN", error))
    return FALSE;

  *commit_seen = _clt_insights_read_commits (workspace);
  scan->n_ids = query_int (workspace, "SELECT coalesce (max (id), 0) + 1 FROM profiles");
  total = query_int (workspace, "SELECT count (*) FROM events WHERE kind IN " CLT_INSIGHTS_PURCHASE_KINDS);
  scan->last_day = g_new0 (gint32, scan->n_ids);
  scan->frequency = g_new0 (gint32, scan->n_ids);
  scan->monetary = g_new0 (gint64, scan->n_ids);
  scan->keys = g_array_sized_new (FALSE, FALSE, sizeof (guint64), total);

  for (guint i = 0; ok && i < G_N_ELEMENTS (kinds); i++)
    ok = scan_kind (workspace, scan, kinds[i], cancellable, progress, data, 0, 0.5, total, &done, error);

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

static gboolean
store (CltWorkspace             *workspace,
       const Customer           *customers,
       gsize                     n,
       gint64                    commit_seen,
       JsonNode                 *result,
       GCancellable             *cancellable,
       CltInsightsProgressFunc   progress,
       gpointer                  data,
       GError                  **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;

  if (!_clt_workspace_exec (workspace,
        "UPDATE profile_insights SET recency_days = NULL, frequency = NULL, monetary_cents = NULL, r_score = NULL, "
        "  f_score = NULL, m_score = NULL, rfm_group = NULL WHERE recency_days IS NOT NULL OR rfm_group IS NOT NULL",
        error) ||
      !(upsert = _clt_workspace_prepare (workspace,
        "INSERT INTO profile_insights (profile_id, recency_days, frequency, monetary_cents, r_score, f_score, "
        "  m_score, rfm_group) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (profile_id) DO UPDATE SET recency_days = excluded.recency_days, "
        "  frequency = excluded.frequency, monetary_cents = excluded.monetary_cents, r_score = excluded.r_score, "
        "  f_score = excluded.f_score, m_score = excluded.m_score, rfm_group = excluded.rfm_group", error)))
    goto fail;

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

  if (!_clt_insights_add_run (workspace, "rfm", commit_seen, result, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_clt_workspace_exec (workspace, "COMMIT", error))
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
  gint64 commit_seen = 0;
  guint64 previous = G_MAXUINT64;

  if (!scan_purchases (workspace, &scan, &commit_seen, cancellable, progress, data, error))
    return FALSE;

  /* Distinct (profile, day) keys: each is a day with a purchase. */
  qsort (scan.keys->data, scan.keys->len, sizeof (guint64), compare_keys);
  for (guint i = 0; i < scan.keys->len; i++)
    {
      guint64 key = g_array_index (scan.keys, guint64, i);

      if (key != previous)
        scan.frequency[key >> 24]++;
      previous = key;
    }
  g_clear_pointer (&scan.keys, g_array_unref);

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

  return store (workspace, (const Customer *) customers->data, customers->len, commit_seen, result, cancellable,
                progress, data, error);
}
