/* clt-identity.c: a person's say over profiles: merge, split, review answers, and undo
 *
 * A merge or split moves records between profiles at once and records a decision that
 * every later resolution honours ("same" for a merge, "not the same" between the records
 * split apart), as an operation that undo reverses exactly. Each is one transaction and an
 * entry in the audit log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-identity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "clt-golden.h"
#include "clt-value.h"
#include "clt-identity.h"
#include "clt-workspace-private.h"

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Runs @sql with the integer parameters that follow, -1 ending them. */
static gboolean
exec_ids (CltWorkspace  *workspace,
          GError       **error,
          const char    *sql,
          ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;
  gint64 value;
  int i = 1;

  if (!(stmt = _clt_workspace_prepare (workspace, sql, error)))
    return FALSE;

  va_start (args, sql);
  while ((value = va_arg (args, gint64)) != -1)
    sqlite3_bind_int64 (stmt, i++, value);
  va_end (args);

  return _clt_workspace_step_done (workspace, stmt, error);
}

static gint64
query_id (CltWorkspace *workspace,
          const char   *sql,
          gint64        parameter)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, parameter);

  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

static GArray *
profile_records (CltWorkspace  *workspace,
                 gint64         profile_id,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!(stmt = _clt_workspace_prepare (workspace, "SELECT id FROM source_records WHERE profile_id = ?1 ORDER BY id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&ids);
}

static char *
ids_to_json (const gint64 *ids,
             guint         n)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

static GArray *
ids_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonNode *root;

  if (json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 id = json_array_get_int_element (array, i);

          g_array_append_val (ids, id);
        }
    }

  return ids;
}

static gint64
insert_operation (CltWorkspace  *workspace,
                  const char    *kind,
                  gint64         profile_id,
                  gint64         other_id,
                  const char    *records,
                  const char    *now,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _clt_workspace_prepare (workspace,
          "INSERT INTO profile_operations (kind, profile_id, other_id, records, actor, created_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
    return 0;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, profile_id);
  sqlite3_bind_int64 (stmt, 3, other_id);
  sqlite3_bind_text (stmt, 4, records, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, clt_workspace_get_actor (workspace), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (workspace, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));
}

static gint64
insert_decision (CltWorkspace  *workspace,
                 gint64         record_a,
                 gint64         record_b,
                 const char    *decision,
                 gint64         operation_id,
                 const char    *now,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _clt_workspace_prepare (workspace,
          "INSERT INTO match_decisions (record_a, record_b, decision, operation_id, actor, created_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, MIN (record_a, record_b));
  sqlite3_bind_int64 (stmt, 2, MAX (record_a, record_b));
  sqlite3_bind_text (stmt, 3, decision, -1, SQLITE_STATIC);
  if (operation_id != 0)
    sqlite3_bind_int64 (stmt, 4, operation_id);
  sqlite3_bind_text (stmt, 5, clt_workspace_get_actor (workspace), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (workspace, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));
}

static gboolean
move_records (CltWorkspace  *workspace,
              GArray        *ids,
              gint64         profile_id,
              GError       **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (!exec_ids (workspace, error, "UPDATE source_records SET profile_id = ?2 WHERE id = ?1", id, profile_id, (gint64) -1) ||
          !exec_ids (workspace, error, "UPDATE events SET profile_id = ?2 WHERE source_record_id = ?1", id, profile_id, (gint64) -1))
        return FALSE;
    }

  return TRUE;
}

static gboolean
audit (CltWorkspace  *workspace,
       const char    *action,
       gint64         profile_id,
       gint64         operation_id,
       gint64         other_id,
       const char    *records,
       GError       **error)
{
  g_autofree char *detail = g_strdup_printf ("{\"operation\":%" G_GINT64_FORMAT ",\"other_profile\":%" G_GINT64_FORMAT
                                             ",\"records\":%s}", operation_id, other_id, records);

  return clt_workspace_audit (workspace, NULL, action, "profile", profile_id, detail, error);
}

static gboolean
profile_exists (CltWorkspace *workspace,
                gint64        profile_id)
{
  return query_id (workspace, "SELECT id FROM profiles WHERE id = ?1", profile_id) != 0;
}

static gint64
merge_in_transaction (CltWorkspace  *workspace,
                      gint64         keep,
                      gint64         other,
                      gint64         record_a,
                      gint64         record_b,
                      const char    *now,
                      GError       **error)
{
  g_autoptr(GArray) keep_ids = NULL;
  g_autoptr(GArray) other_ids = NULL;
  g_autofree char *records = NULL;
  gint64 operation_id;

  if (keep == other || !profile_exists (workspace, keep) || !profile_exists (workspace, other))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("These customers cannot be merged: one of them no longer exists."));
      return 0;
    }
  if (!(keep_ids = profile_records (workspace, keep, error)) ||
      !(other_ids = profile_records (workspace, other, error)))
    return 0;
  if (keep_ids->len == 0 || other_ids->len == 0)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("These customers cannot be merged: one of them has no records."));
      return 0;
    }

  records = ids_to_json ((const gint64 *) other_ids->data, other_ids->len);
  if (!(operation_id = insert_operation (workspace, "merge", keep, other, records, now, error)) ||
      !insert_decision (workspace, record_a ? record_a : g_array_index (keep_ids, gint64, 0),
                        record_b ? record_b : g_array_index (other_ids, gint64, 0), "same", operation_id, now, error) ||
      !move_records (workspace, other_ids, keep, error) ||
      !exec_ids (workspace, error, "DELETE FROM profiles WHERE id = ?1", other, (gint64) -1) ||
      !clt_golden_refresh (workspace, keep, error) ||
      !audit (workspace, "merge-profiles", keep, operation_id, other, records, error))
    return 0;

  return operation_id;
}

