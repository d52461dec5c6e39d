/* clt-workspace.c: one SQLite file holding everything Clientele knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-workspace"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "clt-browse-private.h"
#include "clt-consent-private.h"
#include "clt-workspace-private.h"
#include "clientele-core-resources.h"

/* "Clt1" in the file header, so other SQLite files are told apart from workspaces. */
#define CLT_APPLICATION_ID 0x436c7431
#define BUSY_TIMEOUT_MS    5000

struct _CltWorkspace
{
  GObject  parent_instance;

  char         *path;
  sqlite3      *db;
  /* Who the audit log names for this connection's writes. */
  char         *actor;
  guint         schema_version;

  /* Where "changed" is emitted: the thread-default context the workspace was opened in. */
  GMainContext *context;
  GSource      *changed_source;
  /* The derived tables are rebuilt before each commit (version 6 on: the profile browser's
   * facts read the consent ledger's). */
  guint         has_browse : 1;
  guint         has_consent_sets : 1;
  guint         has_fact_sets : 1;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_SCHEMA_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* From this schema version on, each commit rebuilds the changed profiles' consent, facts and
 * search words: the facts (version 4) read profile_consent (version 6), so a workspace
 * migrating from before 6 has its facts rebuilt once, by the commit of version 6. */
#define BROWSE_SCHEMA_VERSION 6
/* From this version on, each commit keeps the consent sets as well, and counts itself. */
#define CONSENT_SETS_SCHEMA_VERSION 7
#define FACT_SETS_SCHEMA_VERSION 10

/* Migrations in order: migrations[i] brings the schema to version i + 1. */
static const char * const migrations[] = {
  "/io/github/clientele/core/schema/0001-initial.sql",
  "/io/github/clientele/core/schema/0002-import.sql",
  "/io/github/clientele/core/schema/0003-identity.sql",
  "/io/github/clientele/core/schema/0004-browse.sql",
  "/io/github/clientele/core/schema/0005-segments.sql",
  "/io/github/clientele/core/schema/0006-governance.sql",
  "/io/github/clientele/core/schema/0007-consent-sets.sql",
  "/io/github/clientele/core/schema/0008-retention-and-notices.sql",
  "/io/github/clientele/core/schema/0009-insights.sql",
  "/io/github/clientele/core/schema/0010-fact-sets.sql",
  "/io/github/clientele/core/schema/0011-suggestions-and-data-changes.sql",
  "/io/github/clientele/core/schema/0012-fewer-record-indexes.sql",
};

/* Tables counted by info, in the order shown; never user input. */
static const char * const counted_tables[] = {
  "sources",
  "import_batches",
  "import_rejects",
  "source_records",
  "profiles",
  "profile_attributes",
  "events",
  "consent_events",
  "suppression",
  "segments",
  "exports",
  "audit_log",
  "record_identifiers",
  "record_changes",
  "restrictions",
  "subject_requests",
  "export_recipients",
};

G_DEFINE_FINAL_TYPE (CltWorkspace, clt_workspace, G_TYPE_OBJECT)

G_DEFINE_QUARK (clt-workspace-error-quark, clt_workspace_error)

static void
clt_workspace_finalize (GObject *object)
{
  CltWorkspace *self = (CltWorkspace *) object;

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (clt_workspace_parent_class)->finalize (object);
}

static void
clt_workspace_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CltWorkspace *self = CLT_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SCHEMA_VERSION:
      g_value_set_uint (value, self->schema_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_workspace_class_init (CltWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_workspace_finalize;
  object_class->get_property = clt_workspace_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCHEMA_VERSION] =
    g_param_spec_uint ("schema-version", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CltWorkspace::changed:
   *
   * Emitted after a write through this workspace committed, in the thread-default main
   * context the workspace was opened in (once for writes that commit in quick succession).
   * Writes through other connections to the same file are not seen.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
clt_workspace_init (CltWorkspace *self)
{
  self->context = g_main_context_ref_thread_default ();
}

static gboolean
emit_changed_cb (gpointer user_data)
{
  CltWorkspace *self = user_data;

  g_clear_pointer (&self->changed_source, g_source_unref);
  g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

/* Only where someone listens (a connection of an importer's or resolver's own has nobody, and
 * is not kept open for a main loop that may never run). The source holds a reference, so the
 * workspace outlives it even when the commit was made in another thread. */
static void
queue_changed (CltWorkspace *self)
{
  if (self->changed_source != NULL || !g_signal_has_handler_pending (self, signals[CHANGED], 0, TRUE))
    return;

  self->changed_source = g_idle_source_new ();
  g_source_set_priority (self->changed_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->changed_source, emit_changed_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (self->changed_source, "[clt] workspace changed");
  g_source_attach (self->changed_source, self->context);
}

void
_clt_workspace_set_error (CltWorkspace  *self,
                          GError       **error,
                          const char    *what)
{
  int code = sqlite3_extended_errcode (self->db) & 0xff;
  CltWorkspaceError kind;

  switch (code)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      kind = CLT_WORKSPACE_ERROR_BUSY;
      break;

    case SQLITE_NOTADB:
      kind = CLT_WORKSPACE_ERROR_NOT_SQLITE;
      break;

    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      kind = CLT_WORKSPACE_ERROR_IO;
      break;

    default:
      kind = CLT_WORKSPACE_ERROR_FAILED;
    }

  if (kind == CLT_WORKSPACE_ERROR_BUSY)
    g_set_error (error, CLT_WORKSPACE_ERROR, kind,
                 _("The workspace is busy: another program is writing to it. Try again in a moment."));
  else if (code == SQLITE_FULL)
    /* Translators: %s says what was being done, such as "Could not import the file" */
    g_set_error (error, CLT_WORKSPACE_ERROR, kind,
                 _("%s: the disk is full. Free some space and try again."), what);
  else
    g_set_error (error, CLT_WORKSPACE_ERROR, kind,
                 "%s: %s", what, sqlite3_errmsg (self->db));
}

sqlite3 *
_clt_workspace_get_db (CltWorkspace *self)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  return self->db;
}

/* Whether the schema has the consent sets (version 7), which commits keep. */
gboolean
_clt_workspace_has_consent_sets (CltWorkspace *self)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), FALSE);

