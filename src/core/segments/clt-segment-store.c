/* clt-segment-store.c: saved segments in the workspace
 *
 * Every write is one transaction through the workspace's helpers and one audit entry that
 * names the segment by id and version only (names and definitions may hold personal data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-segment-json.h"
#include "clt-segment-private.h"
#include "clt-segment-store-private.h"
#include "clt-workspace-private.h"

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static const char *
kind_text (CltSegmentKind kind)
{
  return kind == CLT_SEGMENT_KIND_STATIC ? "static" : "dynamic";
}

static gboolean
audit (CltWorkspace  *workspace,
       const char    *actor,
       const char    *action,
       gint64         id,
       gint64         version,
       GError       **error)
{
  g_autofree char *detail = version > 0 ? g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT "}", version) : NULL;

  return clt_workspace_audit (workspace, actor ? actor : clt_workspace_get_actor (workspace), action, "segment", id, detail, error);
}

static gboolean
not_found (gint64   id,
           GError **error)
{
  g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND, _("There is no segment %lld"), (long long) id);

  return FALSE;
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name == NULL || g_utf8_strlen (name, -1) == 0 || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_INVALID, _("A segment needs a name"));
      return FALSE;
    }

  return TRUE;
}

/* A name held by a live segment other than @except is taken. A deleted segment holding it
 * gives it up: it is renamed "NAME (deleted ID)", so that it can still be brought back, and
 * segment ids are never used twice (references and exports name segments by id). */
