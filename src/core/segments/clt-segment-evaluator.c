/* clt-segment-evaluator.c: counting segments on a connection of its own
 *
 * Counts come from bitmaps of profile ids: each condition's ids are read by one query of
 * its own (indexed where the catalogue allows) and kept while the workspace is unchanged,
 * so editing one condition reads only that condition again. Groups, the total, each node's
 * own count, what each removes from its group and the consent split are then bit
 * operations. clt_segment_evaluator_count_sql() counts the same with the single compiled
 * query instead, as a baseline and a cross-check.
 *
 * An evaluator may be used from any thread, one call at a time (calls wait for each
 * other); the async calls run in a worker on a copy of the tree, and a cancelled call stops
 * SQLite through its progress handler. A count with several conditions to read reads them
 * on two connections at once, in two threads, when both see the same commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-evaluator"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-segment-counts-private.h"
#include "clt-segment-evaluator.h"
#include "clt-segment-json.h"
#include "clt-segment-member-private.h"
#include "clt-segment-private.h"
#include "clt-workspace-private.h"

/* Bitmaps kept for conditions, at most. */
#define MAX_CACHED 64
/* A condition whose complement has at most this many profiles reads the complement. */
#define COMPLEMENT_MAX 65536

typedef struct
{
  gsize    n_words;
  guint64  words[];
} Bitmap;

/* One matching event: its profile and the value aggregated. */
typedef struct
{
  gint64 id;
  double value;
} Row;

typedef struct _CltSegmentEvaluator CltSegmentEvaluator;

/* A connection and what its SQL functions write into during one read. */
typedef struct
{
  CltSegmentEvaluator *evaluator;
  CltWorkspace        *workspace;
  Bitmap              *target;
  GArray              *rows;       /* of Row, while a behaviour condition's events are read */
  Bitmap              *row_seen;
} Reader;

struct _CltSegmentEvaluator
{
  GObject       parent_instance;

  GMutex        mutex;
  CltWorkspace *workspace;
  GDateTime    *now;
  char         *purpose;
  char         *channel;

  /* The call under way: what stops it. */
  GCancellable *cancellable;

  /* The evaluator's connection, and a second one for reading beside it (opened when
   * first needed). */
  Reader        reader;
  Reader       *second;

  /* Valid while the workspace is unchanged (data_version and our own changes). */
  gint64        data_version;
  gint64        total_changes;
  Bitmap       *universe;
  gint64        max_id;
  GHashTable   *cache;   /* binding key → Bitmap */
};

G_DEFINE_FINAL_TYPE (CltSegmentEvaluator, clt_segment_evaluator, G_TYPE_OBJECT)

/* ---- bitmaps ---- */

static Bitmap *
bitmap_new (gint64 max_id)
{
  gsize n_words = (gsize) (max_id / 64 + 1);
  Bitmap *bitmap = g_malloc0 (sizeof (Bitmap) + n_words * sizeof (guint64));

  bitmap->n_words = n_words;

  return bitmap;
}

static Bitmap *
bitmap_copy (const Bitmap *bitmap)
{
  return g_memdup2 (bitmap, sizeof (Bitmap) + bitmap->n_words * sizeof (guint64));
}

static inline void
bitmap_set (Bitmap *bitmap,
            gint64  id)
{
  if (id >= 0 && (guint64) id / 64 < bitmap->n_words)
    bitmap->words[id / 64] |= G_GUINT64_CONSTANT (1) << (id % 64);
}

static gint64
bitmap_count (const Bitmap *bitmap)
{
  gint64 n = 0;

  for (gsize i = 0; i < bitmap->n_words; i++)
    n += __builtin_popcountll (bitmap->words[i]);

  return n;
}

/* Combines @children as @match does within @universe, leaving out the child @skip (or none:
 * G_MAXUINT). */
static Bitmap *
bitmap_combine (const Bitmap    *universe,
                GPtrArray       *children,
                CltSegmentMatch  match,
                guint            skip)
{
  Bitmap *out = bitmap_copy (universe);
  gboolean any_child = FALSE;

  for (guint c = 0; c < children->len; c++)
    any_child |= c != skip;
  if (!any_child)
    return out;

  if (match == CLT_SEGMENT_MATCH_ALL)
    {
      for (guint c = 0; c < children->len; c++)
        {
          const Bitmap *child = g_ptr_array_index (children, c);

          if (c != skip)
            for (gsize i = 0; i < out->n_words; i++)
              out->words[i] &= child->words[i];
        }
    }
  else
    {
      for (gsize i = 0; i < out->n_words; i++)
        {
          guint64 any = 0;

          for (guint c = 0; c < children->len; c++)
            if (c != skip)
              any |= ((const Bitmap *) g_ptr_array_index (children, c))->words[i];
          out->words[i] &= match == CLT_SEGMENT_MATCH_ANY ? any : ~any;
        }
    }

  return out;
}

/* ---- the object ---- */

static void
clt_segment_evaluator_finalize (GObject *object)
{
  CltSegmentEvaluator *self = (CltSegmentEvaluator *) object;

  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->universe, g_free);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->channel, g_free);
  if (self->second != NULL)
    g_object_unref (self->second->workspace);
  g_clear_pointer (&self->second, g_free);
  g_clear_object (&self->workspace);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (clt_segment_evaluator_parent_class)->finalize (object);
}

static void
clt_segment_evaluator_class_init (CltSegmentEvaluatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_segment_evaluator_finalize;
}

static void
clt_segment_evaluator_init (CltSegmentEvaluator *self)
{
  g_mutex_init (&self->mutex);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->purpose = g_strdup ("email_marketing");
  self->channel = g_strdup ("email");
  self->data_version = -1;
}

static int
progress_cb (void *user_data)
{
  CltSegmentEvaluator *self = user_data;

  return self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable);
}

/* clt_segment_bit (id): sets @id in the bitmap being read; stepping over the ids inside
 * one statement costs less than returning each row. */
static void
bit_func (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  Reader *reader = sqlite3_user_data (context);

  if (reader->target != NULL)
    bitmap_set (reader->target, sqlite3_value_int64 (argv[0]));
}