  return self->has_consent_sets;
}

/* The commits that changed some profile's data (schema 11 on; 0 before): what derived data
 * such as the insights was computed from. Read it in the transaction that reads the data. */
gint64
_clt_workspace_get_data_changes (CltWorkspace *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (self), 0);

  stmt = _clt_workspace_prepare (self, "SELECT CAST (value AS INTEGER) FROM workspace_meta WHERE key = 'data_changes'", NULL);

  return stmt && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/**
 * _clt_context_post:
 * @context: (nullable): where @func runs; the global default context when %NULL
 *
 * Runs @func once in @context, from any thread: always in the thread that runs @context,
 * never here (g_main_context_invoke() calls right away when nobody owns the context, which
 * from a worker means the worker).
 */
void
_clt_context_post (GMainContext   *context,
                   GSourceFunc     func,
                   gpointer        data,
                   GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[clt] from a worker");
  g_source_attach (source, context);
  g_source_unref (source);
}

/* Whether the schema has the fact sets (version 10), which commits keep. */
gboolean
_clt_workspace_has_fact_sets (CltWorkspace *self)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), FALSE);

  return self->has_fact_sets;
}

sqlite3_stmt *
_clt_workspace_prepare (CltWorkspace  *self,
                        const char    *sql,
                        GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _clt_workspace_set_error (self, error, _("Could not prepare a query"));
      return NULL;
    }

  return stmt;
}

gboolean
_clt_workspace_exec (CltWorkspace  *self,
                     const char    *sql,
                     GError       **error)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _clt_workspace_set_error (self, error, _("Could not change the workspace"));
      return FALSE;
    }

  return TRUE;
}