static gboolean
claim_name (CltWorkspace  *workspace,
            const char    *name,
            gint64         except,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) find = _clt_workspace_prepare (workspace,
    "SELECT id, deleted_at IS NOT NULL FROM segments WHERE name = ?1 AND id <> ?2", error);
  g_autoptr(sqlite3_stmt) rename = NULL;
  g_autofree char *new_name = NULL;
  gint64 id;

  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (find, 2, except);
  if (sqlite3_step (find) != SQLITE_ROW)
    return TRUE;

  id = sqlite3_column_int64 (find, 0);
  if (!sqlite3_column_int (find, 1))
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_EXISTS, _("There is a segment called “%s” already"), name);
      return FALSE;
    }

  /* Translators: the name a deleted segment gives up when another segment takes it */
  new_name = g_strdup_printf (_("%s (deleted %lld)"), name, (long long) id);
  if (!(rename = _clt_workspace_prepare (workspace, "UPDATE segments SET name = ?2 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (rename, 1, id);
  sqlite3_bind_text (rename, 2, new_name, -1, SQLITE_STATIC);

  return _clt_workspace_step_done (workspace, rename, error) && audit (workspace, NULL, "segment-rename", id, 0, error);
}

/* Adds version @version of segment @id as it now is in the segments table. */
static gboolean
add_version (CltWorkspace  *workspace,
             gint64         id,
             const char    *actor,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "INSERT INTO segment_versions (segment_id, version, name, kind, definition, actor, created_at) "
    "SELECT id, version, name, kind, definition, ?2, updated_at FROM segments WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, actor ? actor : clt_workspace_get_actor (workspace), -1, SQLITE_STATIC);

  return _clt_workspace_step_done (workspace, stmt, error);
}

/* Freezes a static segment's members: the profiles its definition holds now. */
static gboolean
freeze_members (CltWorkspace     *workspace,
                gint64            id,
                CltSegmentGroup  *root,
                GError          **error)
{
  g_autoptr(CltCompiled) compiled = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *from = NULL;
  g_autofree char *sql = NULL;

  if (!(compiled = _clt_segment_compile (workspace, root, NULL, error)) ||
      !(clear = _clt_workspace_prepare (workspace, "DELETE FROM segment_members WHERE segment_id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (clear, 1, id);
  if (!_clt_workspace_step_done (workspace, clear, error))
    return FALSE;

  from = _clt_compiled_from (compiled);
  /* The segment's id is the parameter after the compiled ones. */
  sql = g_strdup_printf ("INSERT INTO segment_members (segment_id, profile_id) SELECT ?%u, f.profile_id "
                         "FROM %s WHERE %s", compiled->bindings->len + 1, from,
                         ((CltCompiledNode *) g_ptr_array_index (compiled->nodes, 0))->expr);
  if (!(insert = _clt_workspace_prepare (workspace, sql, error)))
    return FALSE;
  _clt_compiled_bind (compiled, insert);
  sqlite3_bind_int64 (insert, compiled->bindings->len + 1, id);

  return _clt_workspace_step_done (workspace, insert, error);
}

static gboolean
finish (CltWorkspace  *workspace,
        gboolean       ok)
{
  if (!ok)
    {
      _clt_workspace_rollback (workspace);
      return FALSE;
    }

  return TRUE;
}

static gint64 save_segment (CltWorkspace *workspace, const char *name, CltSegmentGroup *root, CltSegmentKind kind,
                            const gint64 *ids, guint n_ids, const char *suggestion, const char *actor, GError **error);

/* Adds @ids, those that are profiles, to the members of static segment @id. */
static gboolean
insert_members (CltWorkspace  *workspace,
                gint64         id,
                const gint64  *ids,
                guint          n_ids,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = _clt_workspace_prepare (workspace,
      "INSERT OR IGNORE INTO segment_members (segment_id, profile_id) SELECT ?1, id FROM profiles WHERE id = ?2", error);

  for (guint i = 0; insert && i < n_ids; i++)
    {
      sqlite3_bind_int64 (insert, 1, id);
      sqlite3_bind_int64 (insert, 2, ids[i]);
      if (!_clt_workspace_step_done (workspace, insert, error))
        return FALSE;
      sqlite3_reset (insert);
    }

  return insert != NULL;
}

/**
 * clt_segment_store_save:
 * @name: a name no other segment has
 * @kind: dynamic, or static to freeze the members it holds now
 * @actor: (nullable): who saves it; the user by default
 *
 * Saves a new segment as its version 1. Its references must exist and not lead back to it.
 *
 * Returns: the new segment's id, or 0
 */
gint64
clt_segment_store_save (CltWorkspace     *workspace,
                        const char       *name,
                        CltSegmentGroup  *root,
                        CltSegmentKind    kind,
                        const char       *actor,
                        GError          **error)
{
  return save_segment (workspace, name, root, kind, NULL, 0, NULL, actor, error);
}

/* Saves a new segment; a static one holds @ids if given, else what its definition holds now. */
static gint64
save_segment (CltWorkspace     *workspace,
              const char       *name,
              CltSegmentGroup  *root,
              CltSegmentKind    kind,
              const gint64     *ids,
              guint             n_ids,
              const char       *suggestion,
              const char       *actor,
              GError          **error)
{
  g_autofree char *definition = NULL;
  g_autofree char *at = now_text ();
  g_autoptr(sqlite3_stmt) insert = NULL;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (root), 0);

  if (!check_name (name, error) || !_clt_segment_check (workspace, root, 0, error))
    return 0;
  definition = clt_segment_definition_to_json (root);

  if (!_clt_workspace_begin (workspace, error))
    return 0;
  ok = claim_name (workspace, name, 0, error) &&
       (insert = _clt_workspace_prepare (workspace,
          "INSERT INTO segments (name, definition, kind, created_at, updated_at, suggestion) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
          error));
  if (ok)
    {
      sqlite3_bind_text (insert, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, definition, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, kind_text (kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, at, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, suggestion, -1, SQLITE_STATIC);
      ok = _clt_workspace_step_done (workspace, insert, error);
      id = sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));
    }
  ok = ok && add_version (workspace, id, actor, error) &&
       (kind != CLT_SEGMENT_KIND_STATIC ||
        (ids ? insert_members (workspace, id, ids, n_ids, error) : freeze_members (workspace, id, root, error))) &&
       audit (workspace, actor, "segment-save", id, 1, error) &&
       _clt_workspace_commit (workspace, error);

  return finish (workspace, ok) ? id : 0;
}

/* Writes a new version of segment @id with @definition (already checked); a static segment
 * freezes its members anew. */
static gboolean
write_version (CltWorkspace     *workspace,
               gint64            id,
               CltSegmentGroup  *root,
               const char       *actor,
               const char       *action,
               GError          **error)
{
  g_autofree char *definition = clt_segment_definition_to_json (root);
  g_autofree char *at = now_text ();
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) read = NULL;
  gint64 version;

  if (!(update = _clt_workspace_prepare (workspace,
          "UPDATE segments SET definition = ?2, updated_at = ?3, version = version + 1 "
          "WHERE id = ?1 AND deleted_at IS NULL", error)))
    return FALSE;
  sqlite3_bind_int64 (update, 1, id);
  sqlite3_bind_text (update, 2, definition, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, at, -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (workspace, update, error))
    return FALSE;
  if (sqlite3_changes (_clt_workspace_get_db (workspace)) == 0)
    return not_found (id, error);

  /* A fixed list's members change only by freezing, adding or removing: a hand-picked list has
   * no conditions, and an empty group holds everyone. */
  if (!(read = _clt_workspace_prepare (workspace, "SELECT version FROM segments WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (read, 1, id);
  if (sqlite3_step (read) != SQLITE_ROW)
    return not_found (id, error);
  version = sqlite3_column_int64 (read, 0);

  return add_version (workspace, id, actor, error) && audit (workspace, actor, action, id, version, error);
}

/**
 * clt_segment_store_update:
 *
 * Saves @root as the next version of segment @id.
 */
gboolean
clt_segment_store_update (CltWorkspace     *workspace,
                          gint64            id,
                          CltSegmentGroup  *root,
                          const char       *actor,
                          GError          **error)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (root), FALSE);

  if (!_clt_segment_check (workspace, root, id, error) || !_clt_workspace_begin (workspace, error))
    return FALSE;

  return finish (workspace, write_version (workspace, id, root, actor, "segment-update", error) &&
                            _clt_workspace_commit (workspace, error));
}

/**
 * clt_segment_store_restore_version:
 *
 * Saves version @version's definition as the next version of segment @id.
 */
gboolean
clt_segment_store_restore_version (CltWorkspace  *workspace,
                                   gint64         id,
                                   gint64         version,
                                   const char    *actor,
                                   GError       **error)
{
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(CltSegmentGroup) root = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!(read = _clt_workspace_prepare (workspace,
          "SELECT definition FROM segment_versions WHERE segment_id = ?1 AND version = ?2", error)))
    return FALSE;
  sqlite3_bind_int64 (read, 1, id);
  sqlite3_bind_int64 (read, 2, version);
  if (sqlite3_step (read) != SQLITE_ROW)
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND,
                   _("Segment %lld has no version %lld"), (long long) id, (long long) version);
      return FALSE;
    }
  if (!(root = clt_segment_definition_from_json ((const char *) sqlite3_column_text (read, 0), -1, error)))
    return FALSE;
  g_clear_pointer (&read, sqlite3_finalize);

  if (!_clt_segment_check (workspace, root, id, error) || !_clt_workspace_begin (workspace, error))
    return FALSE;

  return finish (workspace, write_version (workspace, id, root, actor, "segment-restore", error) &&
                            _clt_workspace_commit (workspace, error));
}

