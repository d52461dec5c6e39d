/* clt-erasure-ledger.c: erasures kept beside the workspace, and made again in a restored copy
 *
 * An erasure puts the person's addresses on the workspace's suppression list, but a backup of
 * the file taken before the erasure knows nothing of it: restored, it would bring the person
 * back. So each erasure is also written to a ledger outside the file, in the user's data
 * folder: $XDG_DATA_HOME/clientele/erasures/ID.txt, where ID is derived from the workspace's
 * suppression key (its copies share it; nothing about the key can be learnt from it). The
 * ledger holds no personal data: per address the same keyed hash the suppression list holds,
 * its kind and the date.
 *
 * Each time a workspace is opened, before anything can read or export from it, the ledger's
 * hashes are looked up in its suppression list. Any missing (the file predates the erasure)
 * go on the list, and everyone holding such an address is erased again, in one transaction
 * with an audit entry; then nothing of them is left in the file (T-25).
 *
 * The entry is written inside the erasure's transaction, before it commits: an erasure is
 * never committed without it. Should the commit fail after it was written, the erasure is
 * made when the workspace is next opened; the person asked for it.
 *
 * Limits: the ledger is per user account. A backup restored on another computer or account
 * needs the ledger file restored with it; copies made before the workspace had a suppression
 * key (schema version 6) have another key, so the ledger cannot recognise them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-erasure-ledger"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "clt-consent-private.h"
#include "clt-workspace-private.h"

#define LEDGER_HEADER \
  "# Clientele erasure ledger: keyed hashes of the addresses of people erased from one workspace.\n" \
  "# Clientele makes these erasures again when it opens a copy of the workspace from before them.\n"

static char *
dup_path (CltWorkspace  *workspace,
          GError       **error)
{
  g_autofree char *id = _clt_suppression_dup_workspace_id (workspace, error);
  g_autofree char *name = NULL;

  if (id == NULL)
    return NULL;
  name = g_strconcat (id, ".txt", NULL);

  return g_build_filename (g_get_user_data_dir (), "clientele", "erasures", name, NULL);
}

static char *
dup_hex (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  char *hex = g_malloc (2 * size + 1);

  for (gsize i = 0; i < size; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", data[i]);

  return hex;
}

/*
 * _clt_erasure_ledger_append:
 * @kinds_and_values: (element-type utf8): an erased person's identifiers, as kind and
 *   normalised value in turn; only e-mails and phones are written
 * @erased_at: when (ISO 8601)
 *
 * Appends an erasure to the workspace's ledger (created 0600 in a 0700 folder) and syncs it
 * to disk. Call it inside the erasure's transaction, so that an erasure is never committed
 * without it.
 */
gboolean
_clt_erasure_ledger_append (CltWorkspace  *workspace,
                            GPtrArray     *kinds_and_values,
                            const char    *erased_at,
                            GError       **error)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  struct stat st;
  gssize written;
  int fd;

  if (!(hmac = _clt_suppression_new_hmac (workspace, error)) || !(path = dup_path (workspace, error)))
    return FALSE;

  for (guint i = 0; i < kinds_and_values->len; i += 2)
    {
      const char *kind = g_ptr_array_index (kinds_and_values, i);
      g_autoptr(GBytes) hash = NULL;
      g_autofree char *hex = NULL;

      if (!g_str_equal (kind, "email") && !g_str_equal (kind, "phone"))
        continue;
      hash = _clt_suppression_digest (hmac, kind, g_ptr_array_index (kinds_and_values, i + 1));
      hex = dup_hex (hash);
      g_string_append_printf (lines, "erasure\t%s\t%s\t%s\n", kind, hex, erased_at);
    }
  if (lines->len == 0)
    return TRUE;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot keep the erasure in “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }
  if ((fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot keep the erasure in “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  if (fstat (fd, &st) == 0 && st.st_size == 0)
    g_string_prepend (lines, LEDGER_HEADER);

  written = write (fd, lines->str, lines->len);
  if (written != (gssize) lines->len || fsync (fd) != 0)
    {
      int errsv = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot keep the erasure in “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

typedef struct
{
  char *kind;
  char *hash;    /* hex */
  char *erased_at;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->kind);
  g_free (entry->hash);
  g_free (entry->erased_at);
  g_free (entry);
}

static GPtrArray *
read_entries (const char  *path,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&entries);
      /* Refused rather than opened without it: the erasures must come first. */
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_IO,
                   _("Cannot read the erasure ledger “%s”: %s"), path, local_error->message);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      Entry *entry;

      if (g_strv_length (fields) != 4 || !g_str_equal (fields[0], "erasure") ||
          (!g_str_equal (fields[1], "email") && !g_str_equal (fields[1], "phone")) || strlen (fields[2]) != 64)
        continue;
      entry = g_new0 (Entry, 1);
      entry->kind = g_strdup (fields[1]);
      entry->hash = g_ascii_strdown (fields[2], -1);
      entry->erased_at = g_strdup (fields[3]);
      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

/* The entries whose hash the suppression list does not hold as an erasure. */
static GPtrArray *
find_missing (CltWorkspace  *workspace,
              GPtrArray     *entries,
              GError       **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT EXISTS (SELECT 1 FROM suppression WHERE hash = unhex (?1) AND scope = 'all')", error)))
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);

      sqlite3_bind_text (stmt, 1, entry->hash, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          _clt_workspace_set_error (workspace, error, _("Could not read the suppression list"));
          return NULL;
        }
      if (sqlite3_column_int (stmt, 0) == 0)
        g_ptr_array_add (missing, entry);
      sqlite3_reset (stmt);
    }

  return g_steal_pointer (&missing);
}

