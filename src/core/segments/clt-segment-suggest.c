/* clt-segment-suggest.c: values from the data, offered while a condition is typed
 *
 * Cities come from the browser's folded city index (the most common spelling of each), product
 * names from the items the purchases named, stores and campaigns from the latest 20,000 events
 * that can name them, sources by name. Each query is fixed text; the
 * prefix is bound. Most common first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-suggest"

#include "config.h"

#include "clt-browse-private.h"
#include "clt-segment-suggest.h"
#include "clt-workspace-private.h"

static const struct { const char *field; const char *sql; } queries[] = {
  /* ?1 the folded prefix, ?2 the prefix's end of range, ?3 the limit */
  { "city",
    "SELECT (SELECT p.city FROM profiles p WHERE p.id = g.profile_id) "
    "FROM (SELECT max (f.profile_id) AS profile_id, count (*) AS n, f.city_key AS city_key FROM profile_facts f "
    "      WHERE f.city_key >= ?1 AND f.city_key < ?2 GROUP BY f.city_key ORDER BY n DESC, f.city_key LIMIT ?3) g" },
  { "product",
    "SELECT n.name FROM event_item_names n WHERE n.name >= ?1 AND n.name < ?2 "
    "ORDER BY (SELECT count (*) FROM event_items i WHERE i.item_id = n.id) DESC, n.name LIMIT ?3" },
  /* Stores and campaigns are named in the events' details: the recent events of their kinds,
   * read newest first by the kind and time index, until enough names are found. */
  { "store",
    "SELECT v FROM (SELECT iif (json_valid (e.detail), e.detail ->> '$.store', NULL) AS v "
    "  FROM events e INDEXED BY events_kind_time "
    "  WHERE e.kind IN ('purchase', 'loyalty_receipt') ORDER BY e.kind, e.occurred_at DESC LIMIT 20000) "
    "WHERE v IS NOT NULL AND lower (v) >= ?1 AND lower (v) < ?2 GROUP BY v ORDER BY count (*) DESC, v LIMIT ?3" },
  { "campaign",
    "SELECT v FROM (SELECT iif (json_valid (e.detail), e.detail ->> '$.campaign', NULL) AS v "
    "  FROM events e INDEXED BY events_kind_time "
    "  WHERE e.kind IN ('newsletter_open', 'newsletter_click', 'unsubscribe') ORDER BY e.kind, e.occurred_at DESC "
    "  LIMIT 20000) "
    "WHERE v IS NOT NULL AND lower (v) >= ?1 AND lower (v) < ?2 GROUP BY v ORDER BY count (*) DESC, v LIMIT ?3" },
  { "source",
    "SELECT s.name FROM sources s WHERE lower (s.name) >= ?1 AND lower (s.name) < ?2 ORDER BY s.name LIMIT ?3" },
};

/**
 * clt_segment_suggest_offers:
 *
 * Returns: whether clt_segment_suggest() knows values of @field
 */
gboolean
clt_segment_suggest_offers (const char *field)
{
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (queries); i++)
    if (g_str_equal (queries[i].field, field))
      return TRUE;

  return FALSE;
}

static int
cancelled_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

/**
 * clt_segment_suggest:
 * @field: "city", "product", "store", "campaign" or "source"
 * @prefix: what was typed so far
 *
 * Reads the values of @field that start with @prefix, ignoring case and accents for cities.
 * Call it in a worker with a workspace of its own; @cancellable interrupts the query.
 *
 * Returns: (transfer full): up to @limit values, or %NULL with @error set
 */
char **
clt_segment_suggest (CltWorkspace  *workspace,
                     const char    *field,
                     const char    *prefix,
                     guint          limit,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *end = NULL;
  const char *sql = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (clt_segment_suggest_offers (field), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    if (g_str_equal (queries[i].field, field))
      sql = queries[i].sql;
  if (!(stmt = _clt_workspace_prepare (workspace, sql, error)))
    return NULL;

  /* The city index holds case-folded names; the others compare in lower case. */
  if (g_str_equal (field, "city"))
    folded = _clt_browse_city_key (prefix);
  else if (prefix != NULL && g_utf8_validate (prefix, -1, NULL))
    folded = g_strstrip (g_utf8_strdown (prefix, -1));
  if (folded == NULL)
    folded = g_strdup ("");
  end = g_strconcat (folded, "\xf4\x8f\xbf\xbf", NULL);

  sqlite3_bind_text (stmt, 1, folded, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit);

  if (cancellable)
    sqlite3_progress_handler (_clt_workspace_get_db (workspace), 1000, cancelled_cb, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_text (stmt, 0) != NULL)
      g_strv_builder_add (values, (const char *) sqlite3_column_text (stmt, 0));
  if (cancellable)
    sqlite3_progress_handler (_clt_workspace_get_db (workspace), 0, NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, "suggest");
      return NULL;
    }

  return g_strv_builder_end (values);
}