/**
 * clt_segment_store_rename:
 *
 * Renames a segment; references to it keep working (they name it by id).
 */
gboolean
clt_segment_store_rename (CltWorkspace  *workspace,
                          gint64         id,
                          const char    *name,
                          const char    *actor,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *at = now_text ();
  gboolean ok;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!check_name (name, error) || !_clt_workspace_begin (workspace, error))
    return FALSE;

  ok = claim_name (workspace, name, id, error) &&
       (update = _clt_workspace_prepare (workspace,
          "UPDATE segments SET name = ?2, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL", error));
  if (ok)
    {
      sqlite3_bind_int64 (update, 1, id);
      sqlite3_bind_text (update, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 3, at, -1, SQLITE_STATIC);
      ok = _clt_workspace_step_done (workspace, update, error) &&
           (sqlite3_changes (_clt_workspace_get_db (workspace)) > 0 || not_found (id, error));
    }

  return finish (workspace, ok && audit (workspace, actor, "segment-rename", id, 0, error) &&
                            _clt_workspace_commit (workspace, error));
}

/**
 * clt_segment_store_duplicate:
 *
 * Saves a copy of segment @id's latest definition (and a static one's members) as a new
 * segment called @name.
 *
 * Returns: the copy's id, or 0
 */
gint64
clt_segment_store_duplicate (CltWorkspace  *workspace,
                             gint64         id,
                             const char    *name,
                             const char    *actor,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) members = NULL;
  g_autofree char *at = now_text ();
  gint64 copy = 0;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);

  if (!check_name (name, error) || !_clt_workspace_begin (workspace, error))
    return 0;

  ok = claim_name (workspace, name, 0, error) &&
       (insert = _clt_workspace_prepare (workspace,
          "INSERT INTO segments (name, definition, kind, created_at, updated_at) "
          "SELECT ?2, definition, kind, ?3, ?3 FROM segments WHERE id = ?1 AND deleted_at IS NULL", error));
  if (ok)
    {
      sqlite3_bind_int64 (insert, 1, id);
      sqlite3_bind_text (insert, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, at, -1, SQLITE_STATIC);
      ok = _clt_workspace_step_done (workspace, insert, error) &&
           (sqlite3_changes (_clt_workspace_get_db (workspace)) > 0 || not_found (id, error));
      copy = sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));
    }
  ok = ok && (members = _clt_workspace_prepare (workspace,
                "INSERT INTO segment_members (segment_id, profile_id) "
                "SELECT ?2, profile_id FROM segment_members WHERE segment_id = ?1", error));
  if (ok)
    {
      sqlite3_bind_int64 (members, 1, id);
      sqlite3_bind_int64 (members, 2, copy);
      ok = _clt_workspace_step_done (workspace, members, error);
    }
  ok = ok && add_version (workspace, copy, actor, error) &&
       audit (workspace, actor, "segment-duplicate", copy, 1, error) &&
       _clt_workspace_commit (workspace, error);

  return finish (workspace, ok) ? copy : 0;
}

