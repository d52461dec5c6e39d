/* clt-golden.c: a profile's golden values, chosen from its source records
 *
 * Each field has a survivorship rule: names and the e-mail address come from the source
 * that leads (by default the CRM), the phone and the address from the most recent import,
 * the birthday from most records, the company is the longest name given. The address is
 * taken whole from one record, so that a street never meets another record's city. The
 * values are stored with the profile; which record each came from is worked out again
 * from the records when it is shown. Values a person pinned win.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-golden"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clt-golden.h"
#include "clt-workspace-private.h"

struct _CltGoldenWriter
{
  CltWorkspace *workspace;
  sqlite3_stmt *update;
  /* The values people pinned: profile id → (field id → value). */
  GHashTable   *pinned;
  char         *now;
};

static const struct
{
  const char      *id;
  CltSurvivorship  rule;
} fields[] = {
  [CLT_GOLDEN_FIRST_NAME] = { "first_name", CLT_SURVIVE_SOURCE_PRIORITY },
  [CLT_GOLDEN_LAST_NAME] = { "last_name", CLT_SURVIVE_SOURCE_PRIORITY },
  [CLT_GOLDEN_EMAIL] = { "email", CLT_SURVIVE_SOURCE_PRIORITY },
  [CLT_GOLDEN_PHONE] = { "phone", CLT_SURVIVE_MOST_RECENT },
  [CLT_GOLDEN_STREET] = { "street", CLT_SURVIVE_MOST_RECENT },
  [CLT_GOLDEN_POSTCODE] = { "postcode", CLT_SURVIVE_MOST_RECENT },
  [CLT_GOLDEN_CITY] = { "city", CLT_SURVIVE_MOST_RECENT },
  [CLT_GOLDEN_COUNTRY] = { "country", CLT_SURVIVE_MOST_RECENT },
  [CLT_GOLDEN_BIRTHDAY] = { "birthday", CLT_SURVIVE_MOST_FREQUENT },
  [CLT_GOLDEN_COMPANY] = { "company", CLT_SURVIVE_LONGEST },
};

const char *
clt_golden_field_get_id (CltGoldenField field)
{
  g_return_val_if_fail (field < CLT_GOLDEN_N_FIELDS, NULL);

  return fields[field].id;
}

CltSurvivorship
clt_golden_field_get_rule (CltGoldenField field)
{
  g_return_val_if_fail (field < CLT_GOLDEN_N_FIELDS, CLT_SURVIVE_SOURCE_PRIORITY);

  return fields[field].rule;
}

const char *
clt_survivorship_get_id (CltSurvivorship rule)
{
  static const char * const ids[] = { "source-priority", "most-recent", "most-frequent", "longest" };

  g_return_val_if_fail (rule <= CLT_SURVIVE_LONGEST, NULL);

  return ids[rule];
}

static gboolean
is_address (CltGoldenField field)
{
  return field == CLT_GOLDEN_STREET || field == CLT_GOLDEN_POSTCODE ||
         field == CLT_GOLDEN_CITY || field == CLT_GOLDEN_COUNTRY;
}

/* Whether @a wins over @b: the leading source, then the more recent import, then the
 * newer record. */
static gboolean
leads (const CltGoldenCandidate *a,
       const CltGoldenCandidate *b)
{
  if (a->priority != b->priority)
    return a->priority < b->priority;
  if (a->batch_id != b->batch_id)
    return a->batch_id > b->batch_id;
  return a->record_id > b->record_id;
}

static gboolean
more_recent (const CltGoldenCandidate *a,
             const CltGoldenCandidate *b)
{
  if (a->batch_id != b->batch_id)
    return a->batch_id > b->batch_id;
  return leads (a, b);
}

/**
 * clt_golden_choose:
 *
 * Returns: the index of the candidate whose value of @field survives, or -1 when none has one
 */
