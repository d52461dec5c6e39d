/* clt-golden.c: a profile's golden values, chosen from its source records
 *
 * Each field has a survivorship rule: names and the e-mail address come from the source
 * that leads (by default the CRM), the phone and the address from the most recent import,
 * the birthday from most records, the company is the longest name given. The address is
 * taken whole from one record, so that a street never meets another record's city. Every
 * value keeps the record it came from; values a person pinned are kept as they are.
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
  sqlite3_stmt *clear;
  sqlite3_stmt *insert;
  sqlite3_stmt *update_profile;
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

void
clt_golden_writer_free (CltGoldenWriter *writer)
{
  if (writer == NULL)
    return;

  sqlite3_finalize (writer->clear);
  sqlite3_finalize (writer->insert);
  sqlite3_finalize (writer->update_profile);
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

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  writer->workspace = g_object_ref (workspace);
  writer->now = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  if (!(writer->clear = _clt_workspace_prepare (workspace,
          "DELETE FROM profile_attributes WHERE profile_id = ?1 AND pinned = 0", error)) ||
      !(writer->insert = _clt_workspace_prepare (workspace,
          "INSERT OR IGNORE INTO profile_attributes (profile_id, field, value, source_record_id, rule, updated_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)) ||
      !(writer->update_profile = _clt_workspace_prepare (workspace,
          "UPDATE profiles SET updated_at = ?2, "
          "  display_name = (SELECT nullif (trim (coalesce (max (CASE field WHEN 'first_name' THEN value END), '') || ' ' || "
          "                                       coalesce (max (CASE field WHEN 'last_name' THEN value END), '')), '') "
          "                  FROM profile_attributes WHERE profile_id = ?1), "
          "  email = (SELECT value FROM profile_attributes WHERE profile_id = ?1 AND field = 'email'), "
          "  city = (SELECT value FROM profile_attributes WHERE profile_id = ?1 AND field = 'city') "
          "WHERE id = ?1", error)))
    return NULL;

  return g_steal_pointer (&writer);
}

static gboolean
step_reset (CltGoldenWriter  *writer,
            sqlite3_stmt     *stmt,
            GError          **error)
{
  gboolean ok = _clt_workspace_step_done (writer->workspace, stmt, error);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return ok;
}

/**
 * clt_golden_writer_write:
 * @candidates: the values of every record of the profile
 *
 * Replaces the golden values of @profile_id, except pinned ones, by the surviving values of
 * @candidates, each with its record and rule, and updates the profile's key facts.
 */
gboolean
clt_golden_writer_write (CltGoldenWriter           *writer,
                         gint64                     profile_id,
                         const CltGoldenCandidate  *candidates,
                         guint                      n_candidates,
                         GError                   **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);

  sqlite3_bind_int64 (writer->clear, 1, profile_id);
  if (!step_reset (writer, writer->clear, error))
    return FALSE;

  for (guint f = 0; f < CLT_GOLDEN_N_FIELDS; f++)
    {
      int chosen = clt_golden_choose (candidates, n_candidates, f);

      if (chosen < 0)
        continue;
      sqlite3_bind_int64 (writer->insert, 1, profile_id);
      sqlite3_bind_text (writer->insert, 2, fields[f].id, -1, SQLITE_STATIC);
      sqlite3_bind_text (writer->insert, 3, candidates[chosen].values[f], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (writer->insert, 4, candidates[chosen].record_id);
      sqlite3_bind_text (writer->insert, 5, clt_survivorship_get_id (fields[f].rule), -1, SQLITE_STATIC);
      sqlite3_bind_text (writer->insert, 6, writer->now, -1, SQLITE_STATIC);
      if (!step_reset (writer, writer->insert, error))
        return FALSE;
    }

  sqlite3_bind_int64 (writer->update_profile, 1, profile_id);
  sqlite3_bind_text (writer->update_profile, 2, writer->now, -1, SQLITE_STATIC);

  return step_reset (writer, writer->update_profile, error);
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
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(CltGoldenWriter) writer = NULL;
  g_autoptr(GArray) candidates = g_array_new (FALSE, TRUE, sizeof (CltGoldenCandidate));
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
  int status;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!(select = _clt_workspace_prepare (workspace,
          "SELECT r.id, s.priority, r.batch_id, " CLT_GOLDEN_COLUMNS " "
          "FROM source_records r JOIN sources s ON s.id = r.source_id WHERE r.profile_id = ?1", error)) ||
      !(writer = clt_golden_writer_new (workspace, error)))
    return FALSE;

  sqlite3_bind_int64 (select, 1, profile_id);
  while ((status = sqlite3_step (select)) == SQLITE_ROW)
    {
      CltGoldenCandidate candidate = { 0 };

      candidate.record_id = sqlite3_column_int64 (select, 0);
      candidate.priority = sqlite3_column_int (select, 1);
      candidate.batch_id = sqlite3_column_int64 (select, 2);
      clt_golden_candidate_read (&candidate, select, 3, strings);
      g_array_append_val (candidates, candidate);
    }
  if (status != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read a customer’s records"));
      return FALSE;
    }

  return clt_golden_writer_write (writer, profile_id, (const CltGoldenCandidate *) candidates->data,
                                  candidates->len, error);
}