/* clt_segment_row (id, value, event): one matching event of a behaviour condition, kept to
 * aggregate (an event given twice, for two matching items, once). */
static void
row_func (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  Reader *reader = sqlite3_user_data (context);
  Row row = { sqlite3_value_int64 (argv[0]), sqlite3_value_double (argv[1]) };

  if (reader->rows == NULL || row.id < 0 || row.id > reader->evaluator->max_id)
    return;
  if (reader->row_seen != NULL && sqlite3_value_type (argv[2]) == SQLITE_INTEGER)
    {
      gint64 event = sqlite3_value_int64 (argv[2]);
      guint64 bit = G_GUINT64_CONSTANT (1) << (event % 64);

      if (event < 0 || (guint64) event / 64 >= reader->row_seen->n_words || (reader->row_seen->words[event / 64] & bit))
        return;
      reader->row_seen->words[event / 64] |= bit;
    }

  g_array_append_val (reader->rows, row);
}

/* Opens @reader's connection to the workspace at @path for counting. */
static gboolean
reader_open (Reader               *reader,
             CltSegmentEvaluator  *self,
             const char           *path,
             GError              **error)
{
  sqlite3 *db;

  reader->evaluator = self;
  if (!(reader->workspace = clt_workspace_open (path, error)))
    return FALSE;
  db = _clt_workspace_get_db (reader->workspace);

  /* Counting scans index ranges of up to a million entries: they are read from the mapped
   * file (up to SQLite's limit of 2 GiB) instead of being copied through its page cache. */
  if (!_clt_workspace_exec (reader->workspace, "PRAGMA mmap_size = 2147418112", error))
    return FALSE;
  sqlite3_progress_handler (db, 4000, progress_cb, self);
  if (sqlite3_create_function (db, "clt_segment_bit", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, reader, bit_func, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function (db, "clt_segment_row", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY, reader, row_func, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}

/**
 * clt_segment_evaluator_new:
 * @workspace_path: the workspace; the evaluator opens a connection of its own
 *
 * Returns: (transfer full): an evaluator, or %NULL
 */
CltSegmentEvaluator *
clt_segment_evaluator_new (const char  *workspace_path,
                           GError     **error)
{
  g_autoptr(CltSegmentEvaluator) self = g_object_new (CLT_TYPE_SEGMENT_EVALUATOR, NULL);

  g_return_val_if_fail (workspace_path != NULL, NULL);

  if (!reader_open (&self->reader, self, workspace_path, error))
    return NULL;
  self->workspace = self->reader.workspace;

  return g_steal_pointer (&self);
}

/**
 * clt_segment_evaluator_set_now:
 * @now: (nullable): the time windows count back from; %NULL for the current time
 */
void
clt_segment_evaluator_set_now (CltSegmentEvaluator *self,
                               GDateTime           *now)
{
  g_return_if_fail (CLT_IS_SEGMENT_EVALUATOR (self));

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = now ? g_date_time_ref (now) : NULL;
  g_mutex_unlock (&self->mutex);
}

/**
 * clt_segment_evaluator_set_purpose:
 *
 * Chooses the purpose and channel of the audience split (by default e-mail marketing by
 * e-mail: "may be e-mailed").
 */
void
clt_segment_evaluator_set_purpose (CltSegmentEvaluator *self,
                                   const char          *purpose,
                                   const char          *channel)
{
  g_return_if_fail (CLT_IS_SEGMENT_EVALUATOR (self));
  g_return_if_fail (_clt_segment_purpose_known (purpose));
  g_return_if_fail (_clt_segment_channel_known (channel));

  g_mutex_lock (&self->mutex);
  g_set_str (&self->purpose, purpose);
  g_set_str (&self->channel, channel);
  g_mutex_unlock (&self->mutex);
}

/* ---- evaluation (the mutex held) ---- */

static gboolean
step_failed (Reader   *reader,
             int       rc,
             GError  **error)
{
  GCancellable *cancellable = reader->evaluator->cancellable;

  if (rc == SQLITE_INTERRUPT || (cancellable && g_cancellable_is_cancelled (cancellable)))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The count was cancelled"));
  else
    _clt_workspace_set_error (reader->workspace, error, _("Could not count the segment"));

  return FALSE;
}

static gint64
query_int (CltWorkspace *workspace,
           const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  return stmt && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

/* Drops what was read when the workspace changed since, and reads the profile ids. Call it
 * in the read transaction the count reads in. */
static gboolean
ensure_universe (CltSegmentEvaluator  *self,
                 GError              **error)
{
  sqlite3 *db = _clt_workspace_get_db (self->workspace);
  gint64 version = query_int (self->workspace, "PRAGMA data_version");
  gint64 changes = sqlite3_total_changes64 (db);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 started = g_get_monotonic_time ();
  int rc;

  if (self->universe != NULL && version == self->data_version && changes == self->total_changes)
    return TRUE;

  g_hash_table_remove_all (self->cache);
  g_clear_pointer (&self->universe, g_free);

  self->max_id = MAX (query_int (self->workspace, "SELECT coalesce (max (profile_id), 0) FROM profile_facts"), 0);
  self->universe = bitmap_new (self->max_id);

  /* Ids 1 … max without gaps (no profile merged away yet): no need to read them. */
  if (query_int (self->workspace, "SELECT count (*) FROM profile_facts") == self->max_id &&
      query_int (self->workspace, "SELECT coalesce (min (profile_id), 1) FROM profile_facts") == 1)
    {
      for (gint64 id = 1; id <= self->max_id; id++)
        bitmap_set (self->universe, id);
    }
  else
    {
      g_autofree char *sql = g_strdup ("SELECT count (clt_segment_bit (profile_id)) FROM profile_facts");

      if (!(stmt = _clt_workspace_prepare (self->workspace, sql, error)))
        return FALSE;
      self->reader.target = self->universe;
      rc = sqlite3_step (stmt);
      self->reader.target = NULL;
      if (rc != SQLITE_ROW)
        {
          g_clear_pointer (&self->universe, g_free);
          return step_failed (&self->reader, rc, error);
        }
    }

  g_debug ("profile ids: %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
  self->data_version = version;
  self->total_changes = changes;

  return TRUE;
}

static gboolean
compare (CltOperator op,
         double      x,
         double      a,
         double      b)
{
  switch ((int) op)
    {
    case CLT_OPERATOR_EQ: return x == a;
    case CLT_OPERATOR_NE: return x != a;
    case CLT_OPERATOR_LT: return x < a;
    case CLT_OPERATOR_LE: return x <= a;
    case CLT_OPERATOR_GT: return x > a;
    case CLT_OPERATOR_GE: return x >= a;
    case CLT_OPERATOR_BETWEEN: return x >= a && x <= b;
    default: g_return_val_if_reached (FALSE);
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  gint64 x = ((const Row *) a)->id, y = ((const Row *) b)->id;

  return (x > y) - (x < y);
}

/* Sorts rows by profile id: two passes of 16 bits, stable (profile ids below 2^32). */
static void
sort_rows (GArray *rows)
{
  g_autofree Row *tmp = g_new (Row, MAX (rows->len, 1));
  Row *from = (Row *) rows->data, *to = tmp;

  for (guint shift = 0; shift < 32; shift += 16)
    {
      g_autofree guint *offsets = g_new0 (guint, 65537);
      Row *swap;

      for (guint i = 0; i < rows->len; i++)
        offsets[((from[i].id >> shift) & 0xffff) + 1]++;
      for (guint k = 1; k <= 65536; k++)
        offsets[k] += offsets[k - 1];
      for (guint i = 0; i < rows->len; i++)
        to[offsets[(from[i].id >> shift) & 0xffff]++] = from[i];
      swap = from, from = to, to = swap;
    }
  /* After an even number of passes the rows are back in rows->data. */
  g_assert (from == (Row *) rows->data);
}

/* A behaviour condition: its events' rows, gathered in one statement, sorted by profile and
 * aggregated here (no GROUP BY sort in SQLite, no scattered writes); then compared. Where
 * the comparison holds for no events (a count below 3), everyone starts in. */
static Bitmap *
read_aggregate (Reader               *reader,
                CltCompiled          *compiled,
                CltCompiledNode      *node,
                GError              **error)
{
  CltSegmentEvaluator *self = reader->evaluator;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count (clt_segment_row (id, v, ev)) FROM (%s)", node->rows_sql);
  g_autofree Bitmap *seen = node->dedupe ? bitmap_new (MAX (query_int (reader->workspace, "SELECT max (id) FROM events"), 0)) : NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  gboolean none_holds = FALSE;
  Bitmap *bitmap;
  int rc;

  if (!(stmt = _clt_workspace_prepare (reader->workspace, sql, error)))
    return NULL;
  _clt_compiled_bind (compiled, stmt);

  reader->rows = rows;
  reader->row_seen = seen;
  rc = sqlite3_step (stmt);
  reader->rows = NULL;
  reader->row_seen = NULL;
  if (rc != SQLITE_ROW)
    {
      step_failed (reader, rc, error);
      return NULL;
    }

  if (self->max_id <= G_MAXUINT32)
    sort_rows (rows);
  else
    g_array_sort (rows, compare_rows);

  if (node->aggregate == CLT_AGGREGATE_COUNT || node->aggregate == CLT_AGGREGATE_SUM)
    none_holds = compare (node->op, 0, node->a, node->b);
  bitmap = none_holds ? bitmap_copy (self->universe) : bitmap_new (self->max_id);

  for (guint i = 0; i < rows->len;)
    {
      const Row *row = &g_array_index (rows, Row, i);
      gint64 id = row->id;
      guint n = 0;
      double sum = 0, first = row->value, last = row->value, x;

      for (; i < rows->len && g_array_index (rows, Row, i).id == id; i++, n++)
        {
          double value = g_array_index (rows, Row, i).value;

          sum += value;
          first = MIN (first, value);
          last = MAX (last, value);
        }

      switch ((int) node->aggregate)
        {
        case CLT_AGGREGATE_COUNT: x = n; break;
        case CLT_AGGREGATE_SUM: x = sum; break;
        case CLT_AGGREGATE_AVERAGE: x = sum / n; break;
        case CLT_AGGREGATE_FIRST: x = node->today - first; break;
        default: x = node->today - last; break;
        }

      if (compare (node->op, x, node->a, node->b))
        bitmap_set (bitmap, id);
      else if (none_holds)
        bitmap->words[id / 64] &= ~(G_GUINT64_CONSTANT (1) << (id % 64));
    }

  for (gsize w = 0; w < bitmap->n_words; w++)
    bitmap->words[w] &= self->universe->words[w];

  return bitmap;
}

/* Reads the ids for which @node does not hold, when they are at most COMPLEMENT_MAX, and
 * returns the rest of the universe; %NULL when there are more (or on an error). */
static Bitmap *
read_complement (Reader               *reader,
                 CltCompiled          *compiled,
                 CltCompiledNode      *node,
                 GError              **error)
{
  CltSegmentEvaluator *self = reader->evaluator;
  g_autofree char *sql = g_strdup_printf ("SELECT count (clt_segment_bit (id)) FROM (%s LIMIT %d)",
                                          node->complement_sql, COMPLEMENT_MAX + 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Bitmap *bitmap;
  int rc;

  if (!(stmt = _clt_workspace_prepare (reader->workspace, sql, error)))
    return NULL;
  _clt_compiled_bind (compiled, stmt);
  bitmap = bitmap_new (self->max_id);
  reader->target = bitmap;
  rc = sqlite3_step (stmt);
  reader->target = NULL;
  if (rc != SQLITE_ROW || sqlite3_column_int64 (stmt, 0) > COMPLEMENT_MAX)
    {
      g_free (bitmap);
      if (rc != SQLITE_ROW)
        step_failed (reader, rc, error);
      return NULL;
    }

  for (gsize i = 0; i < bitmap->n_words; i++)
    bitmap->words[i] = ~bitmap->words[i] & self->universe->words[i];

  return bitmap;
}

/* Reads the node's kept bitmaps (one per row of its bits_sql, joined), turns them round when
 * it is negated, and takes out the ids of its except_sql; %NULL when one is not kept (or on
 * an error). */
static Bitmap *
read_bits (Reader               *reader,
           CltCompiled          *compiled,
           CltCompiledNode      *node,
           GError              **error)
{
  CltSegmentEvaluator *self = reader->evaluator;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree Bitmap *excepted = NULL;
  g_autofree Bitmap *bitmap = NULL;
  g_autofree char *except = NULL;
  guint n_rows = 0;
  int rc;

  if (!(stmt = _clt_workspace_prepare (reader->workspace, node->bits_sql, error)))
    return NULL;
  _clt_compiled_bind (compiled, stmt);
  bitmap = bitmap_new (self->max_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *bits = sqlite3_column_blob (stmt, 0);
      gsize n_bytes = (gsize) sqlite3_column_bytes (stmt, 0);

      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        return NULL;
      n_rows++;
      for (gsize w = 0; w < bitmap->n_words && w * 8 < n_bytes; w++)
        {
          guint64 word = 0;

          for (gsize b = 0; b < 8 && w * 8 + b < n_bytes; b++)
            word |= (guint64) bits[w * 8 + b] << (8 * b);
          bitmap->words[w] |= word;
        }
    }
  if (rc != SQLITE_DONE)
    {
      step_failed (reader, rc, error);
      return NULL;
    }
  if (n_rows == 0)
    return NULL;
  for (gsize w = 0; w < bitmap->n_words; w++)
    bitmap->words[w] = (node->negated ? ~bitmap->words[w] : bitmap->words[w]) & self->universe->words[w];
  if (node->except_sql == NULL)
    return g_steal_pointer (&bitmap);

  g_clear_pointer (&stmt, sqlite3_finalize);
  except = g_strdup_printf ("SELECT count (clt_segment_bit (profile_id)) FROM (%s)", node->except_sql);
  if (!(stmt = _clt_workspace_prepare (reader->workspace, except, error)))
    return NULL;
  _clt_compiled_bind (compiled, stmt);
  excepted = bitmap_new (self->max_id);
  reader->target = excepted;
  rc = sqlite3_step (stmt);
  reader->target = NULL;
  if (rc != SQLITE_ROW)
    {
      step_failed (reader, rc, error);
      return NULL;
    }
  for (gsize w = 0; w < bitmap->n_words; w++)
    bitmap->words[w] &= ~excepted->words[w];

  return g_steal_pointer (&bitmap);
}

/* What a condition's ids are kept under: its query with the values bound, and for a
 * behaviour condition the comparison ("in" and "not in" read the same ids). */
static char *
node_key (CltCompiled     *compiled,
          CltCompiledNode *node)
{
  g_autofree char *sql_key = _clt_compiled_binding_key (compiled, node->rows_sql ? node->rows_sql : node->set_sql);

  if (node->rows_sql != NULL)
    return g_strdup_printf ("%s\x1f%d\x1f%d %d %a %a", sql_key, node->negated, node->aggregate, node->op, node->a, node->b);

  return g_strdup_printf ("%s\x1f%d", sql_key, node->negated);
}

/* The ids for which a condition holds, within the universe, read on @reader's connection. */
static Bitmap *
read_node (Reader           *reader,
           CltCompiled      *compiled,
           CltCompiledNode  *node,
           GError          **error)
{
  CltSegmentEvaluator *self = reader->evaluator;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  gint64 started = g_get_monotonic_time ();
  Bitmap *bitmap;
  int rc;

  if (node->bits_sql != NULL && (bitmap = read_bits (reader, compiled, node, error)) != NULL)
    {
      /* Kept by the commits. */
    }
  else if (error != NULL && *error != NULL)
    return NULL;
  else if (node->rows_sql != NULL)
    {
      if (!(bitmap = read_aggregate (reader, compiled, node, error)))
        return NULL;
    }
  else if (node->complement_sql != NULL && (bitmap = read_complement (reader, compiled, node, error)) != NULL)
    {
      /* The few for which it does not hold were read. */
    }
  else if (error != NULL && *error != NULL)
    return NULL;
  else
    {
      sql = g_strdup_printf ("SELECT count (clt_segment_bit (id)) FROM (%s)", node->set_sql);
      if (!(stmt = _clt_workspace_prepare (reader->workspace, sql, error)))
        return NULL;
      _clt_compiled_bind (compiled, stmt);
      bitmap = bitmap_new (self->max_id);
      reader->target = bitmap;
      rc = sqlite3_step (stmt);
      reader->target = NULL;
      if (rc != SQLITE_ROW)
        {
          g_free (bitmap);
          step_failed (reader, rc, error);
          return NULL;
        }

      for (gsize i = 0; i < bitmap->n_words; i++)
        bitmap->words[i] = (node->negated ? ~bitmap->words[i] : bitmap->words[i]) & self->universe->words[i];
    }

  g_debug ("%s: %.1f ms%s", node->path, (g_get_monotonic_time () - started) / 1000.0,
           reader == &self->reader ? "" : " (beside)");

  return bitmap;
}

static void
cache_insert (CltSegmentEvaluator *self,
              char                *key,
              Bitmap              *bitmap)
{
  if (g_hash_table_size (self->cache) >= MAX_CACHED)
    g_hash_table_remove_all (self->cache);
  g_hash_table_insert (self->cache, key, bitmap);
}

/* The ids for which a condition holds, within the universe: read once while the workspace
 * is unchanged. */
static const Bitmap *
read_set (CltSegmentEvaluator  *self,
          CltCompiled          *compiled,
          CltCompiledNode      *node,
          GError              **error)
{
  g_autofree char *key = node_key (compiled, node);
  Bitmap *bitmap;

  if ((bitmap = g_hash_table_lookup (self->cache, key)) != NULL)
    return bitmap;
  if (!(bitmap = read_node (&self->reader, compiled, node, error)))
    return NULL;
  cache_insert (self, g_steal_pointer (&key), bitmap);

  return bitmap;
}

/* ---- reading conditions on two connections at once ---- */

typedef struct
{
  CltCompiled *compiled;
  GPtrArray   *nodes;     /* of CltCompiledNode, to read */
  Bitmap     **results;
  gint         next;      /* the next node to take, atomically */
} Prefetch;

typedef struct
{
  Prefetch *prefetch;
  Reader   *reader;
  GError   *error;
} PrefetchWorker;

/* Takes nodes from the shared list and reads them until none is left (or one fails). */
static gpointer
prefetch_work (gpointer data)
{
  PrefetchWorker *worker = data;
  Prefetch *prefetch = worker->prefetch;
  gint i;

  while ((i = g_atomic_int_add (&prefetch->next, 1)) < (gint) prefetch->nodes->len)
    if (!(prefetch->results[i] = read_node (worker->reader, prefetch->compiled,
                                            g_ptr_array_index (prefetch->nodes, i), &worker->error)))
      break;

  return NULL;
}

/* The leaves under @node whose ids are not kept yet, once each. */
static void
collect_unread (CltSegmentEvaluator *self,
                CltCompiled         *compiled,
                CltCompiledNode     *node,
                GPtrArray           *nodes,
                GHashTable          *keys)
{
  g_autofree char *key = NULL;

  if (CLT_IS_SEGMENT_GROUP (node->node))
    {
      CltSegmentGroup *group = CLT_SEGMENT_GROUP (node->node);

      for (guint i = 0; i < clt_segment_group_get_n_children (group); i++)
        collect_unread (self, compiled, _clt_compiled_lookup (compiled, clt_segment_group_get_child (group, i)),
                        nodes, keys);
      return;
    }
  if (node->ref_root != NULL)
    {
      collect_unread (self, compiled, _clt_compiled_lookup (compiled, CLT_SEGMENT_NODE (node->ref_root)), nodes, keys);
      return;
    }

  key = node_key (compiled, node);
  if (g_hash_table_contains (self->cache, key) || g_hash_table_contains (keys, key))
    return;
  g_ptr_array_add (nodes, node);
  g_hash_table_add (keys, g_steal_pointer (&key));
}

/* The commit the connection reads at (each commit counts itself, schema 7 on); -1 when
 * unknown. */
static gint64
commit_seen (CltWorkspace *workspace)
{
  return query_int (workspace, "SELECT coalesce ((SELECT CAST (value AS INTEGER) FROM workspace_meta WHERE key = 'commits'), -1)");
}

/* Reads the conditions of @root (and @extra) not kept yet, on the evaluator's connection and
 * a second one in a thread beside it, when there are two or more and both connections read
 * the same commit; the rest is left to read_set(). Call it in the read transaction. */
static gboolean
prefetch (CltSegmentEvaluator  *self,
          CltCompiled          *compiled,
          CltSegmentGroup      *root,
          CltCompiledNode      *extra,
          GError              **error)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree Bitmap **results = NULL;
  Prefetch shared = { compiled, nodes, NULL, 0 };
  PrefetchWorker here = { &shared, &self->reader, NULL };
  PrefetchWorker beside;
  GThread *thread;
  gint64 commit;
  gboolean ok;

  collect_unread (self, compiled, _clt_compiled_lookup (compiled, CLT_SEGMENT_NODE (root)), nodes, keys);
  collect_unread (self, compiled, extra, nodes, keys);
  if (nodes->len < 2 || (commit = commit_seen (self->workspace)) < 0)
    return TRUE;

  if (self->second == NULL)
    {
      g_autofree Reader *second = g_new0 (Reader, 1);

      if (!reader_open (second, self, clt_workspace_get_path (self->workspace), NULL))
        {
          g_clear_object (&second->workspace);
          return TRUE;
        }
      self->second = g_steal_pointer (&second);
    }

  /* The second connection must read the same state: a commit in between, and it is not used. */
  if (!_clt_workspace_exec (self->second->workspace, "BEGIN", NULL))
    return TRUE;
  if (commit_seen (self->second->workspace) != commit)
    {
      _clt_workspace_rollback (self->second->workspace);
      return TRUE;
    }

  shared.results = results = g_new0 (Bitmap *, nodes->len);
  beside = (PrefetchWorker) { &shared, self->second, NULL };
  thread = g_thread_new ("clt-segment-read", prefetch_work, &beside);
  prefetch_work (&here);
  g_thread_join (thread);
  _clt_workspace_rollback (self->second->workspace);

  ok = here.error == NULL && beside.error == NULL;
  if (!ok)
    g_propagate_error (error, here.error ? here.error : beside.error);
  if (here.error && beside.error)
    g_error_free (beside.error);

  for (guint i = 0; i < nodes->len; i++)
    if (results[i] != NULL)
      cache_insert (self, node_key (compiled, g_ptr_array_index (nodes, i)), results[i]);

  return ok;
}

/* The node's members, newly allocated; counts of visible nodes go into @counts. */
static Bitmap *
evaluate (CltSegmentEvaluator  *self,
          CltCompiled          *compiled,
          CltSegmentNode       *node,
          CltSegmentCounts     *counts,
          GError              **error)
{
  CltCompiledNode *compiled_node = _clt_compiled_lookup (compiled, node);
  gboolean visible = counts != NULL && g_ptr_array_find (compiled->nodes, compiled_node, NULL);

  g_assert (compiled_node != NULL);

  if (CLT_IS_SEGMENT_GROUP (node))
    {
      CltSegmentGroup *group = CLT_SEGMENT_GROUP (node);
      CltSegmentMatch match = clt_segment_group_get_match (group);
      g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
      Bitmap *result;
      gint64 n;

      for (guint i = 0; i < clt_segment_group_get_n_children (group); i++)
        {
          Bitmap *child = evaluate (self, compiled, clt_segment_group_get_child (group, i), visible ? counts : NULL, error);

          if (child == NULL)
            return NULL;
          g_ptr_array_add (children, child);
        }

      result = bitmap_combine (self->universe, children, match, G_MAXUINT);
      if (visible)
        {
          n = bitmap_count (result);
          for (guint i = 0; i < children->len; i++)
            {
              CltCompiledNode *child = _clt_compiled_lookup (compiled, clt_segment_group_get_child (group, i));
              g_autofree Bitmap *without = bitmap_combine (self->universe, children, match, i);

              _clt_segment_counts_set (counts, child->path, bitmap_count (g_ptr_array_index (children, i)),
                                       bitmap_count (without) - n);
            }
          if (compiled_node->path[0] == '\0')
            _clt_segment_counts_set (counts, "", n, 0);
        }

      return result;
    }

  if (compiled_node->ref_root != NULL)
    return evaluate (self, compiled, CLT_SEGMENT_NODE (compiled_node->ref_root), NULL, error);

  {
    const Bitmap *set = read_set (self, compiled, compiled_node, error);

    return set ? bitmap_copy (set) : NULL;
  }
}

/* Each visible node's truth and value for the profile bound to the parameter after the
 * compiled ones. */
static char *
row_query (CltCompiled *compiled)
{
  g_autoptr(GString) sql = g_string_new ("SELECT f.profile_id, coalesce (p.display_name, "
                                         "trim (coalesce (p.first_name, '') || ' ' || coalesce (p.last_name, '')))");

  for (guint i = 0; i < compiled->nodes->len; i++)
    {
      CltCompiledNode *node = g_ptr_array_index (compiled->nodes, i);

      g_string_append_printf (sql, ", %s, %s", node->row_expr, node->value_expr ? node->value_expr : "NULL");
    }
  g_string_append_printf (sql, " FROM profile_facts f JOIN profiles p ON p.id = f.profile_id WHERE f.profile_id = ?%u",
                          compiled->bindings->len + 1);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static gboolean
add_samples (CltSegmentEvaluator  *self,
             CltCompiled          *compiled,
             const Bitmap         *members,
             guint                 n_samples,
             CltSegmentCounts     *counts,
             GError              **error)
{
  g_autofree char *sql = row_query (compiled);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int profile;

  if (n_samples == 0)
    return TRUE;
  if (!(stmt = _clt_workspace_prepare (self->workspace, sql, error)))
    return FALSE;
  _clt_compiled_bind (compiled, stmt);
  profile = compiled->bindings->len + 1;

  for (gsize w = 0; w < members->n_words && counts->samples->len < n_samples; w++)
    for (guint64 bits = members->words[w]; bits != 0 && counts->samples->len < n_samples; bits &= bits - 1)
      {
        gint64 id = (gint64) w * 64 + __builtin_ctzll (bits);
        CltSegmentMember *member;
        int rc;

        sqlite3_bind_int64 (stmt, profile, id);
        if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
          return step_failed (&self->reader, rc, error);

        member = _clt_segment_member_new (id, (const char *) sqlite3_column_text (stmt, 1), TRUE);
        for (guint i = 0; i < compiled->nodes->len; i++)
          {
            CltCompiledNode *node = g_ptr_array_index (compiled->nodes, i);

            if (CLT_IS_SEGMENT_GROUP (node->node) || !sqlite3_column_int (stmt, 2 + 2 * i))
              continue;
            _clt_segment_member_add (member, node->path, (const char *) sqlite3_column_text (stmt, 3 + 2 * i));
          }
        g_ptr_array_add (counts->samples, member);
        sqlite3_reset (stmt);
      }

  return TRUE;
}

static CltSegmentCounts *
count_locked (CltSegmentEvaluator  *self,
              CltSegmentGroup      *root,
              guint                 n_samples,
              GError              **error)
{
  g_autoptr(CltCompiled) compiled = NULL;
  g_autoptr(CltSegmentCounts) counts = _clt_segment_counts_new ();
  g_autofree Bitmap *members = NULL;
  CltCompiledNode *consent;
  const Bitmap *consented;
  gint64 started = g_get_monotonic_time ();
  gboolean ok;

  if (!(compiled = _clt_segment_compile (self->workspace, root, self->now, error)))
    return NULL;
  consent = _clt_compiled_add_consent (compiled, self->workspace, self->purpose, self->channel);

  /* One read transaction: every set from the same state of the workspace. */
  if (!_clt_workspace_exec (self->workspace, "BEGIN", error))
    return NULL;
  ok = ensure_universe (self, error) &&
       prefetch (self, compiled, root, consent, error) &&
       (members = evaluate (self, compiled, CLT_SEGMENT_NODE (root), counts, error)) != NULL &&
       (consented = read_set (self, compiled, consent, error)) != NULL &&
       add_samples (self, compiled, members, n_samples, counts, error);
  _clt_workspace_rollback (self->workspace);
  if (!ok)
    return NULL;

  counts->total = bitmap_count (members);
  for (gsize i = 0; i < members->n_words; i++)
    counts->consented += __builtin_popcountll (members->words[i] & consented->words[i]);
  counts->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  return g_steal_pointer (&counts);
}

static void
begin_call (CltSegmentEvaluator *self,
            GCancellable        *cancellable)
{
  g_mutex_lock (&self->mutex);
  self->cancellable = cancellable;
}

static void
end_call (CltSegmentEvaluator *self)
{
  self->cancellable = NULL;
  g_mutex_unlock (&self->mutex);
}

/**
 * clt_segment_evaluator_count:
 * @n_samples: how many members to give with why each is in (0 for none)
 *
 * Counts the segment, each node of it (its own count and what it removes from its group)
 * and its members that may be contacted for the evaluator's purpose.
 *
 * Returns: (transfer full): the counts, or %NULL (%G_IO_ERROR_CANCELLED when cancelled)
 */
CltSegmentCounts *
clt_segment_evaluator_count (CltSegmentEvaluator  *self,
                             CltSegmentGroup      *root,
                             guint                 n_samples,
                             GCancellable         *cancellable,
                             GError              **error)
{
  CltSegmentCounts *counts;

  g_return_val_if_fail (CLT_IS_SEGMENT_EVALUATOR (self), NULL);
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (root), NULL);

  begin_call (self, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    counts = NULL;
  else
    counts = count_locked (self, root, n_samples, error);
  end_call (self);

  return counts;
}

/**
 * clt_segment_evaluator_count_sql:
 *
 * Counts as clt_segment_evaluator_count() does (without samples), with the single compiled
 * query: one pass over the profiles, a count per node. Slower; the baseline.
 *
 * Returns: (transfer full): the counts, or %NULL
 */
CltSegmentCounts *
clt_segment_evaluator_count_sql (CltSegmentEvaluator  *self,
                                 CltSegmentGroup      *root,
                                 GCancellable         *cancellable,
                                 GError              **error)
{
  g_autoptr(CltCompiled) compiled = NULL;
  g_autoptr(CltSegmentCounts) counts = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT count (*) FILTER (WHERE ");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *from = NULL;
  g_autoptr(GPtrArray) removes = g_ptr_array_new ();
  CltCompiledNode *consent;
  CltCompiledNode *root_node;
  gint64 started = g_get_monotonic_time ();
  int rc;

  g_return_val_if_fail (CLT_IS_SEGMENT_EVALUATOR (self), NULL);

  begin_call (self, cancellable);
  if (!(compiled = _clt_segment_compile (self->workspace, root, self->now, error)))
    goto out;
  consent = _clt_compiled_add_consent (compiled, self->workspace, self->purpose, self->channel);
  root_node = g_ptr_array_index (compiled->nodes, 0);

  /* total, consented, then per node: own, and its group without it. */
  g_string_append_printf (sql, "%s), count (*) FILTER (WHERE %s AND %s)", root_node->expr, root_node->expr, consent->expr);
  for (guint i = 1; i < compiled->nodes->len; i++)
    {
      CltCompiledNode *node = g_ptr_array_index (compiled->nodes, i);
      CltSegmentGroup *group = clt_segment_node_get_parent (node->node);
      CltSegmentMatch match = clt_segment_group_get_match (group);
      g_autoptr(GString) without = g_string_new (NULL);
      guint n_others = 0;

      for (guint c = 0; c < clt_segment_group_get_n_children (group); c++)
        {
          CltSegmentNode *other = clt_segment_group_get_child (group, c);

          if (other == node->node)
            continue;
          g_string_append_printf (without, "%s%s", n_others++ ? (match == CLT_SEGMENT_MATCH_ALL ? " AND " : " OR ") : "",
                                  _clt_compiled_lookup (compiled, other)->expr);
        }
      g_string_append_printf (sql, ", count (*) FILTER (WHERE %s), count (*) FILTER (WHERE %s%s%s%s) - "
                              "count (*) FILTER (WHERE %s)",
                              node->expr,
                              n_others == 0 ? "1" : match == CLT_SEGMENT_MATCH_NONE ? "NOT coalesce ((" : "(",
                              n_others == 0 ? "" : without->str,
                              n_others == 0 ? "" : match == CLT_SEGMENT_MATCH_NONE ? "), 0)" : ")", "",
                              _clt_compiled_lookup (compiled, CLT_SEGMENT_NODE (group))->expr);
    }
  from = _clt_compiled_from (compiled);
  g_string_append_printf (sql, " FROM %s", from);

  if (!(stmt = _clt_workspace_prepare (self->workspace, sql->str, error)))
    goto out;
  _clt_compiled_bind (compiled, stmt);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      step_failed (&self->reader, rc, error);
      goto out;
    }

  counts = _clt_segment_counts_new ();
  counts->total = sqlite3_column_int64 (stmt, 0);
  counts->consented = sqlite3_column_int64 (stmt, 1);
  _clt_segment_counts_set (counts, "", counts->total, 0);
  for (guint i = 1; i < compiled->nodes->len; i++)
    {
      CltCompiledNode *node = g_ptr_array_index (compiled->nodes, i);

      _clt_segment_counts_set (counts, node->path, sqlite3_column_int64 (stmt, 2 * i),
                               sqlite3_column_int64 (stmt, 2 * i + 1));
    }
  counts->seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

out:
  end_call (self);

  return g_steal_pointer (&counts);
}

/* Why @profile_id is not in @node: the path and value of the first node it fails, or FALSE
 * when it is in. @row holds each visible node's truth and value, in tree order. */
static gboolean
first_failure (CltCompiled     *compiled,
               sqlite3_stmt    *row,
               CltSegmentNode  *node,
               char           **path,
               char           **value)
{
  CltCompiledNode *compiled_node = _clt_compiled_lookup (compiled, node);
  guint index;
  gboolean holds;

  g_assert (g_ptr_array_find (compiled->nodes, compiled_node, &index));
  holds = sqlite3_column_int (row, 2 + 2 * index) != 0;

  if (holds)
    return FALSE;

  if (CLT_IS_SEGMENT_GROUP (node))
    {
      CltSegmentGroup *group = CLT_SEGMENT_GROUP (node);

      if (clt_segment_group_get_match (group) == CLT_SEGMENT_MATCH_ALL)
        {
          for (guint i = 0; i < clt_segment_group_get_n_children (group); i++)
            if (first_failure (compiled, row, clt_segment_group_get_child (group, i), path, value))
              return TRUE;
        }
      else if (clt_segment_group_get_match (group) == CLT_SEGMENT_MATCH_NONE)
        {
          /* It fails "none of" by the first child it meets. */
          for (guint i = 0; i < clt_segment_group_get_n_children (group); i++)
            {
              CltCompiledNode *child = _clt_compiled_lookup (compiled, clt_segment_group_get_child (group, i));
              guint child_index;

              g_assert (g_ptr_array_find (compiled->nodes, child, &child_index));
              if (sqlite3_column_int (row, 2 + 2 * child_index))
                {
                  *path = g_strdup (child->path);
                  *value = g_strdup ((const char *) sqlite3_column_text (row, 3 + 2 * child_index));
                  return TRUE;
                }
            }
        }
    }

  *path = g_strdup (compiled_node->path);
  *value = g_strdup ((const char *) sqlite3_column_text (row, 3 + 2 * index));

  return TRUE;
}

static CltSegmentMember *
explain_locked (CltSegmentEvaluator  *self,
                CltSegmentGroup      *root,
                gint64                profile_id,
                GError              **error)
{
  g_autoptr(CltCompiled) compiled = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;
  CltSegmentMember *member;
  gboolean failed;
  int rc;

  if (!(compiled = _clt_segment_compile (self->workspace, root, self->now, error)))
    return NULL;
  sql = row_query (compiled);
  if (!(stmt = _clt_workspace_prepare (self->workspace, sql, error)))
    return NULL;
  _clt_compiled_bind (compiled, stmt);
  sqlite3_bind_int64 (stmt, compiled->bindings->len + 1, profile_id);

  if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
    {
      g_set_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND,
                   _("There is no profile %lld"), (long long) profile_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      step_failed (&self->reader, rc, error);
      return NULL;
    }

  failed = first_failure (compiled, stmt, CLT_SEGMENT_NODE (root), &path, &value);
  member = _clt_segment_member_new (profile_id, (const char *) sqlite3_column_text (stmt, 1), !failed);
  if (failed)
    _clt_segment_member_add (member, path, value);
  else
    for (guint i = 0; i < compiled->nodes->len; i++)
      {
        CltCompiledNode *node = g_ptr_array_index (compiled->nodes, i);

        if (!CLT_IS_SEGMENT_GROUP (node->node) && sqlite3_column_int (stmt, 2 + 2 * i))
          _clt_segment_member_add (member, node->path, (const char *) sqlite3_column_text (stmt, 3 + 2 * i));
      }

  return member;
}

/**
 * clt_segment_evaluator_explain:
 *
 * Why one profile is in the segment (the conditions it meets and its values there) or why
 * not (the first node it fails, with its value there).
 *
 * Returns: (transfer full): the answer, or %NULL (%CLT_SEGMENT_ERROR_NOT_FOUND: no such profile)
 */
CltSegmentMember *
clt_segment_evaluator_explain (CltSegmentEvaluator  *self,
                               CltSegmentGroup      *root,
                               gint64                profile_id,
                               GCancellable         *cancellable,
                               GError              **error)
{
  CltSegmentMember *member;

  g_return_val_if_fail (CLT_IS_SEGMENT_EVALUATOR (self), NULL);
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP (root), NULL);

  begin_call (self, cancellable);
  member = g_cancellable_set_error_if_cancelled (cancellable, error) ? NULL
         : explain_locked (self, root, profile_id, error);
  end_call (self);

  return member;
}

/**
 * clt_segment_evaluator_list_members:
 *
 * Returns: (transfer full) (element-type gint64): the members' profile ids in order, read
 *   with the single compiled query
 */
GArray *
clt_segment_evaluator_list_members (CltSegmentEvaluator  *self,
                                    CltSegmentGroup      *root,
                                    GCancellable         *cancellable,
                                    GError              **error)
{
  GArray *ids;

  g_return_val_if_fail (CLT_IS_SEGMENT_EVALUATOR (self), NULL);

  begin_call (self, cancellable);
  ids = _clt_segment_select_members (self->workspace, root, self->now, error);
  end_call (self);

  return ids;
}

/* ---- async ---- */

typedef struct
{
  char   *json;
  guint   n_samples;
  gint64  profile_id;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->json);
  g_free (call);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CltSegmentEvaluator *self = source_object;
  Call *call = task_data;
  g_autoptr(CltSegmentGroup) root = NULL;
  g_autoptr(GError) error = NULL;
  CltSegmentCounts *counts;

  if (!(root = clt_segment_definition_from_json (call->json, -1, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (call->profile_id == 0)
    {
      if ((counts = clt_segment_evaluator_count (self, root, call->n_samples, cancellable, &error)))
        g_task_return_pointer (task, counts, (GDestroyNotify) clt_segment_counts_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    {
      CltSegmentMember *member = clt_segment_evaluator_explain (self, root, call->profile_id, cancellable, &error);

      if (member)
        g_task_return_pointer (task, member, (GDestroyNotify) clt_segment_member_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
    }
}

static void
start_call (CltSegmentEvaluator *self,
            CltSegmentGroup     *root,
            guint                n_samples,
            gint64               profile_id,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  /* The worker reads a copy: the builder may change the tree meanwhile. */
  call->json = clt_segment_definition_to_json (root);
  call->n_samples = n_samples;
  call->profile_id = profile_id;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, call_free);
  g_task_run_in_thread (task, count_thread);
}

/**
 * clt_segment_evaluator_count_async:
 *
 * Counts as clt_segment_evaluator_count() does, in a worker, from a copy of @root made now.
 * Counts map back to the nodes of @root by their paths (clt_segment_counts_lookup()).
 */
void
clt_segment_evaluator_count_async (CltSegmentEvaluator *self,
                                   CltSegmentGroup     *root,
                                   guint                n_samples,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (CLT_IS_SEGMENT_EVALUATOR (self));
  g_return_if_fail (CLT_IS_SEGMENT_GROUP (root));

  start_call (self, root, n_samples, 0, clt_segment_evaluator_count_async, cancellable, callback, user_data);
}

/**
 * clt_segment_evaluator_count_finish:
 *
 * Returns: (transfer full): the counts, or %NULL
 */
CltSegmentCounts *
clt_segment_evaluator_count_finish (CltSegmentEvaluator  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == clt_segment_evaluator_count_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
clt_segment_evaluator_explain_async (CltSegmentEvaluator *self,
                                     CltSegmentGroup     *root,
                                     gint64               profile_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (CLT_IS_SEGMENT_EVALUATOR (self));
  g_return_if_fail (CLT_IS_SEGMENT_GROUP (root));
  g_return_if_fail (profile_id > 0);

  start_call (self, root, 0, profile_id, clt_segment_evaluator_explain_async, cancellable, callback, user_data);
}

/**
 * clt_segment_evaluator_explain_finish:
 *
 * Returns: (transfer full): the answer, or %NULL
 */
CltSegmentMember *
clt_segment_evaluator_explain_finish (CltSegmentEvaluator  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == clt_segment_evaluator_explain_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
