/* clt-profile-list.c: the workspace's profiles as a GListModel over SQLite
 *
 * Only counts and a few pages live in memory. A worker thread with a read-only connection of
 * its own counts the rows of a search, sort and filters in one pass over the sorted index,
 * keeping the sort key and id of every page's first row (the anchors), and fetches a page by
 * keyset: WHERE (key, id) >= (anchor) ORDER BY key, id LIMIT page size. Until a count
 * arrives the model keeps its old items; then it changes them all at once. get_item() hands
 * out a placeholder for a row whose page has not arrived, the same object while anyone holds
 * it (a weak per-position cache), and fills it when the page comes. A newer query supersedes
 * an older one: its generation is newer, stale pages are dropped and a running count is
 * interrupted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profile-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <sqlite3.h>
#include <string.h>

#include "clt-browse-private.h"
#include "clt-profile-item-private.h"
#include "clt-profile-list.h"
#include "clt-search-fold.h"

#define PAGE_SIZE        CLT_PROFILE_LIST_PAGE_SIZE
#define N_CACHED_PAGES   16
#define BUSY_TIMEOUT_MS  5000
/* SQLite virtual machine steps between checks whether a query was superseded. */
#define PROGRESS_STEPS   2000

/* ---- queries ---- */

/* A page's columns. */
#define PAGE_COLUMNS \
  "SELECT f.profile_id, coalesce (p.display_name, " \
  "  nullif (trim (coalesce (p.first_name, '') || ' ' || coalesce (p.last_name, '')), ''), ''), " \
  "  p.email, p.city, f.sources, nullif (f.last_activity, char (1114111)), f.first_seen, " \
  "  f.spend_cents, f.currency, f.orders, f.email_consent, f.n_records " \
  "FROM profile_facts f JOIN profiles p ON p.id = f.profile_id"

/* A search, sort and filters; immutable once made, shared with the worker. */
typedef struct
{
  CltProfileSort    sort;
  gboolean          descending;
  char             *match;
  guint             sources;
  CltConsentFilter  consent;
  gboolean          purchased;
  char             *city_key;
} Query;

static void
query_clear (Query *query)
{
  g_free (query->match);
  g_free (query->city_key);
}

static Query *
query_ref (Query *query)
{
  return g_atomic_rc_box_acquire (query);
}

static void
query_unref (Query *query)
{
  g_atomic_rc_box_release_full (query, (GDestroyNotify) query_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_unref)

static Query *
query_copy (const Query *from)
{
  Query *query = g_atomic_rc_box_new0 (Query);

  *query = *from;
  query->match = g_strdup (from->match);
  query->city_key = g_strdup (from->city_key);

  return query;
}

/* Sort columns of profile_facts; fixed names, never input. */
static const char * const sort_columns[] = {
  [CLT_PROFILE_SORT_NAME] = "name_key",
  [CLT_PROFILE_SORT_EMAIL] = "email_key",
  [CLT_PROFILE_SORT_CITY] = "city_key",
  [CLT_PROFILE_SORT_SOURCES] = "sources",
  [CLT_PROFILE_SORT_LAST_ACTIVITY] = "last_activity",
  [CLT_PROFILE_SORT_SPEND] = "spend_cents",
  [CLT_PROFILE_SORT_CONSENT] = "consent_rank",
};

/* The statement's text: values are bound by name (:sources, :city, :match, :key, :id, :limit). */
static char *
query_build_sql (const Query *query,
                 gboolean     page,
                 gboolean     from_anchor)
{
  const char *column = sort_columns[query->sort];
  const char *dir = query->descending ? "DESC" : "ASC";
  GString *sql = g_string_new (NULL);
  const char *and = " WHERE ";

  if (page)
    g_string_append (sql, PAGE_COLUMNS);
  else
    g_string_append_printf (sql, "SELECT f.%s, f.profile_id FROM profile_facts f", column);

  if (query->match != NULL)
    {
      g_string_append_printf (sql, "%sf.profile_id IN (SELECT rowid FROM profile_search WHERE profile_search MATCH :match)", and);
      and = " AND ";
    }
  if (query->sources != 0)
    {
      g_string_append_printf (sql, "%s(f.sources & :sources) != 0", and);
      and = " AND ";
    }
  if (query->consent != CLT_CONSENT_FILTER_ANY)
    {
      g_string_append_printf (sql, "%s%s", and,
                              query->consent == CLT_CONSENT_FILTER_GIVEN ? "f.consent_rank = 0" :
                              query->consent == CLT_CONSENT_FILTER_NOT_GIVEN ? "f.consent_rank BETWEEN 1 AND 5" :
                              "f.consent_rank = 6");
      and = " AND ";
    }
  if (query->purchased)
    {
      g_string_append_printf (sql, "%sf.orders > 0", and);
      and = " AND ";
    }
  if (query->city_key != NULL)
    {
      g_string_append_printf (sql, "%sf.city_key = :city", and);
      and = " AND ";
    }
  if (from_anchor)
    g_string_append_printf (sql, "%s(f.%s, f.profile_id) %s (:key, :id)", and, column,
                            query->descending ? "<=" : ">=");

  g_string_append_printf (sql, " ORDER BY f.%s %s, f.profile_id %s", column, dir, dir);
  if (page)
    g_string_append (sql, " LIMIT :limit");

  return g_string_free (sql, FALSE);
}

static void
query_bind (const Query  *query,
            sqlite3_stmt *stmt)
{
  int i;

  if ((i = sqlite3_bind_parameter_index (stmt, ":match")) > 0)
    sqlite3_bind_text (stmt, i, query->match, -1, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index (stmt, ":sources")) > 0)
    sqlite3_bind_int64 (stmt, i, query->sources);
  if ((i = sqlite3_bind_parameter_index (stmt, ":city")) > 0)
    sqlite3_bind_text (stmt, i, query->city_key, -1, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index (stmt, ":limit")) > 0)
    sqlite3_bind_int (stmt, i, PAGE_SIZE);
}

