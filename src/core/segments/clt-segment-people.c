/* clt-segment-people.c: who a segment's members are, and when they were last looked at
 *
 * Two small reads for the membership history: the names of a few profiles, by id, and the time
 * of a segment's last look (clt_segment_store_look() sets it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-people"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-segment-people.h"
#include "clt-segment-types.h"
#include "clt-workspace-private.h"

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  const CltProfileSummary *x = *(CltProfileSummary * const *) a;
  const CltProfileSummary *y = *(CltProfileSummary * const *) b;
  int order;

  /* The unnamed go last. */
  if ((x->name == NULL) != (y->name == NULL))
    return x->name == NULL ? 1 : -1;
  if (x->name && (order = g_utf8_collate (x->name, y->name)) != 0)
    return order;

  return x->profile_id < y->profile_id ? -1 : x->profile_id > y->profile_id;
}

/**
 * clt_segment_store_list_people:
 * @ids: (array length=n_ids): profiles
 *
 * Reads the name, e-mail address, city and number of records of each of @ids that is a
 * profile, one indexed lookup each: meant for a page of names, not for a whole segment.
 *
 * Returns: (transfer full) (element-type CltProfileSummary): the profiles by name, the
 *   unnamed last
 */
GPtrArray *
clt_segment_store_list_people (CltWorkspace  *workspace,
                               const gint64  *ids,
                               guint          n_ids,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_profile_summary_free);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT p.id, coalesce (p.display_name, "
          "  nullif (trim (coalesce (p.first_name, '') || ' ' || coalesce (p.last_name, '')), '')), "
          "  p.email, p.city, (SELECT count(*) FROM source_records r WHERE r.profile_id = p.id) "
          "FROM profiles p WHERE p.id = ?1", error)))
    return NULL;

  for (guint i = 0; i < n_ids; i++)
    {
      CltProfileSummary *summary;
      int rc;

      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          summary = g_new0 (CltProfileSummary, 1);
          summary->profile_id = sqlite3_column_int64 (stmt, 0);
          summary->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          summary->email = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          summary->city = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          summary->n_records = sqlite3_column_int (stmt, 4);
          g_ptr_array_add (people, summary);
        }
      else if (rc != SQLITE_DONE)
        {
          _clt_workspace_set_error (workspace, error, _("Could not read a customer"));
          return NULL;
        }
      sqlite3_reset (stmt);
    }

  g_ptr_array_sort (people, compare_by_name);

  return g_steal_pointer (&people);
}

/**
 * clt_segment_store_get_looked_at:
 * @looked_at: (out) (transfer full) (nullable): when segment @id was last looked at (ISO 8601,
 *   UTC), or %NULL if never
 *
 * Returns: whether the segment was found
 */
gboolean
clt_segment_store_get_looked_at (CltWorkspace  *workspace,
                                 gint64         id,
                                 char         **looked_at,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (looked_at != NULL, FALSE);

  if (!(stmt = _clt_workspace_prepare (workspace, "SELECT looked_at FROM segments WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND, _("There is no segment %lld"), (long long) id);
      return FALSE;
    }
  *looked_at = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  return TRUE;
}