int
clt_golden_choose (const CltGoldenCandidate *candidates,
                   guint                     n_candidates,
                   CltGoldenField            field)
{
  int best = -1;
  guint best_count = 0;

  g_return_val_if_fail (field < CLT_GOLDEN_N_FIELDS, -1);

  for (guint i = 0; i < n_candidates; i++)
    {
      const CltGoldenCandidate *c = &candidates[i];
      const CltGoldenCandidate *b = best >= 0 ? &candidates[best] : NULL;
      guint count = 0;

      if (is_address (field))
        {
          /* The whole address of the most recent record that has one. */
          if ((c->values[CLT_GOLDEN_STREET] || c->values[CLT_GOLDEN_CITY] || c->values[CLT_GOLDEN_POSTCODE]) &&
              (b == NULL || more_recent (c, b)))
            best = i;
          continue;
        }

      if (c->values[field] == NULL)
        continue;

      switch (fields[field].rule)
        {
        case CLT_SURVIVE_SOURCE_PRIORITY:
          if (b == NULL || leads (c, b))
            best = i;
          break;

        case CLT_SURVIVE_MOST_RECENT:
          if (b == NULL || more_recent (c, b))
            best = i;
          break;

        case CLT_SURVIVE_MOST_FREQUENT:
          for (guint j = 0; j < n_candidates; j++)
            count += g_strcmp0 (candidates[j].values[field], c->values[field]) == 0;
          if (b == NULL || count > best_count || (count == best_count && leads (c, b)))
            {
              best = i;
              best_count = count;
            }
          break;

        case CLT_SURVIVE_LONGEST:
        default:
          if (b == NULL || g_utf8_strlen (c->values[field], -1) > g_utf8_strlen (b->values[field], -1) ||
              (g_utf8_strlen (c->values[field], -1) == g_utf8_strlen (b->values[field], -1) && leads (c, b)))
            best = i;
          break;
        }
    }

  if (best >= 0 && candidates[best].values[field] == NULL)
    return -1;

  return best;
}

/**
 * clt_golden_candidate_read:
 * @column: where the #CLT_GOLDEN_COLUMNS start in @stmt's row
 * @strings: holds the values
 *
 * Fills @candidate's values; a record with only a full name gets a first and a last name
 * from it.
 */
void
clt_golden_candidate_read (CltGoldenCandidate *candidate,
                           sqlite3_stmt       *stmt,
                           int                 column,
                           GStringChunk       *strings)
{
  const char *full;

  for (guint f = 0; f < CLT_GOLDEN_N_FIELDS; f++)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, column + f);

      candidate->values[f] = text && text[0] ? g_string_chunk_insert_const (strings, text) : NULL;
    }

  full = (const char *) sqlite3_column_text (stmt, column + CLT_GOLDEN_N_FIELDS);
  if (full && full[0] && !candidate->values[CLT_GOLDEN_FIRST_NAME] && !candidate->values[CLT_GOLDEN_LAST_NAME])
    {
      g_autofree char *copy = g_strstrip (g_strdup (full));
      char *space = strrchr (copy, ' ');

      if (space)
        {
          *space = '\0';
          candidate->values[CLT_GOLDEN_FIRST_NAME] = g_string_chunk_insert_const (strings, g_strstrip (copy));
          candidate->values[CLT_GOLDEN_LAST_NAME] = g_string_chunk_insert_const (strings, space + 1);
        }
      else
        candidate->values[CLT_GOLDEN_LAST_NAME] = g_string_chunk_insert_const (strings, copy);
    }
}

/**
 * clt_golden_candidate_match_values:
 * @values: (out caller-allocates) (array fixed-size=9): the values in #CltMatchField order
 *
 * The values a record is matched by, as the matcher sees them and explain shows them.
 */
void
clt_golden_candidate_match_values (const CltGoldenCandidate  *candidate,
                                   const char               **values)
{
  values[CLT_MATCH_FIRST_NAME] = candidate->values[CLT_GOLDEN_FIRST_NAME];
  values[CLT_MATCH_LAST_NAME] = candidate->values[CLT_GOLDEN_LAST_NAME];
  /* Day and month alone ("--10-26", as Mailchimp has birthdays) compare with those of a full date. */
  values[CLT_MATCH_BIRTHDATE] = candidate->values[CLT_GOLDEN_BIRTHDAY];
  values[CLT_MATCH_EMAIL] = candidate->values[CLT_GOLDEN_EMAIL];
  values[CLT_MATCH_PHONE] = candidate->values[CLT_GOLDEN_PHONE];
  values[CLT_MATCH_CITY] = candidate->values[CLT_GOLDEN_CITY];
  values[CLT_MATCH_POSTCODE] = candidate->values[CLT_GOLDEN_POSTCODE];
  values[CLT_MATCH_STREET] = candidate->values[CLT_GOLDEN_STREET];
  values[CLT_MATCH_ID_NUMBER] = NULL;
}