/**
 * clt_identity_merge:
 * @keep: the profile that stays
 * @other: the profile whose records join @keep
 *
 * Returns: the operation, for clt_identity_undo(), or 0 on error
 */
gint64
clt_identity_merge (CltWorkspace  *workspace,
                    gint64         keep,
                    gint64         other,
                    GError       **error)
{
  g_autofree char *now = now_text ();
  gint64 operation_id;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);

  if (!_clt_workspace_begin (workspace, error))
    return 0;
  if (!(operation_id = merge_in_transaction (workspace, keep, other, 0, 0, now, error)) ||
      !_clt_workspace_commit (workspace, error))
    {
      _clt_workspace_rollback (workspace);
      return 0;
    }

  return operation_id;
}

/**
 * clt_identity_split:
 * @record_ids: records of @profile_id that are another person
 *
 * Moves @record_ids into a new profile, and records that each of them is not the same as
 * each record left behind.
 *
 * Returns: the operation, for clt_identity_undo(), or 0 on error
 */
gint64
clt_identity_split (CltWorkspace  *workspace,
                    gint64         profile_id,
                    const gint64  *record_ids,
                    guint          n_records,
                    GError       **error)
{
  g_autofree char *now = now_text ();
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) staying = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *records = NULL;
  gint64 operation_id = 0, new_profile;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);

  if (!_clt_workspace_begin (workspace, error))
    return 0;
  if (!(all = profile_records (workspace, profile_id, error)))
    goto failed;
  for (guint i = 0; i < all->len; i++)
    {
      gint64 id = g_array_index (all, gint64, i);
      gboolean chosen = FALSE;

      for (guint j = 0; j < n_records; j++)
        chosen |= record_ids[j] == id;
      g_array_append_val (chosen ? moved : staying, id);
    }
  if (moved->len == 0 || staying->len == 0)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("To split a customer, choose some but not all of their records."));
      goto failed;
    }

  if (!exec_ids (workspace, error, "INSERT INTO profiles (created_at, updated_at) VALUES (datetime ('now'), datetime ('now'))", (gint64) -1))
    goto failed;
  new_profile = sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));
  records = ids_to_json ((const gint64 *) moved->data, moved->len);
  if (!(operation_id = insert_operation (workspace, "split", profile_id, new_profile, records, now, error)))
    goto failed;
  for (guint i = 0; i < moved->len; i++)
    for (guint j = 0; j < staying->len; j++)
      if (!insert_decision (workspace, g_array_index (moved, gint64, i), g_array_index (staying, gint64, j),
                            "different", operation_id, now, error))
        goto failed;
  if (!move_records (workspace, moved, new_profile, error) ||
      !clt_golden_refresh (workspace, profile_id, error) ||
      !clt_golden_refresh (workspace, new_profile, error) ||
      !audit (workspace, "split-profile", profile_id, operation_id, new_profile, records, error) ||
      !_clt_workspace_commit (workspace, error))
    goto failed;

  return operation_id;

failed:
  _clt_workspace_rollback (workspace);
  return 0;
}

/**
 * clt_identity_get_profile:
 *
 * Returns: the profile of @record_id, or 0
 */
gint64
clt_identity_get_profile (CltWorkspace *workspace,
                          gint64        record_id)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);

  return query_id (workspace, "SELECT profile_id FROM source_records WHERE id = ?1", record_id);
}