/* The profiles and the addresses of the workspace whose hashes are in @hashes. */
static gboolean
find_holders (CltWorkspace  *workspace,
              GHashTable    *hashes,
              GArray        *profiles,
              GPtrArray     *identifiers,
              GError       **error)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autoptr(sqlite3_stmt) scan = NULL;
  g_autoptr(sqlite3_stmt) holders = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int rc;

  if (!(hmac = _clt_suppression_new_hmac (workspace, error)) ||
      !(scan = _clt_workspace_prepare (workspace,
          "SELECT kind, value FROM record_identifiers WHERE kind IN ('email', 'phone') "
          "UNION SELECT 'email', lower (trim (email)) FROM profiles WHERE email IS NOT NULL AND trim (email) <> '' "
          "UNION SELECT identifier_kind, identifier FROM consent_events WHERE identifier_kind IN ('email', 'phone') "
          "UNION SELECT identifier_kind, identifier FROM basis_assertions WHERE identifier_kind IN ('email', 'phone') "
          "UNION SELECT identifier_kind, identifier FROM export_recipients WHERE identifier_kind IN ('email', 'phone')",
          error)) ||
      !(holders = _clt_workspace_prepare (workspace,
          "SELECT r.profile_id FROM record_identifiers i JOIN source_records r ON r.id = i.record_id "
          "WHERE i.kind = ?1 AND i.value = ?2 AND r.profile_id IS NOT NULL "
          "UNION SELECT id FROM profiles WHERE ?1 = 'email' AND lower (trim (email)) = ?2", error)))
    return FALSE;

  while ((rc = sqlite3_step (scan)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (scan, 0);
      const char *value = (const char *) sqlite3_column_text (scan, 1);
      g_autoptr(GBytes) hash = NULL;
      g_autofree char *hex = NULL;

      if (kind == NULL || value == NULL)
        continue;
      hash = _clt_suppression_digest (hmac, kind, value);
      hex = dup_hex (hash);
      if (!g_hash_table_contains (hashes, hex))
        continue;

      g_ptr_array_add (identifiers, g_strdup (kind));
      g_ptr_array_add (identifiers, g_strdup (value));
      sqlite3_bind_text (holders, 1, kind, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (holders, 2, value, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (holders) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (holders, 0);

          if (g_hash_table_contains (seen, &id))
            continue;
          g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
          g_array_append_val (profiles, id);
        }
      sqlite3_reset (holders);
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the customers"));
      return FALSE;
    }

  return TRUE;
}

/*
 * _clt_erasure_ledger_reapply:
 *
 * Makes again, in this copy of the workspace, the erasures its ledger holds that its
 * suppression list does not. Called when the workspace is opened; does nothing (but read
 * the ledger and look its hashes up) when the file knows them all.
 */
gboolean
_clt_erasure_ledger_reapply (CltWorkspace  *workspace,
                             GError       **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GHashTable) hashes = NULL;
  g_autoptr(GArray) profiles = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) identifiers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(sqlite3_stmt) suppress = NULL;
  g_autofree char *detail = NULL;

  if (!(path = dup_path (workspace, error)) || !(entries = read_entries (path, error)))
    return FALSE;
  if (entries->len == 0)
    return TRUE;
  if (!(missing = find_missing (workspace, entries, error)))
    return FALSE;
  if (missing->len == 0)
    return TRUE;

  /* Looked up again under the write lock: another connection may have made them meanwhile. */
  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  g_clear_pointer (&missing, g_ptr_array_unref);
  if (!(missing = find_missing (workspace, entries, error)))
    goto fail;
  if (missing->len == 0)
    {
      _clt_workspace_rollback (workspace);
      return TRUE;
    }

  hashes = g_hash_table_new (g_str_hash, g_str_equal);
  if (!(suppress = _clt_workspace_prepare (workspace,
          "INSERT INTO suppression (hash, kind, reason, created_at, scope, actor) "
          "VALUES (unhex (?1), ?2, 'erasure', ?3, 'all', 'erasure ledger') "
          "ON CONFLICT (hash) DO UPDATE SET reason = 'erasure', scope = 'all', created_at = excluded.created_at, "
          "  actor = excluded.actor", error)))
    goto fail;
  for (guint i = 0; i < missing->len; i++)
    {
      Entry *entry = g_ptr_array_index (missing, i);

      g_hash_table_add (hashes, entry->hash);
      sqlite3_bind_text (suppress, 1, entry->hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (suppress, 2, entry->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (suppress, 3, entry->erased_at, -1, SQLITE_STATIC);
      if (!_clt_workspace_step_done (workspace, suppress, error))
        goto fail;
      sqlite3_reset (suppress);
    }

  if (!find_holders (workspace, hashes, profiles, identifiers, error))
    goto fail;

  ledger = clt_consent_ledger_new (workspace);
  for (guint i = 0; i < profiles->len; i++)
    if (!_clt_consent_erase_in_transaction (ledger, g_array_index (profiles, gint64, i), FALSE, "reapply-erasure",
                                            error))
      goto fail;
  for (guint i = 0; i < identifiers->len; i += 2)
    if (!_clt_consent_erase_identifier_in_transaction (ledger, g_ptr_array_index (identifiers, i),
                                                       g_ptr_array_index (identifiers, i + 1), error))
      goto fail;

  detail = g_strdup_printf ("{\"addresses\":%u,\"profiles\":%u}", missing->len, profiles->len);
  if (!clt_workspace_audit (workspace, "erasure ledger", "reapply-erasures", NULL, 0, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  g_message ("Made %u erasures again that this copy of the workspace predates", missing->len);

  return _clt_consent_scrub (ledger, error);

fail:
  _clt_workspace_rollback (workspace);
  return FALSE;
}