/* ---- the worker ---- */

typedef struct
{
  sqlite3_value *key;
  gint64         id;
} Anchor;

static void
anchor_clear (gpointer data)
{
  Anchor *anchor = data;

  g_clear_pointer (&anchor->key, sqlite3_value_free);
}

typedef enum
{
  JOB_COUNT,
  JOB_PAGE,
  JOB_QUIT,
} JobKind;

typedef struct _Worker Worker;

typedef struct
{
  JobKind    kind;
  guint      generation;
  Query     *query;
  guint      page;
  Anchor     anchor;
  /* a search's page: its profiles' ids, in order */
  GArray    *page_ids;
  /* results */
  guint      n_items;
  GArray    *anchors;
  /* a search's result: every id, in order */
  GArray    *ids;
  GPtrArray *rows;
  char      *error;
  Worker    *worker;
} Job;

struct _Worker
{
  GAsyncQueue  *jobs;
  GThread      *thread;
  char         *path;
  GMainContext *context;
  GWeakRef      list;
  /* The generation of the latest count asked for, and of the items shown: older counts and
   * pages are dropped, and a running query of theirs is interrupted. */
  guint         count_generation;
  guint         shown_generation;
  gint          quit;
};

static void
worker_clear (Worker *worker)
{
  g_async_queue_unref (worker->jobs);
  g_weak_ref_clear (&worker->list);
  g_main_context_unref (worker->context);
  g_free (worker->path);
}

static void
worker_unref (Worker *worker)
{
  g_atomic_rc_box_release_full (worker, (GDestroyNotify) worker_clear);
}

static void
row_free (gpointer data)
{
  CltProfileRow *row = data;

  _clt_profile_row_clear (row);
  g_free (row);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->query, query_unref);
  anchor_clear (&job->anchor);
  g_clear_pointer (&job->anchors, g_array_unref);
  g_clear_pointer (&job->page_ids, g_array_unref);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job->error);
  g_clear_pointer (&job->worker, worker_unref);
  g_free (job);
}

static gboolean
job_is_stale (Job *job)
{
  Worker *worker = job->worker;

  if (g_atomic_int_get (&worker->quit))
    return TRUE;
  if (job->kind == JOB_COUNT)
    return job->generation != (guint) g_atomic_int_get (&worker->count_generation);

  /* A page is wanted while its count is shown, or still the latest asked for. */
  return job->generation != (guint) g_atomic_int_get (&worker->shown_generation) &&
         job->generation != (guint) g_atomic_int_get (&worker->count_generation);
}

/* What the worker's connection is reading, for its progress handler. */
typedef struct
{
  Worker *worker;
  /* the job, or %NULL while the worker makes an order in idle time */
  Job    *current;
} Reading;