static gboolean
undo_in_transaction (CltWorkspace  *workspace,
                     gint64         operation_id,
                     const char    *now,
                     GError       **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *records = NULL;
  gint64 profile_id, other_id, back_to, from;

  if (!(select = _clt_workspace_prepare (workspace,
          "SELECT kind, profile_id, other_id, records FROM profile_operations WHERE id = ?1 AND undone_at IS NULL", error)))
    return FALSE;
  sqlite3_bind_int64 (select, 1, operation_id);
  if (sqlite3_step (select) != SQLITE_ROW)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("This change has already been undone."));
      return FALSE;
    }
  kind = g_strdup ((const char *) sqlite3_column_text (select, 0));
  profile_id = sqlite3_column_int64 (select, 1);
  other_id = sqlite3_column_int64 (select, 2);
  records = g_strdup ((const char *) sqlite3_column_text (select, 3));
  ids = ids_from_json (records);

  if (g_str_equal (kind, "merge"))
    {
      /* The merged profile comes back under its id, unless that has been given away since. */
      back_to = other_id;
      from = profile_id;
      if (profile_exists (workspace, back_to))
        {
          if (!exec_ids (workspace, error, "INSERT INTO profiles (created_at, updated_at) VALUES (datetime ('now'), datetime ('now'))", (gint64) -1))
            return FALSE;
          back_to = sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));
        }
      else if (!exec_ids (workspace, error, "INSERT INTO profiles (id, created_at, updated_at) VALUES (?1, datetime ('now'), datetime ('now'))",
                          back_to, (gint64) -1))
        return FALSE;
    }
  else
    {
      /* Back to where the records left behind are now, a later run may have moved them. */
      gint64 staying = query_id (workspace, "SELECT CASE WHEN record_a IN (SELECT value FROM json_each (o.records)) "
                                 "THEN record_b ELSE record_a END FROM match_decisions d "
                                 "JOIN profile_operations o ON o.id = d.operation_id WHERE d.operation_id = ?1 LIMIT 1",
                                 operation_id);

      back_to = staying ? clt_identity_get_profile (workspace, staying) : 0;
      back_to = back_to ? back_to : profile_id;
      from = ids->len ? clt_identity_get_profile (workspace, g_array_index (ids, gint64, 0)) : other_id;
      if (!profile_exists (workspace, back_to) &&
          !exec_ids (workspace, error, "INSERT INTO profiles (id, created_at, updated_at) VALUES (?1, datetime ('now'), datetime ('now'))",
                     back_to, (gint64) -1))
        return FALSE;
    }

  if (!(mark = _clt_workspace_prepare (workspace, "UPDATE profile_operations SET undone_at = ?2 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (mark, 1, operation_id);
  sqlite3_bind_text (mark, 2, now, -1, SQLITE_STATIC);

  if (!move_records (workspace, ids, back_to, error) ||
      !exec_ids (workspace, error, "DELETE FROM match_decisions WHERE operation_id = ?1", operation_id, (gint64) -1) ||
      !exec_ids (workspace, error, "UPDATE review_pairs SET answer = NULL WHERE operation_id = ?1", operation_id, (gint64) -1) ||
      !_clt_workspace_step_done (workspace, mark, error) ||
      !exec_ids (workspace, error, "DELETE FROM profiles WHERE id = ?1 AND NOT EXISTS "
                 "(SELECT 1 FROM source_records WHERE profile_id = ?1)", from, (gint64) -1) ||
      (profile_exists (workspace, from) && !clt_golden_refresh (workspace, from, error)) ||
      !clt_golden_refresh (workspace, back_to, error))
    return FALSE;

  return audit (workspace, g_str_equal (kind, "merge") ? "undo-merge-profiles" : "undo-split-profile",
                profile_id, operation_id, back_to, records, error);
}

/**
 * clt_identity_undo:
 *
 * Reverses a merge or split: the records go back, and its decisions no longer hold.
 */
gboolean
clt_identity_undo (CltWorkspace  *workspace,
                   gint64         operation_id,
                   GError       **error)
{
  g_autofree char *now = now_text ();

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (!undo_in_transaction (workspace, operation_id, now, error) ||
      !_clt_workspace_commit (workspace, error))
    {
      _clt_workspace_rollback (workspace);
      return FALSE;
    }

  return TRUE;
}

static gboolean
answer_in_transaction (CltWorkspace     *workspace,
                       gint64            a,
                       gint64            b,
                       CltReviewAnswer   answer,
                       const char       *now,
                       GError          **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  gint64 profile_a = clt_identity_get_profile (workspace, a);
  gint64 profile_b = clt_identity_get_profile (workspace, b);
  gint64 operation_id = 0, decision_id = 0;

  if (answer == CLT_REVIEW_SKIP)
    return exec_ids (workspace, error, "UPDATE review_pairs SET skipped = 1 WHERE record_a = ?1 AND record_b = ?2",
                     a, b, (gint64) -1);

  if (answer == CLT_REVIEW_SAME && profile_a != profile_b)
    {
      if (!(operation_id = merge_in_transaction (workspace, profile_a, profile_b, a, b, now, error)))
        return FALSE;
    }
  else if (!(decision_id = insert_decision (workspace, a, b, answer == CLT_REVIEW_SAME ? "same" : "different", 0, now, error)))
    return FALSE;

  if (!(update = _clt_workspace_prepare (workspace,
          "UPDATE review_pairs SET answer = ?3, decision_id = ?4, operation_id = ?5 WHERE record_a = ?1 AND record_b = ?2", error)))
    return FALSE;
  sqlite3_bind_int64 (update, 1, a);
  sqlite3_bind_int64 (update, 2, b);
  sqlite3_bind_text (update, 3, answer == CLT_REVIEW_SAME ? "same" : "different", -1, SQLITE_STATIC);
  if (decision_id)
    sqlite3_bind_int64 (update, 4, decision_id);
  if (operation_id)
    sqlite3_bind_int64 (update, 5, operation_id);
  if (!_clt_workspace_step_done (workspace, update, error))
    return FALSE;

  return answer == CLT_REVIEW_SAME || clt_workspace_audit (workspace, NULL, "not-same", "record", a,
                                                          NULL, error);
}

/**
 * clt_identity_answer:
 * @record_a: the lower record id of a pair in the review queue
 * @record_b: the higher one
 *
 * Records a person's answer: "same" merges the two profiles, "not the same" keeps them apart
 * in every later run, "skip" moves the pair to the end of the queue.
 */
gboolean
clt_identity_answer (CltWorkspace     *workspace,
                     gint64            record_a,
                     gint64            record_b,
                     CltReviewAnswer   answer,
                     GError          **error)
{
  g_autofree char *now = now_text ();

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (!answer_in_transaction (workspace, MIN (record_a, record_b), MAX (record_a, record_b), answer, now, error) ||
      !_clt_workspace_commit (workspace, error))
    {
      _clt_workspace_rollback (workspace);
      return FALSE;
    }

  return TRUE;
}

/**
 * clt_identity_undo_answer:
 *
 * Takes back the answer to a pair: a merge is undone, a decision withdrawn, a skip
 * forgotten, and the pair waits in the queue again.
 */
gboolean
clt_identity_undo_answer (CltWorkspace  *workspace,
                          gint64         record_a,
                          gint64         record_b,
                          GError       **error)
{
  g_autofree char *now = now_text ();
  gint64 a = MIN (record_a, record_b), b = MAX (record_a, record_b);
  g_autoptr(sqlite3_stmt) select = NULL;
  gint64 operation_id = 0, decision_id = 0;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (!(select = _clt_workspace_prepare (workspace,
          "SELECT operation_id, decision_id FROM review_pairs WHERE record_a = ?1 AND record_b = ?2", error)))
    goto failed;
  sqlite3_bind_int64 (select, 1, a);
  sqlite3_bind_int64 (select, 2, b);
  if (sqlite3_step (select) == SQLITE_ROW)
    {
      operation_id = sqlite3_column_int64 (select, 0);
      decision_id = sqlite3_column_int64 (select, 1);
    }
  if ((operation_id && !undo_in_transaction (workspace, operation_id, now, error)) ||
      (decision_id && !exec_ids (workspace, error, "DELETE FROM match_decisions WHERE id = ?1", decision_id, (gint64) -1)) ||
      !exec_ids (workspace, error, "UPDATE review_pairs SET answer = NULL, skipped = 0, decision_id = NULL, operation_id = NULL "
                 "WHERE record_a = ?1 AND record_b = ?2", a, b, (gint64) -1) ||
      !_clt_workspace_commit (workspace, error))
    goto failed;

  return TRUE;

failed:
  _clt_workspace_rollback (workspace);
  return FALSE;
}

gint64
clt_identity_count_review (CltWorkspace *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);

  stmt = _clt_workspace_prepare (workspace, "SELECT count(*) FROM review_pairs WHERE answer IS NULL", NULL);

  return stmt && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

#define RECORD_ORIGIN_COLUMNS "s.name, b.file_name, coalesce (r.data_row, r.row_number - 1)"
static gboolean
read_side (CltWorkspace  *workspace,
           gint64         record_id,
           char         **origin,
           gint64        *profile_id,
           char         **values)
{
  g_autoptr(GStringChunk) strings = g_string_chunk_new (256);
  CltGoldenCandidate candidate = { 0 };
  const char *match[CLT_MATCH_N_FIELDS];
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
      "SELECT " RECORD_ORIGIN_COLUMNS ", r.profile_id, " CLT_GOLDEN_COLUMNS " "
      "FROM source_records r JOIN sources s ON s.id = r.source_id JOIN import_batches b ON b.id = r.batch_id "
      "WHERE r.id = ?1", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  *origin = clt_golden_dup_origin (stmt, 0);
  *profile_id = sqlite3_column_int64 (stmt, 3);
  /* The values as the matcher compared them: a full name split into first and last. */
  clt_golden_candidate_read (&candidate, stmt, 4, strings);
  clt_golden_candidate_match_values (&candidate, match);
  for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
    values[f] = g_strdup (match[f]);

  return TRUE;
}

static void
read_evidence (CltMatchEvidence *evidence,
               const char       *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *fields;

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  evidence->prior = json_object_get_double_member_with_default (root, "prior", 0);
  if (!(fields = json_object_get_object_member (root, "fields")))
    return;

  for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
    {
      JsonObject *field = json_object_get_object_member (fields, clt_match_field_get_id (f));
      const char *level;

      if (field == NULL)
        continue;
      evidence->weights[f] = json_object_get_double_member_with_default (field, "weight", 0);
      level = json_object_get_string_member_with_default (field, "level", "missing");
      for (guint l = 0; l < CLT_MATCH_N_LEVELS; l++)
        if (g_str_equal (level, clt_match_level_get_id (l)))
          evidence->levels[f] = l;
    }
}

void
clt_review_pair_free (CltReviewPair *pair)
{
  if (pair == NULL)
    return;

  clt_match_evidence_free (pair->evidence);
  g_free (pair->origin_a);
  g_free (pair->origin_b);
  g_free (pair);
}

/**
 * clt_identity_list_review:
 * @limit: at most this many pairs
 *
 * Returns: (transfer full) (element-type CltReviewPair): the unanswered pairs, strongest
 *   first and skipped ones last
 */
GPtrArray *
clt_identity_list_review (CltWorkspace  *workspace,
                          guint          limit,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_review_pair_free);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT record_a, record_b, score, evidence FROM review_pairs WHERE answer IS NULL "
          "ORDER BY skipped, score DESC, record_a, record_b LIMIT ?1", error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, limit);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(CltReviewPair) pair = g_new0 (CltReviewPair, 1);

      pair->evidence = g_new0 (CltMatchEvidence, 1);
      pair->evidence->record_a = sqlite3_column_int64 (stmt, 0);
      pair->evidence->record_b = sqlite3_column_int64 (stmt, 1);
      pair->evidence->score = sqlite3_column_double (stmt, 2);
      read_evidence (pair->evidence, (const char *) sqlite3_column_text (stmt, 3));
      if (!read_side (workspace, pair->evidence->record_a, &pair->origin_a, &pair->profile_a, pair->evidence->values_a) ||
          !read_side (workspace, pair->evidence->record_b, &pair->origin_b, &pair->profile_b, pair->evidence->values_b))
        continue;
      g_ptr_array_add (pairs, g_steal_pointer (&pair));
    }

  return g_steal_pointer (&pairs);
}