static gboolean
set_deleted (CltWorkspace  *workspace,
             gint64         id,
             gboolean       deleted,
             const char    *actor,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *at = now_text ();
  gboolean ok;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  ok = (update = _clt_workspace_prepare (workspace, deleted
          ? "UPDATE segments SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL"
          : "UPDATE segments SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL AND ?2 IS NOT NULL",
          error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (update, 1, id);
      sqlite3_bind_text (update, 2, at, -1, SQLITE_STATIC);
      ok = _clt_workspace_step_done (workspace, update, error) &&
           (sqlite3_changes (_clt_workspace_get_db (workspace)) > 0 || not_found (id, error));
    }

  return finish (workspace, ok && audit (workspace, actor, deleted ? "segment-delete" : "segment-undelete", id, 0, error) &&
                            _clt_workspace_commit (workspace, error));
}

/**
 * clt_segment_store_delete:
 *
 * Deletes a segment so that clt_segment_store_undelete() can bring it back (Undo). When
 * another segment takes its name, it is renamed "NAME (deleted ID)".
 */
gboolean
clt_segment_store_delete (CltWorkspace  *workspace,
                          gint64         id,
                          const char    *actor,
                          GError       **error)
{
  return set_deleted (workspace, id, TRUE, actor, error);
}

gboolean
clt_segment_store_undelete (CltWorkspace  *workspace,
                            gint64         id,
                            const char    *actor,
                            GError       **error)
{
  return set_deleted (workspace, id, FALSE, actor, error);
}

/**
 * clt_segment_store_freeze:
 *
 * Makes segment @id static with the members its definition holds now.
 */
gboolean
clt_segment_store_freeze (CltWorkspace  *workspace,
                          gint64         id,
                          const char    *actor,
                          GError       **error)
{
  g_autoptr(CltSegment) segment = NULL;
  g_autoptr(CltSegmentGroup) root = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  gboolean ok;

  if (!(segment = clt_segment_store_get (workspace, id, error)) || !(root = clt_segment_dup_root (segment, error)) ||
      !_clt_workspace_begin (workspace, error))
    return FALSE;

  ok = freeze_members (workspace, id, root, error) &&
       (update = _clt_workspace_prepare (workspace, "UPDATE segments SET kind = 'static' WHERE id = ?1", error));
  if (ok)
    {
      sqlite3_bind_int64 (update, 1, id);
      ok = _clt_workspace_step_done (workspace, update, error);
    }

  return finish (workspace, ok && audit (workspace, actor, "segment-freeze", id, 0, error) &&
                            _clt_workspace_commit (workspace, error));
}

#define SEGMENT_COLUMNS "id, name, kind, definition, version, updated_at, deleted_at IS NOT NULL, suggestion"

static CltSegment *
segment_from_row (sqlite3_stmt *stmt)
{
  return _clt_segment_new (sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                           g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "static") == 0
                             ? CLT_SEGMENT_KIND_STATIC : CLT_SEGMENT_KIND_DYNAMIC,
                           (const char *) sqlite3_column_text (stmt, 3), sqlite3_column_int64 (stmt, 4), NULL,
                           (const char *) sqlite3_column_text (stmt, 5), sqlite3_column_int (stmt, 6),
                           (const char *) sqlite3_column_text (stmt, 7));
}