/* Interrupts a superseded job, and an order made in idle time as soon as a job comes. */
static int
progress_cb (gpointer user_data)
{
  Reading *reading = user_data;

  if (reading->current != NULL)
    return job_is_stale (reading->current);

  return g_async_queue_length (reading->worker->jobs) > 0;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CltProfileRow *
read_row (sqlite3_stmt *stmt)
{
  CltProfileRow *row = g_new0 (CltProfileRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->name = dup_column (stmt, 1);
  row->email = dup_column (stmt, 2);
  row->city = dup_column (stmt, 3);
  row->sources = sqlite3_column_int (stmt, 4);
  row->last_activity = dup_column (stmt, 5);
  row->first_seen = dup_column (stmt, 6);
  row->spend_cents = sqlite3_column_int64 (stmt, 7);
  row->currency = dup_column (stmt, 8);
  row->orders = sqlite3_column_int (stmt, 9);
  row->email_consent = dup_column (stmt, 10);
  row->n_records = sqlite3_column_int (stmt, 11);

  return row;
}

/* A search's page: the rows of the ids it has, in their order. The ids are bound as a JSON
 * array. */
static gboolean
fetch_ids (sqlite3 *db,
           Job     *job,
           GArray  *ids)
{
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, row_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  g_string_append_c (json, ']');

  if (sqlite3_prepare_v2 (db, PAGE_COLUMNS " WHERE f.profile_id IN (SELECT value FROM json_each (?1))",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      job->error = g_strdup (sqlite3_errmsg (db));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, json->str, json->len, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltProfileRow *row = read_row (stmt);

      g_hash_table_replace (rows, &row->id, row);
    }
  if (rc != SQLITE_DONE && rc != SQLITE_INTERRUPT)
    job->error = g_strdup (sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  job->rows = g_ptr_array_new_full (ids->len, row_free);
  for (guint i = 0; i < ids->len; i++)
    {
      gpointer key = NULL, row = NULL;

      if (g_hash_table_steal_extended (rows, &g_array_index (ids, gint64, i), &key, &row))
        g_ptr_array_add (job->rows, row);
    }

  return rc == SQLITE_DONE;
}

static GArray *
slice_ids (GArray *ids,
           guint   page)
{
  guint from = MIN (page * PAGE_SIZE, ids->len);
  guint n = MIN (PAGE_SIZE, ids->len - from);
  GArray *slice = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  g_array_append_vals (slice, &g_array_index (ids, gint64, from), n);

  return slice;
}

static gboolean
fetch_page (sqlite3  *db,
            Job      *job,
            gboolean  from_anchor)
{
  g_autofree char *sql = query_build_sql (job->query, TRUE, from_anchor);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      job->error = g_strdup (sqlite3_errmsg (db));
      return FALSE;
    }
  query_bind (job->query, stmt);
  if (from_anchor)
    {
      sqlite3_bind_value (stmt, sqlite3_bind_parameter_index (stmt, ":key"), job->anchor.key);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), job->anchor.id);
    }

  job->rows = g_ptr_array_new_full (PAGE_SIZE, row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (job->rows, read_row (stmt));
  if (rc != SQLITE_DONE && rc != SQLITE_INTERRUPT)
    job->error = g_strdup (sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE;
}

/* The position of every profile in one unfiltered order (a sort, either way), by profile id:
 * the count of that order fills it in passing, and a search in the same order then sorts its
 * ids by it instead of reading the sort key of each hit from profile_facts (about 60 ms for
 * 25,000 hits in a million profiles). It holds while the workspace is as it was read
 * (PRAGMA data_version). Only the worker touches it. */
typedef struct
{
  CltProfileSort  sort;
  gboolean        descending;
  gint64          data_version;
  GArray         *positions;
  /* A search found no order it could use: the worker makes this one when idle. */
  gboolean        wanted;
  CltProfileSort  wanted_sort;
  gboolean        wanted_descending;
} Order;

#define NO_POSITION   G_MAXUINT32
/* Ids beyond this are not given positions (4 bytes each): such a search reads the facts. */
#define MAX_ORDERED_ID (64 * 1024 * 1024)

static void
order_clear (Order *order)
{
  g_clear_pointer (&order->positions, g_array_unref);
}

/* The one number @sql reads; -1 when it reads none. */
static gint64
query_int64 (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static gint64
data_version (sqlite3 *db)
{
  return query_int64 (db, "PRAGMA data_version");
}

static gboolean
query_has_filters (const Query *query)
{
  return query->sources != 0 || query->consent != CLT_CONSENT_FILTER_ANY || query->purchased ||
         query->city_key != NULL;
}

/* Positions for the profile ids up to the largest with facts, none given yet; %NULL when
 * there are too many. */
static GArray *
positions_new (sqlite3 *db)
{
  gint64 max_id = query_int64 (db, "SELECT max (profile_id) FROM profile_facts");
  GArray *positions;

  if (max_id < 0 || max_id >= MAX_ORDERED_ID)
    return NULL;

  positions = g_array_sized_new (FALSE, FALSE, sizeof (guint32), max_id + 1);
  g_array_set_size (positions, max_id + 1);
  memset (positions->data, 0xff, positions->len * sizeof (guint32));

  return positions;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  GArray *positions = user_data;
  guint32 x = g_array_index (positions, guint32, *(const gint64 *) a);
  guint32 y = g_array_index (positions, guint32, *(const gint64 *) b);

  return (x > y) - (x < y);
}

/* A search without filters, in the order's sort: its ids sorted by their positions; %NULL
 * when the order does not hold or lacks a hit (the count then reads the facts). */
static GArray *
search_in_order (sqlite3 *db,
                 Job     *job,
                 Order   *order)
{
  const Query *query = job->query;
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 before;
  int rc;

  if (order->positions == NULL || order->sort != query->sort || order->descending != query->descending ||
      (before = data_version (db)) != order->data_version)
    return NULL;

  if (sqlite3_prepare_v2 (db, "SELECT rowid FROM profile_search WHERE profile_search MATCH ?1", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, query->match, -1, SQLITE_STATIC);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id < 0 || (guint64) id >= order->positions->len ||
          g_array_index (order->positions, guint32, id) == NO_POSITION)
        break;
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  /* Every hit has a position, and no commit came between the order and the search. */
  if (rc != SQLITE_DONE || data_version (db) != before)
    return NULL;

  g_array_sort_with_data (ids, compare_positions, order->positions);

  return g_steal_pointer (&ids);
}

/* The rows of the query, in one pass over its sorted index: the anchors of its pages, or a
 * search's ids (a few thousand, usually: its pages are fetched by id, without searching
 * again). An unfiltered pass also gives @order its positions. */
static gboolean
count_rows (sqlite3 *db,
            Job     *job,
            Order   *order)
{
  g_autofree char *sql = query_build_sql (job->query, FALSE, FALSE);
  g_autoptr(GArray) positions = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 before = -1;
  guint n = 0;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      job->error = g_strdup (sqlite3_errmsg (db));
      return FALSE;
    }
  query_bind (job->query, stmt);

  if (job->query->match != NULL)
    job->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  else if (!query_has_filters (job->query))
    {
      before = data_version (db);
      positions = positions_new (db);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (job->ids != NULL)
        {
          gint64 id = sqlite3_column_int64 (stmt, 1);

          g_array_append_val (job->ids, id);
        }
      else
        {
          if (n % PAGE_SIZE == 0)
            {
              Anchor anchor = { sqlite3_value_dup (sqlite3_column_value (stmt, 0)), sqlite3_column_int64 (stmt, 1) };

              g_array_append_val (job->anchors, anchor);
            }
          if (positions != NULL)
            {
              gint64 id = sqlite3_column_int64 (stmt, 1);

              if (id >= 0 && (guint64) id < positions->len)
                g_array_index (positions, guint32, id) = n;
              else
                g_clear_pointer (&positions, g_array_unref);
            }
        }
      n++;
    }
  if (rc != SQLITE_DONE && rc != SQLITE_INTERRUPT)
    job->error = g_strdup (sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  job->n_items = n;

  if (rc != SQLITE_DONE)
    return FALSE;

  /* A whole order read while nothing was committed: the searches in it can use it. */
  if (positions != NULL && data_version (db) == before)
    {
      order_clear (order);
      *order = (Order) { job->query->sort, job->query->descending, before, g_steal_pointer (&positions) };
    }

  return TRUE;
}

static gboolean
count (sqlite3 *db,
       Job     *job,
       Order   *order)
{
  job->anchors = g_array_new (FALSE, TRUE, sizeof (Anchor));
  g_array_set_clear_func (job->anchors, anchor_clear);

  if (job->query->match != NULL && !query_has_filters (job->query))
    {
      if ((job->ids = search_in_order (db, job, order)) != NULL)
        job->n_items = job->ids->len;
      else
        {
          order->wanted = TRUE;
          order->wanted_sort = job->query->sort;
          order->wanted_descending = job->query->descending;
        }
    }
  if (job->ids == NULL && !count_rows (db, job, order))
    return FALSE;

  /* The first page comes with the count: the list shows it at once. */
  if (job->ids != NULL)
    {
      g_autoptr(GArray) first = slice_ids (job->ids, 0);

      return fetch_ids (db, job, first);
    }

  return fetch_page (db, job, FALSE);
}

static gboolean deliver_cb (gpointer user_data);

static void
deliver (Job *job)
{
  GSource *source = g_idle_source_new ();

  /* Below redrawing: pages arriving while the list scrolls never hold a frame back. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, deliver_cb, job, (GDestroyNotify) job_free);
  g_source_set_static_name (source, "[clt] profile list page");
  g_source_attach (source, job->worker->context);
  g_source_unref (source);
}

/* The unfiltered pass of the order a search wanted, in idle time. It is given up when a job
 * comes, and tried again at the next idle time; done or failed, it is no longer wanted. */
static void
order_make (sqlite3 *db,
            Order   *order)
{
  Query unfiltered = { .sort = order->wanted_sort, .descending = order->wanted_descending,
                       .consent = CLT_CONSENT_FILTER_ANY };
  Job pass = { .kind = JOB_COUNT, .query = &unfiltered };
  gint64 started = g_get_monotonic_time ();
  gboolean interrupted;

  pass.anchors = g_array_new (FALSE, TRUE, sizeof (Anchor));
  g_array_set_clear_func (pass.anchors, anchor_clear);
  interrupted = !count_rows (db, &pass, order) && pass.error == NULL;
  g_array_unref (pass.anchors);
  g_free (pass.error);
  if (!interrupted)
    order->wanted = FALSE;

  g_debug ("Order of %u profiles read in idle time%s: %.1f ms", pass.n_items, interrupted ? ", interrupted" : "",
           (g_get_monotonic_time () - started) / 1000.0);
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  sqlite3 *db = NULL;
  Reading reading = { worker, NULL };
  Order order = { 0 };
  int rc;

  /* The connection is the thread's own, opened here. */
  rc = sqlite3_open_v2 (worker->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      /* SQLite's own page cache (2 MiB) is enough: the system keeps the file's pages, and a
       * search in the counted sort reads no facts. 32 MiB searched no faster at a million
       * profiles and added about 40 MiB to the window's peak memory. */
      sqlite3_progress_handler (db, PROGRESS_STEPS, progress_cb, &reading);
    }

  for (;;)
    {
      Job *job = g_async_queue_try_pop (worker->jobs);

      if (job == NULL)
        {
          if (rc == SQLITE_OK && order.wanted)
            order_make (db, &order);
          job = g_async_queue_pop (worker->jobs);
        }
      if (job->kind == JOB_QUIT)
        {
          job_free (job);
          break;
        }
      if (job_is_stale (job))
        {
          job_free (job);
          continue;
        }

      reading.current = job;
      if (rc != SQLITE_OK)
        job->error = g_strdup (sqlite3_errstr (rc));
      else if (job->kind == JOB_COUNT)
        count (db, job, &order);
      else if (job->page_ids != NULL)
        fetch_ids (db, job, job->page_ids);
      else
        fetch_page (db, job, job->page > 0);
      reading.current = NULL;

      if (job_is_stale (job))
        job_free (job);
      else
        deliver (job);
    }

  order_clear (&order);
  sqlite3_close (db);

  return NULL;
}

/* The newest job first: while the scrollbar is dragged, the rows in view now come before those
 * passed on the way (still read, for when they are scrolled back to); a new count makes the
 * pages queued before it stale. */
static void
worker_push (Worker *worker,
             Job    *job)
{
  job->worker = g_atomic_rc_box_acquire (worker);
  g_async_queue_push_front (worker->jobs, job);
}

/* ---- the model ---- */

typedef struct
{
  guint      index;
  GPtrArray *rows;
} Page;

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->rows);
  g_free (page);
}

/* An item handed out for a position, weakly referenced. */
typedef struct
{
  CltProfileList *list;
  guint           position;
  CltProfileItem *item;
} Slot;

struct _CltProfileList
{
  GObject       parent_instance;

  CltWorkspace *workspace;
  Worker       *worker;

  Query        *query;
  guint         generation;

  /* What is shown: the count, its anchors and generation. */
  guint         n_items;
  GArray       *anchors;
  GArray       *ids;
  Query        *shown_query;
  guint         shown_generation;

  GHashTable   *pages;
  GQueue        lru;
  GHashTable   *pending;
  GHashTable   *slots;

  guint         loading : 1;
};

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FILLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltProfileList, clt_profile_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
item_gone_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  Slot *slot = data;

  g_hash_table_remove (slot->list->slots, GUINT_TO_POINTER (slot->position));
}

static void
clear_slots (CltProfileList *self)
{
  GHashTableIter iter;
  Slot *slot;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &slot))
    g_object_weak_unref (G_OBJECT (slot->item), item_gone_cb, slot);
  g_hash_table_remove_all (self->slots);
}