void
clt_profile_record_free (CltProfileRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->source);
  g_free (record->file);
  g_free (record->imported_at);
  g_free (record->summary);
  g_free (record->rule);
  g_free (record);
}

/**
 * clt_identity_list_records:
 *
 * Returns: (transfer full) (element-type CltProfileRecord): the source records of @profile_id
 */
GPtrArray *
clt_identity_list_records (CltWorkspace  *workspace,
                           gint64         profile_id,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_profile_record_free);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT r.id, s.name, b.file_name, coalesce (r.data_row, r.row_number - 1), b.started_at, "
          "  trim (concat_ws (' · ', nullif (trim (concat_ws (' ', json_extract (r.normalized, '$.first_name'), "
          "    json_extract (r.normalized, '$.last_name'))), ''), json_extract (r.normalized, '$.full_name'), "
          "    json_extract (r.normalized, '$.email[0]'), json_extract (r.normalized, '$.city'), "
          "    json_extract (r.normalized, '$.card_number'), json_extract (r.normalized, '$.order_id'))), "
          "  l.rule "
          "FROM source_records r JOIN sources s ON s.id = r.source_id JOIN import_batches b ON b.id = r.batch_id "
          "LEFT JOIN record_links l ON l.record_id = r.id "
          "WHERE r.profile_id = ?1 ORDER BY s.priority, r.id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CltProfileRecord *record = g_new0 (CltProfileRecord, 1);

      record->record_id = sqlite3_column_int64 (stmt, 0);
      record->source = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      record->file = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      record->row = sqlite3_column_int64 (stmt, 3);
      record->imported_at = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      record->summary = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      record->rule = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (records, record);
    }

  return g_steal_pointer (&records);
}