gboolean
_clt_workspace_step_done (CltWorkspace  *self,
                          sqlite3_stmt  *stmt,
                          GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _clt_workspace_set_error (self, error, _("Could not write to the workspace"));
      return FALSE;
    }

  return TRUE;
}

gboolean
_clt_workspace_begin (CltWorkspace  *self,
                      GError       **error)
{
  return _clt_workspace_exec (self, "BEGIN IMMEDIATE", error);
}

/**
 * _clt_workspace_commit:
 *
 * Brings the profile browser's facts and search words and the consent sets up to date for
 * the profiles the transaction changed, counts the commit, then commits, then queues
 * #CltWorkspace::changed.
 */
gboolean
_clt_workspace_commit (CltWorkspace  *self,
                       GError       **error)
{
  if (self->has_browse && !_clt_browse_refresh (self, FALSE, error))
    return FALSE;
  if (self->has_consent_sets &&
      !_clt_workspace_exec (self, "UPDATE workspace_meta SET value = CAST (value AS INTEGER) + 1 WHERE key = 'commits'", error))
    return FALSE;

  if (!_clt_workspace_exec (self, "COMMIT", error))
    return FALSE;

  queue_changed (self);

  return TRUE;
}

void
_clt_workspace_rollback (CltWorkspace *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gint64
query_int (CltWorkspace  *self,
           const char    *sql,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (self, error, _("Could not read the workspace"));
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/* A file is refused before SQLite sees it unless it is empty or starts with the SQLite header. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[16] = { 0 };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize n_read = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_IO,
                   _("Cannot read “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &n_read, NULL, &local_error))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_IO,
                   _("Cannot read “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (n_read != 0 && (n_read < sizeof header || memcmp (header, magic, sizeof magic) != 0))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_NOT_SQLITE,
                   _("“%s” is not a Clientele workspace (it is not an SQLite database)"), path);
      return FALSE;
    }

  return TRUE;
}

/* The folder is private (0700) and a new file is created 0600 before SQLite opens it;
 * SQLite gives its -wal and -shm files the same mode as the database. */
static gboolean
prepare_file (const char  *path,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;
          g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_IO,
                       _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
          return FALSE;
        }
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_IO,
                   _("Cannot open “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

static gboolean
apply_migration (CltWorkspace  *self,
                 guint          version,
                 GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *pragmas = NULL;

  bytes = g_resource_lookup_data (clientele_core_get_resource (), migrations[version - 1],
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  if (!_clt_workspace_begin (self, error))
    return FALSE;

  /* The pragmas hold constants only: the version comes from the migrations table. */
  pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %u;",
                             CLT_APPLICATION_ID, version);

  if (!_clt_workspace_exec (self, g_bytes_get_data (bytes, NULL), error))
    {
      _clt_workspace_rollback (self);
      g_prefix_error (error, _("Could not update the workspace to version %u: "), version);
      return FALSE;
    }

  /* From its own migration on, every commit keeps the browser's facts current. */
  if (version >= BROWSE_SCHEMA_VERSION)
    self->has_browse = TRUE;
  if (version >= CONSENT_SETS_SCHEMA_VERSION)
    self->has_consent_sets = TRUE;
  if (version >= FACT_SETS_SCHEMA_VERSION)
    self->has_fact_sets = TRUE;

  if (!_clt_workspace_exec (self, pragmas, error) ||
      !_clt_workspace_commit (self, error))
    {
      _clt_workspace_rollback (self);
      g_prefix_error (error, _("Could not update the workspace to version %u: "), version);
      return FALSE;
    }

  g_debug ("Workspace %s migrated to schema version %u", self->path, version);

  return TRUE;
}

static gboolean
check_and_migrate (CltWorkspace  *self,
                   GError       **error)
{
  gint64 app_id;
  gint64 version;
  gint64 n_objects;
  guint latest = G_N_ELEMENTS (migrations);

  if ((app_id = query_int (self, "PRAGMA application_id", error)) < 0 ||
      (version = query_int (self, "PRAGMA user_version", error)) < 0 ||
      (n_objects = query_int (self, "SELECT count(*) FROM sqlite_schema", error)) < 0)
    {
      if (error != NULL && *error != NULL && (*error)->code == CLT_WORKSPACE_ERROR_NOT_SQLITE)
        {
          g_clear_error (error);
          g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_NOT_SQLITE,
                       _("“%s” is not a Clientele workspace (it is not an SQLite database)"), self->path);
        }
      return FALSE;
    }

  if (app_id == 0 && version == 0 && n_objects == 0)
    {
      /* A new file: fall through to the migrations. */
    }
  else if (app_id != CLT_APPLICATION_ID)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_NOT_WORKSPACE,
                   _("“%s” is an SQLite database but not a Clientele workspace"), self->path);
      return FALSE;
    }
  else if (version > latest)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_TOO_NEW,
                   _("“%s” was made by a newer Clientele (schema version %u, this one knows up to %u); update Clientele to open it"),
                   self->path, (guint) version, latest);
      return FALSE;
    }

  self->has_browse = version >= BROWSE_SCHEMA_VERSION;
  self->has_consent_sets = version >= CONSENT_SETS_SCHEMA_VERSION;
  self->has_fact_sets = version >= FACT_SETS_SCHEMA_VERSION;

  for (guint v = (guint) version + 1; v <= latest; v++)
    {
      if (!apply_migration (self, v, error))
        return FALSE;
    }

  self->schema_version = latest;

  return TRUE;
}