/**
 * clt_segment_store_get:
 *
 * Returns: (transfer full): segment @id as saved (deleted or not), or %NULL
 */
CltSegment *
clt_segment_store_get (CltWorkspace  *workspace,
                       gint64         id,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace, "SELECT " SEGMENT_COLUMNS " FROM segments WHERE id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      not_found (id, error);
      return NULL;
    }

  return segment_from_row (stmt);
}

/**
 * clt_segment_store_find:
 *
 * Returns: the id of the live segment called @name, or 0
 */
gint64
clt_segment_store_find (CltWorkspace *workspace,
                        const char   *name)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);

  if (name == NULL ||
      !(stmt = _clt_workspace_prepare (workspace, "SELECT id FROM segments WHERE name = ?1 AND deleted_at IS NULL", NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);

  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/**
 * clt_segment_store_list:
 *
 * Returns: (transfer full): the live segments (#CltSegment) by name
 */
GListModel *
clt_segment_store_list (CltWorkspace  *workspace,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CLT_TYPE_SEGMENT);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace, "SELECT " SEGMENT_COLUMNS " FROM segments "
                                                  "WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id", error)))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (items, segment_from_row (stmt));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * clt_segment_store_list_versions:
 *
 * Returns: (transfer full): segment @id's versions (#CltSegment with version, actor and the
 *   time saved), newest first
 */
GListModel *
clt_segment_store_list_versions (CltWorkspace  *workspace,
                                 gint64         id,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CLT_TYPE_SEGMENT);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT segment_id, name, kind, definition, version, actor, created_at FROM segment_versions "
          "WHERE segment_id = ?1 ORDER BY version DESC", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (items, _clt_segment_new (sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                                              g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "static") == 0
                                                ? CLT_SEGMENT_KIND_STATIC : CLT_SEGMENT_KIND_DYNAMIC,
                                              (const char *) sqlite3_column_text (stmt, 3), sqlite3_column_int64 (stmt, 4),
                                              (const char *) sqlite3_column_text (stmt, 5),
                                              (const char *) sqlite3_column_text (stmt, 6), FALSE, NULL));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * clt_segment_store_list_members:
 *
 * Returns: (transfer full) (element-type gint64): segment @id's members by profile id, in
 *   order: a static segment's frozen list, a dynamic one's by its single compiled query
 */
GArray *
clt_segment_store_list_members (CltWorkspace  *workspace,
                                gint64         id,
                                GError       **error)
{
  g_autoptr(CltSegment) segment = NULL;
  g_autoptr(CltSegmentGroup) root = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GArray *ids;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(segment = clt_segment_store_get (workspace, id, error)))
    return NULL;
  if (clt_segment_get_kind (segment) == CLT_SEGMENT_KIND_DYNAMIC)
    return (root = clt_segment_dup_root (segment, error)) ? _clt_segment_select_members (workspace, root, NULL, error)
                                                          : NULL;

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT profile_id FROM segment_members WHERE segment_id = ?1 ORDER BY profile_id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 profile = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, profile);
    }

  return ids;
}

/**
 * clt_segment_store_look:
 * @entered: (out) (optional) (transfer full) (element-type gint64): who is a member now and was not at the last look
 * @left: (out) (optional) (transfer full) (element-type gint64): who was at the last look and is not now
 *
 * Compares segment @id's members with those at the last look and remembers them as the last
 * look. At the first look everyone has entered.
 */