void
clt_profile_value_free (CltProfileValue *value)
{
  if (value == NULL)
    return;

  g_free (value->field);
  g_free (value->value);
  g_free (value->origin);
  g_free (value->imported_at);
  g_free (value->rule);
  g_strfreev (value->competing);
  g_strfreev (value->competing_origins);
  g_free (value);
}

/**
 * clt_identity_list_values:
 *
 * Returns: (transfer full) (element-type CltProfileValue): the golden values of
 *   @profile_id in the order of the fields, each with the record it came from, the rule that
 *   chose it and the other values its records give
 */
GPtrArray *
clt_identity_list_values (CltWorkspace  *workspace,
                          gint64         profile_id,
                          GError       **error)
{
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
  g_autoptr(GPtrArray) origins = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(sqlite3_stmt) pinned = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_profile_value_free);
  g_autoptr(GHashTable) pins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(candidates = clt_golden_read_candidates (workspace, profile_id, strings, &origins, &imported, error)) ||
      !(pinned = _clt_workspace_prepare (workspace,
          "SELECT field, value FROM profile_attributes WHERE profile_id = ?1 AND pinned = 1", error)))
    return NULL;
  sqlite3_bind_int64 (pinned, 1, profile_id);
  while (sqlite3_step (pinned) == SQLITE_ROW)
    g_hash_table_insert (pins, g_strdup ((const char *) sqlite3_column_text (pinned, 0)),
                         g_strdup ((const char *) sqlite3_column_text (pinned, 1)));

  for (guint f = 0; f < CLT_GOLDEN_N_FIELDS; f++)
    {
      const CltGoldenCandidate *all = (const CltGoldenCandidate *) candidates->data;
      int chosen = clt_golden_choose (all, candidates->len, f);
      const char *pin = g_hash_table_lookup (pins, clt_golden_field_get_id (f));
      g_autoptr(GStrvBuilder) competing = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) competing_origins = g_strv_builder_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      CltProfileValue *value;

      if (chosen < 0 && pin == NULL)
        continue;

      /* A pinned value comes from the record that gives it, if one does. */
      if (pin)
        {
          chosen = -1;
          for (guint i = 0; chosen < 0 && i < candidates->len; i++)
            if (g_strcmp0 (all[i].values[f], pin) == 0)
              chosen = i;
        }

      value = g_new0 (CltProfileValue, 1);
      value->field = g_strdup (clt_golden_field_get_id (f));
      value->value = g_strdup (pin ? pin : all[chosen].values[f]);
      value->pinned = pin != NULL;
      value->rule = g_strdup (pin ? (chosen >= 0 ? "pinned" : "entered") :
                              clt_survivorship_get_id (clt_golden_field_get_rule (f)));
      value->origin = chosen >= 0 ? g_strdup (g_ptr_array_index (origins, chosen)) : NULL;
      value->imported_at = chosen >= 0 ? g_strdup (g_ptr_array_index (imported, chosen)) : NULL;

      /* The other values the records give, each once, with where it came from. */
      g_hash_table_add (seen, value->value);
      for (guint i = 0; i < candidates->len; i++)
        if (all[i].values[f] && g_hash_table_add (seen, (gpointer) all[i].values[f]))
          {
            g_strv_builder_add (competing, all[i].values[f]);
            g_strv_builder_add (competing_origins, g_ptr_array_index (origins, i));
          }
      value->competing = g_strv_builder_end (competing);
      value->competing_origins = g_strv_builder_end (competing_origins);
      g_ptr_array_add (values, value);
    }

  return g_steal_pointer (&values);
}

void
clt_profile_summary_free (CltProfileSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->name);
  g_free (summary->email);
  g_free (summary->city);
  g_free (summary);
}

/**
 * clt_identity_find_profiles:
 * @text: part of a name, e-mail address or city; "" for any
 *
 * Returns: (transfer full) (element-type CltProfileSummary): up to @limit profiles, by name
 */