void
clt_golden_writer_free (CltGoldenWriter *writer)
{
  if (writer == NULL)
    return;

  sqlite3_finalize (writer->update);
  g_clear_pointer (&writer->pinned, g_hash_table_unref);
  g_clear_object (&writer->workspace);
  g_free (writer->now);
  g_free (writer);
}

/**
 * clt_golden_writer_new:
 *
 * Returns: (transfer full): a writer of golden values into @workspace, or %NULL
 */
CltGoldenWriter *
clt_golden_writer_new (CltWorkspace  *workspace,
                       GError       **error)
{
  g_autoptr(CltGoldenWriter) writer = g_new0 (CltGoldenWriter, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(sqlite3_stmt) pinned = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  writer->workspace = g_object_ref (workspace);
  writer->now = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  /* The columns in the order of CltGoldenField, from ?4. */
  if (!(writer->update = _clt_workspace_prepare (workspace,
          "UPDATE profiles SET updated_at = ?2, display_name = ?3, first_name = ?4, last_name = ?5, email = ?6, "
          "  phone = ?7, street = ?8, postcode = ?9, city = ?10, country = ?11, birthday = ?12, company = ?13 "
          "WHERE id = ?1", error)) ||
      !(pinned = _clt_workspace_prepare (workspace,
          "SELECT profile_id, field, value FROM profile_attributes WHERE pinned = 1", error)))
    return NULL;

  writer->pinned = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_hash_table_unref);
  while (sqlite3_step (pinned) == SQLITE_ROW)
    {
      gpointer profile = GSIZE_TO_POINTER (sqlite3_column_int64 (pinned, 0));
      GHashTable *values = g_hash_table_lookup (writer->pinned, profile);

      if (values == NULL)
        {
          values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_insert (writer->pinned, profile, values);
        }
      g_hash_table_insert (values, g_strdup ((const char *) sqlite3_column_text (pinned, 1)),
                           g_strdup ((const char *) sqlite3_column_text (pinned, 2)));
    }

  return g_steal_pointer (&writer);
}

/**
 * clt_golden_writer_write:
 * @candidates: the values of every record of the profile
 *
 * Sets the golden values of @profile_id: the surviving values of @candidates, or what a
 * person pinned.
 */
gboolean
clt_golden_writer_write (CltGoldenWriter           *writer,
                         gint64                     profile_id,
                         const CltGoldenCandidate  *candidates,
                         guint                      n_candidates,
                         GError                   **error)
{
  GHashTable *pinned;
  const char *values[CLT_GOLDEN_N_FIELDS];
  g_autofree char *name = NULL;
  gboolean ok;

  g_return_val_if_fail (writer != NULL, FALSE);

  pinned = g_hash_table_lookup (writer->pinned, GSIZE_TO_POINTER (profile_id));
  for (guint f = 0; f < CLT_GOLDEN_N_FIELDS; f++)
    {
      int chosen = clt_golden_choose (candidates, n_candidates, f);

      values[f] = chosen >= 0 ? candidates[chosen].values[f] : NULL;
      if (pinned && g_hash_table_contains (pinned, fields[f].id))
        values[f] = g_hash_table_lookup (pinned, fields[f].id);
    }

  name = g_strstrip (g_strjoin (" ", values[CLT_GOLDEN_FIRST_NAME] ? values[CLT_GOLDEN_FIRST_NAME] : "",
                                values[CLT_GOLDEN_LAST_NAME] ? values[CLT_GOLDEN_LAST_NAME] : "", NULL));
  sqlite3_bind_int64 (writer->update, 1, profile_id);
  sqlite3_bind_text (writer->update, 2, writer->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (writer->update, 3, name[0] ? name : NULL, -1, SQLITE_STATIC);
  for (guint f = 0; f < CLT_GOLDEN_N_FIELDS; f++)
    sqlite3_bind_text (writer->update, 4 + f, values[f], -1, SQLITE_STATIC);

  ok = _clt_workspace_step_done (writer->workspace, writer->update, error);
  sqlite3_reset (writer->update);
  sqlite3_clear_bindings (writer->update);

  return ok;
}

/**
 * clt_golden_dup_origin:
 * @column: where the system's name, the file name and the data row are in @stmt's row
 *
 * Returns: (transfer full): a record's origin, as "CRM · kunden.csv, row 12"
 */
char *
clt_golden_dup_origin (sqlite3_stmt *stmt,
                       int           column)
{
  const char *source = (const char *) sqlite3_column_text (stmt, column);
  const char *file = (const char *) sqlite3_column_text (stmt, column + 1);
  g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, column + 2));

  /* Translators: a source record's origin: the system, the file and the row, as "CRM · kunden.csv, row 12" */
  return g_strdup_printf (_("%s · %s, row %s"), source ? source : "", file ? file : "", row);
}