gboolean
clt_segment_store_look (CltWorkspace  *workspace,
                        gint64         id,
                        const char    *actor,
                        GArray       **entered,
                        GArray       **left,
                        GError       **error)
{
  g_autoptr(GArray) now = NULL;
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) in = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autofree char *at = now_text ();
  guint i = 0, j = 0;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  ok = (now = clt_segment_store_list_members (workspace, id, error)) != NULL &&
       (read = _clt_workspace_prepare (workspace,
          "SELECT profile_id FROM segment_looks WHERE segment_id = ?1 ORDER BY profile_id", error)) != NULL;
  if (!ok)
    return finish (workspace, FALSE);
  sqlite3_bind_int64 (read, 1, id);
  while (sqlite3_step (read) == SQLITE_ROW)
    {
      gint64 profile = sqlite3_column_int64 (read, 0);

      g_array_append_val (before, profile);
    }

  /* Both in order: one merge. */
  while (i < now->len || j < before->len)
    {
      gint64 a = i < now->len ? g_array_index (now, gint64, i) : G_MAXINT64;
      gint64 b = j < before->len ? g_array_index (before, gint64, j) : G_MAXINT64;

      if (a == b)
        i++, j++;
      else if (a < b)
        {
          g_array_append_val (in, a);
          i++;
        }
      else
        {
          g_array_append_val (out, b);
          j++;
        }
    }

  ok = (clear = _clt_workspace_prepare (workspace, "DELETE FROM segment_looks WHERE segment_id = ?1", error)) &&
       (insert = _clt_workspace_prepare (workspace,
          "INSERT INTO segment_looks (segment_id, profile_id) VALUES (?1, ?2)", error)) &&
       (mark = _clt_workspace_prepare (workspace, "UPDATE segments SET looked_at = ?2 WHERE id = ?1", error));
  if (ok)
    {
      sqlite3_bind_int64 (clear, 1, id);
      ok = _clt_workspace_step_done (workspace, clear, error);
    }
  for (guint k = 0; ok && k < now->len; k++)
    {
      sqlite3_bind_int64 (insert, 1, id);
      sqlite3_bind_int64 (insert, 2, g_array_index (now, gint64, k));
      ok = _clt_workspace_step_done (workspace, insert, error);
      sqlite3_reset (insert);
    }
  if (ok)
    {
      sqlite3_bind_int64 (mark, 1, id);
      sqlite3_bind_text (mark, 2, at, -1, SQLITE_STATIC);
      ok = _clt_workspace_step_done (workspace, mark, error) && audit (workspace, actor, "segment-look", id, 0, error) &&
           _clt_workspace_commit (workspace, error);
    }
  if (!finish (workspace, ok))
    return FALSE;

  if (entered)
    *entered = g_steal_pointer (&in);
  if (left)
    *left = g_steal_pointer (&out);

  return TRUE;
}

/**
 * clt_segment_store_overlap:
 * @only_a: (out) (optional): members of @a only
 * @both: (out) (optional): members of both
 * @only_b: (out) (optional): members of @b only
 *
 * Counts two segments' overlap, for a Venn diagram.
 */
gboolean
clt_segment_store_overlap (CltWorkspace  *workspace,
                           gint64         a,
                           gint64         b,
                           gint64        *only_a,
                           gint64        *both,
                           gint64        *only_b,
                           GError       **error)
{
  g_autoptr(GArray) x = NULL;
  g_autoptr(GArray) y = NULL;
  guint i = 0, j = 0;
  gint64 n = 0;

  if (!(x = clt_segment_store_list_members (workspace, a, error)) ||
      !(y = clt_segment_store_list_members (workspace, b, error)))
    return FALSE;

  while (i < x->len && j < y->len)
    {
      gint64 p = g_array_index (x, gint64, i), q = g_array_index (y, gint64, j);

      if (p == q)
        n++, i++, j++;
      else if (p < q)
        i++;
      else
        j++;
    }

  if (only_a)
    *only_a = x->len - n;
  if (both)
    *both = n;
  if (only_b)
    *only_b = y->len - n;

  return TRUE;
}