GPtrArray *
clt_identity_find_profiles (CltWorkspace  *workspace,
                            const char    *text,
                            guint          limit,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_profile_summary_free);
  g_autofree char *pattern = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT p.id, p.display_name, p.email, p.city, "
          "  (SELECT count(*) FROM source_records r WHERE r.profile_id = p.id) "
          "FROM profiles p WHERE ?1 = '' OR p.display_name LIKE ?2 ESCAPE '\\' OR p.email LIKE ?2 ESCAPE '\\' "
          "  OR p.city LIKE ?2 ESCAPE '\\' "
          "ORDER BY p.display_name IS NULL, p.display_name COLLATE NOCASE, p.id LIMIT ?3", error)))
    return NULL;

  {
    GString *escaped = g_string_new ("%");

    for (const char *p = text ? text : ""; *p; p++)
      {
        if (*p == '%' || *p == '_' || *p == '\\')
          g_string_append_c (escaped, '\\');
        g_string_append_c (escaped, *p);
      }
    g_string_append_c (escaped, '%');
    pattern = g_string_free (escaped, FALSE);
  }
  sqlite3_bind_text (stmt, 1, text ? text : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, limit);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CltProfileSummary *summary = g_new0 (CltProfileSummary, 1);

      summary->profile_id = sqlite3_column_int64 (stmt, 0);
      summary->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      summary->email = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      summary->city = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      summary->n_records = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (profiles, summary);
    }

  return g_steal_pointer (&profiles);
}

/**
 * clt_identity_find_record:
 * @file_name: the name of an imported file, without folders
 * @row: its 1-based data row, the header not counted
 *
 * Returns: the source record imported from that row by the latest import of the file, or 0
 */
gint64
clt_identity_find_record (CltWorkspace  *workspace,
                          const char    *file_name,
                          gint64         row,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *row_text = g_strdup_printf ("%" G_GINT64_FORMAT, row);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT r.id FROM source_records r JOIN import_batches b ON b.id = r.batch_id "
          "WHERE b.file_name = ?1 AND coalesce (r.data_row, r.row_number - 1) = ?2 ORDER BY b.id DESC LIMIT 1", error)))
    return 0;
  sqlite3_bind_text (stmt, 1, file_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);

  g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
               _("No imported record comes from row %s of %s."), row_text, file_name);
  return 0;
}

/**
 * clt_identity_foreach_link:
 * @func: called with the file name, the 1-based data row and the profile of each record
 *
 * Walks every imported data row, file by file, with the profile it belongs to.
 */
gboolean
clt_identity_foreach_link (CltWorkspace      *workspace,
                           CltIdentityLinkFunc func,
                           gpointer           user_data,
                           GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int status;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT b.file_name, coalesce (r.data_row, r.row_number - 1) AS data_row, r.profile_id "
          "FROM source_records r JOIN import_batches b ON b.id = r.batch_id ORDER BY b.id, data_row", error)))
    return FALSE;

  while ((status = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1),
          sqlite3_column_int64 (stmt, 2), user_data);

  if (status != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the source records"));
      return FALSE;
    }

  return TRUE;
}

static double
threshold (CltWorkspace *workspace,
           const char   *key,
           double        fallback)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, "SELECT value FROM workspace_meta WHERE key = ?1", NULL);
  double value = fallback;

  if (stmt == NULL)
    return fallback;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_ascii_strtod ((const char *) sqlite3_column_text (stmt, 0), NULL);

  return value > 0 && value < 1 ? value : fallback;
}

/**
 * clt_identity_get_thresholds:
 * @upper: (out): the match probability from which records merge
 * @lower: (out): the one from which pairs go to review
 */
void
clt_identity_get_thresholds (CltWorkspace *workspace,
                             double       *upper,
                             double       *lower)
{
  g_return_if_fail (CLT_IS_WORKSPACE (workspace));

  *upper = threshold (workspace, "match_upper", CLT_RESOLVE_DEFAULT_UPPER);
  *lower = MIN (threshold (workspace, "match_lower", CLT_RESOLVE_DEFAULT_LOWER), *upper);
}

/**
 * clt_identity_set_thresholds:
 *
 * Sets the thresholds of later runs; @lower may not be above @upper.
 */
gboolean
clt_identity_set_thresholds (CltWorkspace  *workspace,
                             double         upper,
                             double         lower,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *keys[] = { "match_upper", "match_lower" };
  double values[] = { upper, lower };
  g_autofree char *detail = NULL;
  char upper_text[G_ASCII_DTOSTR_BUF_SIZE], lower_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!(upper > 0 && upper < 1 && lower > 0 && lower <= upper))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("The threshold for review must lie between 0 and the threshold for merging."));
      return FALSE;
    }

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (!(stmt = _clt_workspace_prepare (workspace, "INSERT OR REPLACE INTO workspace_meta (key, value) VALUES (?1, ?2)", error)))
    goto failed;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      sqlite3_bind_text (stmt, 1, keys[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, g_ascii_dtostr (text, sizeof text, values[i]), -1, SQLITE_TRANSIENT);
      if (!_clt_workspace_step_done (workspace, stmt, error))
        goto failed;
      sqlite3_reset (stmt);
    }
  detail = g_strdup_printf ("{\"upper\":%s,\"lower\":%s}", g_ascii_dtostr (upper_text, sizeof upper_text, upper),
                            g_ascii_dtostr (lower_text, sizeof lower_text, lower));
  if (!clt_workspace_audit (workspace, NULL, "set-match-thresholds", NULL, 0, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    goto failed;

  return TRUE;

failed:
  _clt_workspace_rollback (workspace);
  return FALSE;
}

/**
 * clt_identity_dup_source_order:
 *
 * Returns: (transfer full): the sources' names, the one that leads when values differ first
 */
GStrv
clt_identity_dup_source_order (CltWorkspace  *workspace,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace, "SELECT name FROM sources ORDER BY priority, id", error)))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));

  return g_strv_builder_end (names);
}