/**
 * clt_workspace_open:
 * @path: the workspace file; created when missing
 * @error: a location for a #GError
 *
 * Opens the workspace at @path, creating it (and its folder) when it does not
 * exist and bringing an older schema up to date. Files that are not SQLite,
 * SQLite files that are not workspaces, and workspaces of a newer Clientele
 * are refused with %CLT_WORKSPACE_ERROR.
 *
 * Returns: (transfer full): the workspace, or %NULL
 */
CltWorkspace *
clt_workspace_open (const char  *path,
                    GError     **error)
{
  g_autoptr(CltWorkspace) self = NULL;
  const char *pragmas =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA secure_delete = ON;";
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_NOT_WORKSPACE,
                       _("“%s” is a folder, not a Clientele workspace"), path);
          return NULL;
        }
      if (!check_header (path, error))
        return NULL;
    }
  else if (!prepare_file (path, error))
    return NULL;

  self = g_object_new (CLT_TYPE_WORKSPACE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_IO,
                   _("Cannot open “%s”: %s"), path, sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!_clt_browse_register_functions (self->db))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), path, sqlite3_errmsg (self->db));
      return NULL;
    }

  if (!_clt_workspace_exec (self, pragmas, error) || !check_and_migrate (self, error))
    return NULL;

  /* Erasures made after this copy of the file was taken are made again before anyone can
   * read or export from it (clt-erasure-ledger.c). */
  if (!_clt_erasure_ledger_reapply (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * clt_workspace_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/clientele/workspace.sqlite3`
 */
char *
clt_workspace_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "clientele", "workspace.sqlite3", NULL);
}

guint
clt_workspace_get_latest_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
clt_workspace_get_path (CltWorkspace *self)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  return self->path;
}

/**
 * clt_workspace_dup_name:
 *
 * Returns: (transfer full): the name shown for the workspace: its file name without extension
 */
char *
clt_workspace_dup_name (CltWorkspace *self)
{
  g_autofree char *base = NULL;
  char *dot;

  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  base = g_path_get_basename (self->path);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';

  return g_steal_pointer (&base);
}

guint
clt_workspace_get_schema_version (CltWorkspace *self)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), 0);

  return self->schema_version;
}

static gboolean
is_counted_table (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (counted_tables); i++)
    {
      if (g_str_equal (table, counted_tables[i]))
        return TRUE;
    }

  return FALSE;
}

/**
 * clt_workspace_count:
 * @table: one of the workspace's tables
 *
 * Returns: the number of rows in @table, or -1 with @error set
 */
gint64
clt_workspace_count (CltWorkspace  *self,
                     const char    *table,
                     GError       **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (self), -1);
  g_return_val_if_fail (table != NULL, -1);

  /* Table names cannot be bound; only names from the fixed list reach the SQL text. */
  if (!is_counted_table (table))
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("“%s” is not a workspace table"), table);
      return -1;
    }

  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);

  return query_int (self, sql, error);
}

/**
 * clt_workspace_count_tables:
 *
 * Returns: (transfer full) (element-type CltTableCount): the row count of each table
 */
GArray *
clt_workspace_count_tables (CltWorkspace  *self,
                            GError       **error)
{
  g_autoptr(GArray) counts = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  counts = g_array_sized_new (FALSE, FALSE, sizeof (CltTableCount), G_N_ELEMENTS (counted_tables));

  for (guint i = 0; i < G_N_ELEMENTS (counted_tables); i++)
    {
      CltTableCount count = { counted_tables[i], 0 };

      if ((count.rows = clt_workspace_count (self, counted_tables[i], error)) < 0)
        return NULL;

      g_array_append_val (counts, count);
    }

  return g_steal_pointer (&counts);
}

static void
count_tables_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CltWorkspace *self = source_object;
  g_autoptr(CltWorkspace) connection = NULL;
  g_autoptr(GError) error = NULL;
  GArray *counts;

  /* A connection of the thread's own: counting a large workspace reads many pages. */
  if (!(connection = clt_workspace_open (self->path, &error)) ||
      !(counts = clt_workspace_count_tables (connection, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, counts, (GDestroyNotify) g_array_unref);
}

/**
 * clt_workspace_count_tables_async:
 *
 * Counts the rows of each table in a worker thread, as clt_workspace_count_tables() does.
 */
void
clt_workspace_count_tables_async (CltWorkspace        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_workspace_count_tables_async);
  g_task_run_in_thread (task, count_tables_thread);
}

/**
 * clt_workspace_count_tables_finish:
 *
 * Returns: (transfer full) (element-type CltTableCount): the row count of each table
 */
GArray *
clt_workspace_count_tables_finish (CltWorkspace  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * clt_workspace_get_data_version:
 *
 * Returns: a number that changes when another connection (an import, a resolution in a
 *   thread, another process) has committed to the workspace since it was last asked
 */
gint64
clt_workspace_get_data_version (CltWorkspace *self)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), -1);

  return query_int (self, "PRAGMA data_version", NULL);
}

/**
 * clt_workspace_is_empty:
 *
 * Returns: %TRUE when nothing has been imported into the workspace yet
 */
gboolean
clt_workspace_is_empty (CltWorkspace *self)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), TRUE);

  return query_int (self, "SELECT NOT EXISTS (SELECT 1 FROM sources)", NULL) != 0;
}

/**
 * clt_workspace_dup_source_names:
 *
 * Returns: (transfer full): the names of the workspace's sources, by priority
 */
GStrv
clt_workspace_dup_source_names (CltWorkspace  *self,
                                GError       **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  if (!(stmt = _clt_workspace_prepare (self, "SELECT name FROM sources ORDER BY priority, name", error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (self, error, _("Could not read the sources"));
      return NULL;
    }

  return g_strv_builder_end (names);
}

/* The hash of an audit entry: SHA-256 over the previous entry's hash and the entry's fields,
 * each with its length, so that moving text between fields changes the hash. */
static char *
audit_hash (const char *prev_hash,
            const char *at,
            const char *actor,
            const char *action,
            const char *object_kind,
            gint64      object_id,
            const char *detail)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, object_id);
  const char *parts[] = {
    prev_hash ? prev_hash : "", at, actor, action, object_kind ? object_kind : "", id_text, detail ? detail : "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *len = g_strdup_printf ("%zu:", strlen (parts[i]));

      g_checksum_update (checksum, (const guchar *) len, -1);
      g_checksum_update (checksum, (const guchar *) parts[i], -1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * clt_workspace_audit:
 * @actor: (nullable): who did it; %NULL for the workspace's actor
 * @action: what was done, such as "import" or "undo-import"
 * @object_kind: (nullable): the kind of object, such as "import_batch"
 * @object_id: the object's id, or 0
 * @detail: (nullable): JSON with the particulars; never personal data
 *
 * Appends to the audit log, whose rows form a hash chain: each row's hash covers the
 * previous row's hash and its own fields, so a changed or removed row shows
 * (clt_workspace_verify_audit()). Call it inside the transaction of the change it records.
 */
gboolean
clt_workspace_audit (CltWorkspace  *self,
                     const char    *actor,
                     const char    *action,
                     const char    *object_kind,
                     gint64         object_id,
                     const char    *detail,
                     GError       **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (actor == NULL)
    actor = clt_workspace_get_actor (self);

  if (!(last = _clt_workspace_prepare (self, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", error)))
    return FALSE;
  if (sqlite3_step (last) == SQLITE_ROW)
    prev_hash = g_strdup ((const char *) sqlite3_column_text (last, 0));

  hash = audit_hash (prev_hash, at, actor, action, object_kind, object_id, detail);

  if (!(insert = _clt_workspace_prepare (self,
          "INSERT INTO audit_log (at, actor, action, object_kind, object_id, detail, prev_hash, hash) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)))
    return FALSE;

  sqlite3_bind_text (insert, 1, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, object_kind, -1, SQLITE_STATIC);
  if (object_id != 0)
    sqlite3_bind_int64 (insert, 5, object_id);
  sqlite3_bind_text (insert, 6, detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, hash, -1, SQLITE_STATIC);

  return _clt_workspace_step_done (self, insert, error);
}

/**
 * clt_workspace_verify_audit:
 * @n_checked: (out) (optional): how many entries were checked
 * @error: a location for a #GError
 *
 * Walks the audit log's hash chain: each entry's hash must be the hash of its fields and of
 * the entry before, whose hash it names. An edited entry fails its own hash; a removed one
 * breaks the link of the next. (Removing the newest entries leaves a shorter valid chain:
 * only a copy of the latest hash kept outside the workspace shows that.)
 *
 * Returns: the id of the first entry that does not verify, 0 when all do, or -1 with
 *   @error set
 */
gint64
clt_workspace_verify_audit (CltWorkspace  *self,
                            gint64        *n_checked,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *prev_hash = NULL;
  gint64 checked = 0;
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (self), -1);

  if (!(stmt = _clt_workspace_prepare (self,
          "SELECT id, at, actor, action, object_kind, coalesce (object_id, 0), detail, prev_hash, hash "
          "FROM audit_log ORDER BY id", error)))
    return -1;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 7);
      const char *stored = (const char *) sqlite3_column_text (stmt, 8);
      g_autofree char *hash = NULL;

      hash = audit_hash (prev_hash,
                         (const char *) sqlite3_column_text (stmt, 1),
                         (const char *) sqlite3_column_text (stmt, 2),
                         (const char *) sqlite3_column_text (stmt, 3),
                         (const char *) sqlite3_column_text (stmt, 4),
                         sqlite3_column_int64 (stmt, 5),
                         (const char *) sqlite3_column_text (stmt, 6));
      if (g_strcmp0 (stored_prev, prev_hash) != 0 || g_strcmp0 (stored, hash) != 0)
        {
          if (n_checked)
            *n_checked = checked;
          return sqlite3_column_int64 (stmt, 0);
        }

      g_free (prev_hash);
      prev_hash = g_strdup (stored);
      checked++;
    }

  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (self, error, _("Could not read the audit log"));
      return -1;
    }

  if (n_checked)
    *n_checked = checked;

  return 0;
}

void
clt_audit_entry_free (CltAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->object_kind);
  g_free (entry->detail);
  g_free (entry);
}

/**
 * clt_workspace_list_audit:
 * @action: (nullable): only entries of this action, such as "import"
 * @actor: (nullable): only entries of this actor
 * @before_id: only entries older than this one (the last of the page before); 0 for the newest
 * @limit: at most this many entries
 *
 * Reads a page of the audit log, newest first, by keyset on the entry id.
 *
 * Returns: (transfer full) (element-type CltAuditEntry): the entries, or %NULL with @error set
 */
GPtrArray *
clt_workspace_list_audit (CltWorkspace  *self,
                          const char    *action,
                          const char    *actor,
                          gint64         before_id,
                          guint          limit,
                          GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_audit_entry_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  if (!(stmt = _clt_workspace_prepare (self,
          "SELECT id, at, actor, action, object_kind, coalesce (object_id, 0), detail FROM audit_log "
          "WHERE (?1 IS NULL OR action = ?1) AND (?2 IS NULL OR actor = ?2) AND (?3 <= 0 OR id < ?3) "
          "ORDER BY id DESC LIMIT ?4", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, actor, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, before_id);
  sqlite3_bind_int64 (stmt, 4, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltAuditEntry *entry = g_new0 (CltAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->action = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->object_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      entry->object_id = sqlite3_column_int64 (stmt, 5);
      entry->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (self, error, _("Could not read the audit log"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

static GStrv
dup_column (CltWorkspace  *self,
            const char    *sql,
            GError       **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _clt_workspace_prepare (self, sql, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (self, error, _("Could not read the audit log"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/**
 * clt_workspace_dup_audit_actions:
 *
 * Returns: (transfer full): the actions the audit log holds, sorted, or %NULL with @error set
 */
GStrv
clt_workspace_dup_audit_actions (CltWorkspace  *self,
                                 GError       **error)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  return dup_column (self, "SELECT DISTINCT action FROM audit_log ORDER BY action", error);
}

/**
 * clt_workspace_dup_audit_actors:
 *
 * Returns: (transfer full): the actors the audit log names, sorted, or %NULL with @error set
 */
GStrv
clt_workspace_dup_audit_actors (CltWorkspace  *self,
                                GError       **error)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  return dup_column (self, "SELECT DISTINCT actor FROM audit_log ORDER BY actor", error);
}

/**
 * clt_workspace_get_actor:
 *
 * Returns: (transfer none): who this connection's writes are recorded as: the name set with
 *   clt_workspace_set_actor(), else the user's login name
 */
const char *
clt_workspace_get_actor (CltWorkspace *self)
{
  g_return_val_if_fail (CLT_IS_WORKSPACE (self), NULL);

  return self->actor ? self->actor : g_get_user_name ();
}

/**
 * clt_workspace_set_actor:
 * @actor: (nullable): the name the audit log and the ledger record for this connection's
 *   writes (from the preferences or clientele-cli --actor); %NULL for the login name
 */
void
clt_workspace_set_actor (CltWorkspace *self,
                         const char   *actor)
{
  g_return_if_fail (CLT_IS_WORKSPACE (self));

  g_set_str (&self->actor, actor && actor[0] ? actor : NULL);
}

/**
 * _clt_workspace_dup_meta:
 *
 * Returns: (transfer full) (nullable): a value of workspace_meta
 */
char *
_clt_workspace_dup_meta (CltWorkspace *self,
                         const char   *key)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (self, "SELECT value FROM workspace_meta WHERE key = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * _clt_workspace_set_meta:
 *
 * Sets a value of workspace_meta; call it inside a transaction.
 */
gboolean
_clt_workspace_set_meta (CltWorkspace  *self,
                         const char    *key,
                         const char    *value,
                         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _clt_workspace_prepare (self, "INSERT OR REPLACE INTO workspace_meta (key, value) VALUES (?1, ?2)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return _clt_workspace_step_done (self, stmt, error);
}

/**
 * _clt_workspace_checkpoint:
 *
 * Copies the write-ahead log into the database file and truncates it to nothing, so that
 * deleted data is left in neither (with secure_delete, which the workspace turns on).
 */
gboolean
_clt_workspace_checkpoint (CltWorkspace  *self,
                           GError       **error)
{
  if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
    {
      _clt_workspace_set_error (self, error, _("Could not write the workspace file"));
      return FALSE;
    }
  return TRUE;
}