static void
clear_pages (CltProfileList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
  g_hash_table_remove_all (self->pending);
}

static void
cache_page (CltProfileList *self,
            guint           index,
            GPtrArray      *rows)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->rows = g_ptr_array_ref (rows);
  g_hash_table_replace (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_remove (&self->lru, GUINT_TO_POINTER (index));
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (index));

  while (g_queue_get_length (&self->lru) > N_CACHED_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static void
set_loading (CltProfileList *self,
             gboolean        loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
request_page (CltProfileList *self,
              guint           index)
{
  Job *job;

  if (g_hash_table_contains (self->pending, GUINT_TO_POINTER (index)) ||
      index >= (self->n_items + PAGE_SIZE - 1) / PAGE_SIZE)
    return;

  g_hash_table_add (self->pending, GUINT_TO_POINTER (index));

  job = g_new0 (Job, 1);
  job->kind = JOB_PAGE;
  job->generation = self->shown_generation;
  job->query = query_ref (self->shown_query);
  job->page = index;
  if (self->ids != NULL)
    job->page_ids = slice_ids (self->ids, index);
  else
    {
      job->anchor.key = sqlite3_value_dup (g_array_index (self->anchors, Anchor, index).key);
      job->anchor.id = g_array_index (self->anchors, Anchor, index).id;
    }
  worker_push (self->worker, job);
}

static void
request_count (CltProfileList *self)
{
  Job *job = g_new0 (Job, 1);

  self->generation++;
  g_atomic_int_set (&self->worker->count_generation, self->generation);

  job->kind = JOB_COUNT;
  job->generation = self->generation;
  job->query = query_ref (self->query);
  worker_push (self->worker, job);

  set_loading (self, TRUE);
}

static void
fill_slots (CltProfileList *self,
            guint           index,
            GPtrArray      *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      Slot *slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (index * PAGE_SIZE + i));

      if (slot != NULL && clt_profile_item_get_loading (slot->item))
        _clt_profile_item_fill (slot->item, g_ptr_array_index (rows, i));
    }
}