/* Adds or removes @ids as members of static segment @id. */
static gboolean
change_members (CltWorkspace  *workspace,
                gint64         id,
                const gint64  *ids,
                guint          n_ids,
                gboolean       add,
                const char    *actor,
                GError       **error)
{
  g_autoptr(CltSegment) segment = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  if (!(segment = clt_segment_store_get (workspace, id, error)))
    return FALSE;
  if (clt_segment_get_kind (segment) != CLT_SEGMENT_KIND_STATIC || clt_segment_get_deleted (segment))
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_INVALID,
                   _("Customers can be added to and removed from a fixed list only"));
      return FALSE;
    }

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (add)
    ok = insert_members (workspace, id, ids, n_ids, error);
  else
    {
      stmt = _clt_workspace_prepare (workspace, "DELETE FROM segment_members WHERE segment_id = ?1 AND profile_id = ?2",
                                     error);
      ok = stmt != NULL;
      for (guint i = 0; ok && i < n_ids; i++)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, ids[i]);
          ok = _clt_workspace_step_done (workspace, stmt, error);
          sqlite3_reset (stmt);
        }
    }
  ok = ok && audit (workspace, actor, add ? "segment-add-members" : "segment-remove-members", id, 0, error) &&
       _clt_workspace_commit (workspace, error);

  return finish (workspace, ok);
}

/**
 * clt_segment_store_add_members:
 * @ids: (array length=n_ids): profiles
 * @added: (out) (optional) (array length=n_added) (transfer full): the profiles that were not
 *   members before, to take back with clt_segment_store_remove_members()
 *
 * Adds customers to static segment @id (a fixed list), audited.
 *
 * Returns: whether they were added
 */
gboolean
clt_segment_store_add_members (CltWorkspace  *workspace,
                               gint64         id,
                               const gint64  *ids,
                               guint          n_ids,
                               const char    *actor,
                               GArray       **added,
                               GError       **error)
{
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) known = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  if (!(members = clt_segment_store_list_members (workspace, id, error)))
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    g_hash_table_add (known, &g_array_index (members, gint64, i));
  for (guint i = 0; i < n_ids; i++)
    if (!g_hash_table_contains (known, &ids[i]))
      g_array_append_val (fresh, ids[i]);

  if (!change_members (workspace, id, ids, n_ids, TRUE, actor, error))
    return FALSE;
  if (added)
    *added = g_steal_pointer (&fresh);

  return TRUE;
}

/**
 * clt_segment_store_remove_members:
 * @ids: (array length=n_ids): profiles
 *
 * Takes customers out of static segment @id, audited.
 *
 * Returns: whether they were taken out
 */
gboolean
clt_segment_store_remove_members (CltWorkspace  *workspace,
                                  gint64         id,
                                  const gint64  *ids,
                                  guint          n_ids,
                                  const char    *actor,
                                  GError       **error)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);

  return change_members (workspace, id, ids, n_ids, FALSE, actor, error);
}

/**
 * clt_segment_store_save_list:
 * @ids: (array length=n_ids): its members
 *
 * Saves a new static segment (a fixed list) of @ids, chosen by hand: its members are those
 * added, never frozen from its (empty) definition.
 *
 * Returns: the new segment's id, or 0
 */
gint64
clt_segment_store_save_list (CltWorkspace  *workspace,
                             const char    *name,
                             const gint64  *ids,
                             guint          n_ids,
                             const char    *actor,
                             GError       **error)
{
  g_autoptr(CltSegmentGroup) chosen = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);

  return save_segment (workspace, name, chosen, CLT_SEGMENT_KIND_STATIC, ids, n_ids, NULL, actor, error);
}

/**
 * clt_segment_store_save_suggestion:
 * @ids: (array length=n_ids): its members
 * @suggestion: the suggested audience's description
 *
 * Saves a new static segment of the members of a suggested audience (clt-suggestions.c),
 * marked as made from that suggestion.
 *
 * Returns: the new segment's id, or 0
 */
gint64
clt_segment_store_save_suggestion (CltWorkspace  *workspace,
                                   const char    *name,
                                   const gint64  *ids,
                                   guint          n_ids,
                                   const char    *suggestion,
                                   const char    *actor,
                                   GError       **error)
{
  g_autoptr(CltSegmentGroup) chosen = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), 0);
  g_return_val_if_fail (suggestion != NULL, 0);

  return save_segment (workspace, name, chosen, CLT_SEGMENT_KIND_STATIC, ids, n_ids, suggestion, actor, error);
}