/**
 * clt_identity_set_source_order:
 * @names: the sources' names, the leading one first
 *
 * Sets the survivorship priority of the sources; the golden values follow at the next
 * full run.
 */
gboolean
clt_identity_set_source_order (CltWorkspace        *workspace,
                               const char * const  *names,
                               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (!(stmt = _clt_workspace_prepare (workspace, "UPDATE sources SET priority = ?2 WHERE name = ?1", error)))
    goto failed;
  for (guint i = 0; names[i]; i++)
    {
      sqlite3_bind_text (stmt, 1, names[i], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, (i + 1) * 10);
      if (!_clt_workspace_step_done (workspace, stmt, error))
        goto failed;
      sqlite3_reset (stmt);
    }
  /* Every profile's golden values are chosen anew by the next run. */
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "order");
    json_builder_begin_array (builder);
    for (guint i = 0; names[i]; i++)
      json_builder_add_string_value (builder, names[i]);
    json_builder_end_array (builder);
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    detail = json_to_string (root, FALSE);
  }
  if (!_clt_workspace_exec (workspace, "INSERT OR IGNORE INTO unresolved_records (record_id) SELECT id FROM source_records", error) ||
      !clt_workspace_audit (workspace, NULL, "set-source-priority", NULL, 0, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    goto failed;

  return TRUE;

failed:
  _clt_workspace_rollback (workspace);
  return FALSE;
}

/**
 * clt_identity_get_link:
 * @rule: (out) (transfer full): why @record_id is in its profile: "email", "card", "order",
 *   "score", "confirmed", or "alone"
 * @partner: (out): the record it was linked to, or 0
 *
 * Returns: %FALSE if identity resolution has not placed the record yet
 */
gboolean
clt_identity_get_link (CltWorkspace  *workspace,
                       gint64         record_id,
                       char         **rule,
                       gint64        *partner)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!(stmt = _clt_workspace_prepare (workspace, "SELECT rule, partner_id FROM record_links WHERE record_id = ?1", NULL)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  *rule = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *partner = sqlite3_column_int64 (stmt, 1);

  return TRUE;
}

/**
 * clt_identity_dup_record_name:
 *
 * Returns: (transfer full) (nullable): "file:row" of @record_id, as `clientele-cli explain` takes it
 */
char *
clt_identity_dup_record_name (CltWorkspace *workspace,
                              gint64        record_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT b.file_name, coalesce (r.data_row, r.row_number - 1) FROM source_records r "
          "JOIN import_batches b ON b.id = r.batch_id WHERE r.id = ?1", NULL)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, record_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, (const char *) sqlite3_column_text (stmt, 0),
                          (gint64) sqlite3_column_int64 (stmt, 1));
}

typedef struct
{
  char  *path;
  char  *text;
  guint  limit;
} FindData;