static void
count_arrived (CltProfileList *self,
               Job            *job)
{
  guint old = self->n_items;

  clear_slots (self);
  clear_pages (self);
  g_clear_pointer (&self->anchors, g_array_unref);
  self->anchors = g_steal_pointer (&job->anchors);
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = g_steal_pointer (&job->ids);
  g_clear_pointer (&self->shown_query, query_unref);
  self->shown_query = query_ref (job->query);
  self->shown_generation = job->generation;
  g_atomic_int_set (&self->worker->shown_generation, job->generation);
  self->n_items = job->n_items;
  if (job->rows != NULL)
    cache_page (self, 0, job->rows);

  set_loading (self, FALSE);
  if (old != 0 || self->n_items != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  if (old != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
deliver_cb (gpointer user_data)
{
  Job *job = user_data;
  g_autoptr(CltProfileList) self = g_weak_ref_get (&job->worker->list);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (job->error != NULL)
    g_warning ("Could not list the customers: %s", job->error);

  if (job->kind == JOB_COUNT)
    {
      if (job->generation == self->generation && job->error == NULL)
        count_arrived (self, job);
      else if (job->generation == self->generation)
        set_loading (self, FALSE);
    }
  else if (job->generation == self->shown_generation)
    {
      g_hash_table_remove (self->pending, GUINT_TO_POINTER (job->page));
      if (job->rows != NULL && job->error == NULL)
        {
          cache_page (self, job->page, job->rows);
          fill_slots (self, job->page, job->rows);
          g_signal_emit (self, signals[FILLED], 0, job->page * PAGE_SIZE, job->rows->len);
        }
    }

  return G_SOURCE_REMOVE;
}

static GType
clt_profile_list_get_item_type (GListModel *model)
{
  return CLT_TYPE_PROFILE_ITEM;
}

static guint
clt_profile_list_get_n_items (GListModel *model)
{
  return CLT_PROFILE_LIST (model)->n_items;
}

static gpointer
clt_profile_list_get_item (GListModel *model,
                           guint       position)
{
  CltProfileList *self = CLT_PROFILE_LIST (model);
  guint index = position / PAGE_SIZE;
  CltProfileItem *item;
  Page *page;
  Slot *slot;

  if (position >= self->n_items)
    return NULL;

  if ((slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position))) != NULL)
    return g_object_ref (slot->item);

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL && position % PAGE_SIZE < page->rows->len)
    {
      item = _clt_profile_item_new (g_ptr_array_index (page->rows, position % PAGE_SIZE));
      g_queue_remove (&self->lru, GUINT_TO_POINTER (index));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (index));
    }
  else
    {
      item = _clt_profile_item_new (NULL);
      request_page (self, index);
    }

  slot = g_new0 (Slot, 1);
  slot->list = self;
  slot->position = position;
  slot->item = item;
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  g_object_weak_ref (G_OBJECT (item), item_gone_cb, slot);

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = clt_profile_list_get_item_type;
  iface->get_n_items = clt_profile_list_get_n_items;
  iface->get_item = clt_profile_list_get_item;
}