/**
 * clt_golden_read_candidates:
 * @origins: (out) (optional) (transfer full): for each candidate, the row it came from:
 *   its system, file and row
 * @imported: (out) (optional) (transfer full): for each candidate, when its import began
 *   (ISO 8601, UTC)
 *
 * Returns: (transfer full): the candidates of @profile_id's records; their values live in
 *   @strings
 */
GArray *
clt_golden_read_candidates (CltWorkspace  *workspace,
                            gint64         profile_id,
                            GStringChunk  *strings,
                            GPtrArray    **origins,
                            GPtrArray    **imported,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(GArray) candidates = g_array_new (FALSE, TRUE, sizeof (CltGoldenCandidate));
  g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) when = g_ptr_array_new_with_free_func (g_free);
  int status;

  if (!(select = _clt_workspace_prepare (workspace,
          "SELECT r.id, s.priority, r.batch_id, " CLT_GOLDEN_COLUMNS ", s.name, b.file_name, "
          "  coalesce (r.data_row, r.row_number - 1), b.started_at "
          "FROM source_records r JOIN sources s ON s.id = r.source_id JOIN import_batches b ON b.id = r.batch_id "
          "WHERE r.profile_id = ?1 ORDER BY r.id", error)))
    return NULL;

  sqlite3_bind_int64 (select, 1, profile_id);
  while ((status = sqlite3_step (select)) == SQLITE_ROW)
    {
      CltGoldenCandidate candidate = { 0 };
      int column = 3 + CLT_GOLDEN_N_COLUMNS;

      candidate.record_id = sqlite3_column_int64 (select, 0);
      candidate.priority = sqlite3_column_int (select, 1);
      candidate.batch_id = sqlite3_column_int64 (select, 2);
      clt_golden_candidate_read (&candidate, select, 3, strings);
      g_array_append_val (candidates, candidate);
      g_ptr_array_add (where, clt_golden_dup_origin (select, column));
      g_ptr_array_add (when, g_strdup ((const char *) sqlite3_column_text (select, column + 3)));
    }
  if (status != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read a customer’s records"));
      return NULL;
    }

  if (origins)
    *origins = g_steal_pointer (&where);
  if (imported)
    *imported = g_steal_pointer (&when);

  return g_steal_pointer (&candidates);
}

/**
 * clt_golden_refresh:
 *
 * Chooses the golden values of @profile_id anew from its records. Call it inside the
 * transaction that changed them.
 */
gboolean
clt_golden_refresh (CltWorkspace  *workspace,
                    gint64         profile_id,
                    GError       **error)
{
  g_autoptr(CltGoldenWriter) writer = NULL;
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!(candidates = clt_golden_read_candidates (workspace, profile_id, strings, NULL, NULL, error)) ||
      !(writer = clt_golden_writer_new (workspace, error)))
    return FALSE;

  return clt_golden_writer_write (writer, profile_id, (const CltGoldenCandidate *) candidates->data,
                                  candidates->len, error);
}