static void
find_data_free (gpointer data)
{
  FindData *find = data;

  g_free (find->path);
  g_free (find->text);
  g_free (find);
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindData *find = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  GPtrArray *found;
  GError *error = NULL;

  /* A connection of the search's own: in a large workspace it reads many pages. */
  if (!(workspace = clt_workspace_open (find->path, &error)) ||
      !(found = clt_identity_find_profiles (workspace, find->text, find->limit, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * clt_identity_find_profiles_async:
 *
 * Finds profiles as clt_identity_find_profiles() does, in a thread with a connection of its
 * own, so that a search in a large workspace does not hold up the caller.
 */
void
clt_identity_find_profiles_async (CltWorkspace        *workspace,
                                  const char          *text,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FindData *find;

  g_return_if_fail (CLT_IS_WORKSPACE (workspace));

  find = g_new0 (FindData, 1);
  find->path = g_strdup (clt_workspace_get_path (workspace));
  find->text = g_strdup (text ? text : "");
  find->limit = limit;

  task = g_task_new (workspace, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_identity_find_profiles_async);
  g_task_set_task_data (task, find, find_data_free);
  g_task_run_in_thread (task, find_thread);
}

/**
 * clt_identity_find_profiles_finish:
 *
 * Returns: (transfer full) (element-type CltProfileSummary): the profiles found, or %NULL
 */
GPtrArray *
clt_identity_find_profiles_finish (CltWorkspace  *workspace,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, workspace), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
golden_field_from_id (const char     *id,
                      CltGoldenField *field)
{
  for (guint f = 0; f < CLT_GOLDEN_N_FIELDS; f++)
    if (g_strcmp0 (clt_golden_field_get_id (f), id) == 0)
      {
        *field = f;
        return TRUE;
      }

  return FALSE;
}

/* A value a person typed, in the form the records' values have; NULL and @error when it is
 * not a value of @field. */
static char *
normalise_entered (CltWorkspace   *workspace,
                   gint64          profile_id,
                   CltGoldenField  field,
                   const char     *text,
                   GError        **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *country = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *value = NULL;

  if (trimmed[0] == '\0')
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED, _("The value is empty."));
      return NULL;
    }

  switch (field)
    {
    case CLT_GOLDEN_EMAIL:
      {
        g_autofree char *email = clt_value_normalise_email (trimmed, error);

        return email ? g_steal_pointer (&trimmed) : NULL;
      }
    case CLT_GOLDEN_PHONE:
      if ((stmt = _clt_workspace_prepare (workspace, "SELECT country FROM profiles WHERE id = ?1", NULL)))
        {
          sqlite3_bind_int64 (stmt, 1, profile_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            country = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        }
      return clt_value_normalise_phone (trimmed, country ? country : "DE", error);
    case CLT_GOLDEN_BIRTHDAY:
      return clt_value_parse_birthday (trimmed, CLT_DATE_ORDER_DMY, error);
    case CLT_GOLDEN_COUNTRY:
      if (!(value = clt_value_normalise_country (trimmed)))
        g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                     _("“%s” is not a country Clientele knows. Enter its name or its two-letter code."), trimmed);
      return value;
    case CLT_GOLDEN_POSTCODE:
      return clt_value_normalise_postcode (trimmed);
    case CLT_GOLDEN_FIRST_NAME:
    case CLT_GOLDEN_LAST_NAME:
    case CLT_GOLDEN_STREET:
    case CLT_GOLDEN_CITY:
    case CLT_GOLDEN_COMPANY:
    case CLT_GOLDEN_N_FIELDS:
    default:
      return g_steal_pointer (&trimmed);
    }
}

/**
 * clt_identity_pin_value:
 * @field: a field of the golden profile, such as "email"
 * @value: (nullable): the value to keep whatever the records say, one of theirs or one a
 *   person entered; %NULL lets the field's rule choose again
 *
 * Pins a value of @profile_id, checked and normalised as an import would, and audits it
 * (the field, not the value).
 */
gboolean
clt_identity_pin_value (CltWorkspace  *workspace,
                        gint64         profile_id,
                        const char    *field,
                        const char    *value,
                        GError       **error)
{
  g_autofree char *normal = NULL;
  g_autofree char *now = now_text ();
  g_autofree char *detail = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  CltGoldenField f;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (!golden_field_from_id (field, &f))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("A customer has no field “%s”."), field);
      return FALSE;
    }
  if (value && !(normal = normalise_entered (workspace, profile_id, f, value, error)))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, field);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (!profile_exists (workspace, profile_id))
    {
      _clt_workspace_rollback (workspace);
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("This customer no longer exists."));
      return FALSE;
    }

  if (normal)
    {
      g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
          "INSERT INTO profile_attributes (profile_id, field, value, rule, pinned, updated_at) "
          "VALUES (?1, ?2, ?3, 'pinned', 1, ?4) "
          "ON CONFLICT (profile_id, field) DO UPDATE SET value = excluded.value, rule = excluded.rule, "
          "  pinned = 1, updated_at = excluded.updated_at", error);

      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, profile_id);
      sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, normal, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      if (!_clt_workspace_step_done (workspace, stmt, error))
        goto failed;
    }
  else
    {
      g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
          "DELETE FROM profile_attributes WHERE profile_id = ?1 AND field = ?2", error);

      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, profile_id);
      sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
      if (!_clt_workspace_step_done (workspace, stmt, error))
        goto failed;
    }

  if (!clt_golden_refresh (workspace, profile_id, error) ||
      !clt_workspace_audit (workspace, NULL, normal ? "pin-value" : "unpin-value", "profile",
                            profile_id, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    goto failed;

  return TRUE;

failed:
  _clt_workspace_rollback (workspace);
  return FALSE;
}

/**
 * clt_identity_dup_pinned_value:
 *
 * Returns: (transfer full) (nullable): the value pinned for @field of @profile_id, or %NULL
 *   when its rule chooses it
 */
char *
clt_identity_dup_pinned_value (CltWorkspace *workspace,
                               gint64        profile_id,
                               const char   *field)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT value FROM profile_attributes WHERE profile_id = ?1 AND field = ?2 AND pinned = 1", NULL)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static const char *
node_text (JsonNode *node,
           char    **owned)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return "";

  return *owned = json_to_string (node, FALSE);
}

static GStrv
json_array_to_strv (const char  *text,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!json_parser_load_from_data (parser, text ? text : "[]", -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return g_strv_builder_end (builder);

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *owned = NULL;

      g_strv_builder_add (builder, node_text (json_array_get_element (array, i), &owned));
    }

  return g_strv_builder_end (builder);
}

/**
 * clt_identity_read_raw_row:
 * @columns: (out) (transfer full): the file's column names
 * @values: (out) (transfer full): the record's row as it was imported, column by column
 *
 * Reads a source record as its file had it: a row of a table, or the members of an object
 * of a JSON file.
 */
gboolean
clt_identity_read_raw_row (CltWorkspace  *workspace,
                           gint64         record_id,
                           GStrv         *columns,
                           GStrv         *values,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *raw;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (columns != NULL && values != NULL, FALSE);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT b.header, r.raw FROM source_records r JOIN import_batches b ON b.id = r.batch_id "
          "WHERE r.id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED, _("The record no longer exists."));
      return FALSE;
    }

  raw = (const char *) sqlite3_column_text (stmt, 1);
  if (!json_parser_load_from_data (parser, raw ? raw : "[]", -1, error))
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      g_autoptr(GList) members = json_object_get_members (object);
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) texts = g_strv_builder_new ();

      for (GList *l = members; l; l = l->next)
        {
          g_autofree char *owned = NULL;

          g_strv_builder_add (names, l->data);
          g_strv_builder_add (texts, node_text (json_object_get_member (object, l->data), &owned));
        }
      *columns = g_strv_builder_end (names);
      *values = g_strv_builder_end (texts);
      return TRUE;
    }

  if (!(*columns = json_array_to_strv ((const char *) sqlite3_column_text (stmt, 0), error)))
    return FALSE;
  if (!(*values = json_array_to_strv (raw, error)))
    {
      g_clear_pointer (columns, g_strfreev);
      return FALSE;
    }

  return TRUE;
}