static void
clt_profile_list_dispose (GObject *object)
{
  CltProfileList *self = (CltProfileList *) object;

  clear_slots (self);
  clear_pages (self);

  if (self->worker != NULL && self->worker->thread != NULL)
    {
      Job *quit = g_new0 (Job, 1);

      quit->kind = JOB_QUIT;
      g_atomic_int_set (&self->worker->quit, TRUE);
      worker_push (self->worker, quit);
      g_thread_join (g_steal_pointer (&self->worker->thread));
    }

  if (self->worker != NULL)
    {
      Job *job;

      /* Jobs left unrun hold the worker; results already in the context find no list. */
      while ((job = g_async_queue_try_pop (self->worker->jobs)) != NULL)
        job_free (job);
      g_clear_pointer (&self->worker, worker_unref);
    }

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (clt_profile_list_parent_class)->dispose (object);
}

static void
clt_profile_list_finalize (GObject *object)
{
  CltProfileList *self = (CltProfileList *) object;

  g_clear_pointer (&self->query, query_unref);
  g_clear_pointer (&self->shown_query, query_unref);
  g_clear_pointer (&self->anchors, g_array_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->slots, g_hash_table_unref);

  G_OBJECT_CLASS (clt_profile_list_parent_class)->finalize (object);
}

static void
clt_profile_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CltProfileList *self = CLT_PROFILE_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, CLT_TYPE_PROFILE_ITEM);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_profile_list_class_init (CltProfileListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_profile_list_dispose;
  object_class->finalize = clt_profile_list_finalize;
  object_class->get_property = clt_profile_list_get_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CltProfileList::filled:
   * @position: the first row of a page that arrived
   * @n: its rows
   *
   * Emitted after the placeholders handed out for these rows were filled, each of which
   * has notified #CltProfileItem:loading: one signal for a page, for views with many.
   */
  signals[FILLED] =
    g_signal_new ("filled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
slot_free (gpointer data)
{
  g_free (data);
}

static void
clt_profile_list_init (CltProfileList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->pending = g_hash_table_new (NULL, NULL);
  self->slots = g_hash_table_new_full (NULL, NULL, NULL, slot_free);
  self->anchors = g_array_new (FALSE, TRUE, sizeof (Anchor));
  g_array_set_clear_func (self->anchors, anchor_clear);
  g_queue_init (&self->lru);
  self->query = g_atomic_rc_box_new0 (Query);
  self->shown_query = query_ref (self->query);
}

static void
workspace_changed_cb (CltProfileList *self)
{
  clt_profile_list_reload (self);
}

/**
 * clt_profile_list_new:
 *
 * Returns: (transfer full): the workspace's profiles, by name; counting starts at once
 *   (#CltProfileList:loading) and the items arrive with one #GListModel::items-changed
 */
CltProfileList *
clt_profile_list_new (CltWorkspace *workspace)
{
  CltProfileList *self;
  Worker *worker;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (CLT_TYPE_PROFILE_LIST, NULL);
  self->workspace = g_object_ref (workspace);

  worker = g_atomic_rc_box_new0 (Worker);
  worker->jobs = g_async_queue_new ();
  worker->path = g_strdup (clt_workspace_get_path (workspace));
  worker->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&worker->list, self);
  worker->thread = g_thread_new ("clt-profile-list", worker_thread, worker);
  self->worker = worker;

  g_signal_connect_object (workspace, "changed", G_CALLBACK (workspace_changed_cb), self, G_CONNECT_SWAPPED);

  request_count (self);

  return self;
}

static void
change_query (CltProfileList *self,
              Query          *query)
{
  g_clear_pointer (&self->query, query_unref);
  self->query = query;
  request_count (self);
}

/**
 * clt_profile_list_set_search:
 * @text: (nullable): words that must all match the start of a name, e-mail address, phone
 *   number, city or id (umlauts and accents folded); %NULL or "" for all profiles
 */
void
clt_profile_list_set_search (CltProfileList *self,
                             const char     *text)
{
  g_autofree char *match = NULL;
  Query *query;

  g_return_if_fail (CLT_IS_PROFILE_LIST (self));

  match = clt_search_build_query (text);
  if (g_strcmp0 (match, self->query->match) == 0)
    return;

  query = query_copy (self->query);
  g_free (query->match);
  query->match = g_steal_pointer (&match);
  change_query (self, query);
}

void
clt_profile_list_set_sort (CltProfileList *self,
                           CltProfileSort  sort,
                           gboolean        descending)
{
  Query *query;

  g_return_if_fail (CLT_IS_PROFILE_LIST (self));
  g_return_if_fail (sort <= CLT_PROFILE_SORT_CONSENT);

  if (self->query->sort == sort && self->query->descending == !!descending)
    return;

  query = query_copy (self->query);
  query->sort = sort;
  query->descending = !!descending;
  change_query (self, query);
}

/**
 * clt_profile_list_set_sources:
 * @categories: #CltSourceCategory bits: profiles with a record from any of them; 0 for any
 */
void
clt_profile_list_set_sources (CltProfileList *self,
                              guint           categories)
{
  Query *query;

  g_return_if_fail (CLT_IS_PROFILE_LIST (self));

  if (self->query->sources == categories)
    return;

  query = query_copy (self->query);
  query->sources = categories;
  change_query (self, query);
}

void
clt_profile_list_set_consent (CltProfileList   *self,
                              CltConsentFilter  consent)
{
  Query *query;

  g_return_if_fail (CLT_IS_PROFILE_LIST (self));
  g_return_if_fail (consent <= CLT_CONSENT_FILTER_UNKNOWN);

  if (self->query->consent == consent)
    return;

  query = query_copy (self->query);
  query->consent = consent;
  change_query (self, query);
}

void
clt_profile_list_set_purchased (CltProfileList *self,
                                gboolean        only_purchased)
{
  Query *query;

  g_return_if_fail (CLT_IS_PROFILE_LIST (self));

  if (self->query->purchased == !!only_purchased)
    return;

  query = query_copy (self->query);
  query->purchased = !!only_purchased;
  change_query (self, query);
}

/**
 * clt_profile_list_set_city:
 * @city: (nullable): profiles in this city (the whole name, in any case), or %NULL for any
 */
void
clt_profile_list_set_city (CltProfileList *self,
                           const char     *city)
{
  g_autofree char *key = NULL;
  Query *query;

  g_return_if_fail (CLT_IS_PROFILE_LIST (self));

  key = _clt_browse_city_key (city);
  if (g_strcmp0 (key, self->query->city_key) == 0)
    return;

  query = query_copy (self->query);
  g_free (query->city_key);
  query->city_key = g_steal_pointer (&key);
  change_query (self, query);
}

/**
 * clt_profile_list_reload:
 *
 * Counts again, after a write through another connection (an import, a resolution); writes
 * through the list's own workspace reload it by themselves.
 */
void
clt_profile_list_reload (CltProfileList *self)
{
  g_return_if_fail (CLT_IS_PROFILE_LIST (self));

  request_count (self);
}

gboolean
clt_profile_list_get_loading (CltProfileList *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_LIST (self), FALSE);

  return self->loading;
}

/**
 * clt_profile_list_dup_top_cities:
 * @limit: how many cities at most
 *
 * Reads through a connection of its own, so it may be called from any thread.
 *
 * Returns: (transfer full): the cities with the most profiles, most first, as written
 */
GStrv
clt_profile_list_dup_top_cities (CltWorkspace  *workspace,
                                 guint          limit,
                                 GError       **error)
{
  g_autoptr(GStrvBuilder) cities = g_strv_builder_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  rc = sqlite3_open_v2 (clt_workspace_get_path (workspace), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      rc = sqlite3_prepare_v2 (db,
                               "SELECT (SELECT p.city FROM profiles p WHERE p.id = t.id) FROM "
                               "  (SELECT min (profile_id) AS id, count (*) AS n, city_key FROM profile_facts "
                               "   WHERE city_key <> char (1114111) GROUP BY city_key) t "
                               "ORDER BY t.n DESC, t.city_key LIMIT ?1",
                               -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, limit);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (sqlite3_column_text (stmt, 0) != NULL)
          g_strv_builder_add (cities, (const char *) sqlite3_column_text (stmt, 0));
    }

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED,
                   _("Could not read the cities: %s"), db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_strv_builder_end (cities);
}
