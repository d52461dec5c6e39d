/* clt-insights.c: computing all insights, in the caller's thread or in the background
 *
 * The steps run one after the other from a static table; each stores its model in one
 * write transaction of its own, so a cancelled or failed step leaves its tables as they
 * were. Each run records the workspace's count of data changes it read (workspace_meta
 * 'data_changes'): what the steps store is derived and changes no customer, so the runs
 * stay current until some customer's data changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-insights"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-insights-private.h"
#include "clt-suggestions.h"
#include "clt-workspace-private.h"

/* Progress reaches the caller's main context at most this often (microseconds apart). */
#define PROGRESS_INTERVAL (G_USEC_PER_SEC / 20)

/* SQLite checks for cancellation every this many virtual machine steps. */
#define CANCEL_CHECK_STEPS 100000

/* Suggested audiences, with recency counted to @now. */
static gboolean
suggestions_compute (CltWorkspace             *workspace,
                     GDateTime                *now,
                     GCancellable             *cancellable,
                     CltInsightsProgressFunc   progress,
                     gpointer                  data,
                     GError                  **error)
{
  return clt_insights_suggest_audiences (workspace, now, progress, data, cancellable, error);
}

/* Lifetime value, fitted on the purchases up to @now. */
static gboolean
clv_compute (CltWorkspace             *workspace,
             GDateTime                *now,
             GCancellable             *cancellable,
             CltInsightsProgressFunc   progress,
             gpointer                  data,
             GError                  **error)
{
  return _clt_insights_clv_compute (workspace, now, cancellable, progress, data, NULL, error);
}

/* The steps, with the suggested audiences last: they read what the others do not change. */
static const struct
{
  const char          *model;
  CltInsightsStepFunc  compute;
  double               weight;   /* its share of the whole progress */
} steps[] = {
  { "clv", clv_compute, 0.45 },
  { "rfm", _clt_insights_rfm_compute, 0.35 },
  { "rules", _clt_insights_rules_compute, 0.15 },
  { "suggestions", suggestions_compute, 0.05 },
};

/* ---- shared by the steps ---- */

/* The integer @sql (a constant query) gives; 0 when it gives none. */
gint64
_clt_insights_query_int (CltWorkspace *workspace,
                         const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  return stmt && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* Stores a run of @model (inside the step's transaction). */
gboolean
_clt_insights_add_run (CltWorkspace  *workspace,
                       const char    *model,
                       gint64         data_seen,
                       JsonNode      *result,
                       GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *computed_at = g_date_time_format_iso8601 (now);
  g_autofree char *json = json_to_string (result, FALSE);
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "INSERT INTO insight_runs (model, computed_at, data_seen, result) VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, model, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, computed_at, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, data_seen);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_STATIC);

  return _clt_workspace_step_done (workspace, stmt, error);
}

/* ---- running the steps ---- */

typedef struct
{
  CltInsightsProgressFunc progress;
  gpointer                data;
  double                  from;
  double                  weight;
} StepProgress;

static void
step_progressed (double   fraction,
                 gpointer user_data)
{
  StepProgress *step = user_data;

  step->progress (step->from + step->weight * CLAMP (fraction, 0, 1), step->data);
}

/* Stops a statement under way when the computation is cancelled. */
static int
check_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

/**
 * clt_insights_compute:
 * @workspace: the workspace, used from this thread only while this runs
 * @now: (nullable): the day recency counts to; today by default
 * @progress: (nullable) (scope call): told the fraction done, in this thread
 * @cancellable: (nullable): stops the computation; the step under way then writes nothing
 *
 * Computes all insights (lifetime value, RFM, basket rules, suggested audiences), each step in one write
 * transaction.
 *
 * Returns: whether all steps were stored; %FALSE with @error set (%G_IO_ERROR_CANCELLED
 *   when cancelled)
 */
gboolean
clt_insights_compute (CltWorkspace             *workspace,
                      GDateTime                *now,
                      CltInsightsProgressFunc   progress,
                      gpointer                  progress_data,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  g_autoptr(GDateTime) current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  sqlite3 *db;
  double from = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  db = _clt_workspace_get_db (workspace);

  for (guint i = 0; ok && i < G_N_ELEMENTS (steps); i++)
    {
      StepProgress step = { progress, progress_data, from, steps[i].weight };
      g_autoptr(GError) local_error = NULL;
      gint64 started = g_get_monotonic_time ();

      /* Again for each step: a step may set a handler of its own and clear it. */
      if (cancellable != NULL)
        sqlite3_progress_handler (db, CANCEL_CHECK_STEPS, check_cancelled, cancellable);
      ok = steps[i].compute (workspace, current, cancellable, progress ? step_progressed : NULL, &step, &local_error);
      if (!ok)
        {
          /* A statement SQLite stopped reports an interruption: it was the cancellable. */
          if (!g_cancellable_set_error_if_cancelled (cancellable, error))
            g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }
      g_debug ("Insights: %s computed in %.2f s", steps[i].model, (g_get_monotonic_time () - started) / 1e6);
      /* The whole is exactly 1, whatever the weights add up to in floating point. */
      from = i + 1 == G_N_ELEMENTS (steps) ? 1 : from + steps[i].weight;
      if (progress)
        progress (from, progress_data);
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);

  return ok;
}

typedef struct
{
  char                    *path;
  GDateTime               *now;
  CltInsightsProgressFunc  progress;
  gpointer                 progress_data;
  GMainContext            *context;
  /* Written in the worker, read in the caller's context. */
  GMutex                   mutex;
  double                   fraction;
  gboolean                 pending;
  gint64                   sent_at;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->now, g_date_time_unref);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_mutex_clear (&data->mutex);
  g_free (data);
}

/* In the caller's context: the latest fraction. */
static gboolean
deliver_progress (gpointer user_data)
{
  GTask *task = user_data;
  ComputeData *data = g_task_get_task_data (task);
  double fraction;

  g_mutex_lock (&data->mutex);
  fraction = data->fraction;
  data->pending = FALSE;
  g_mutex_unlock (&data->mutex);

  data->progress (fraction, data->progress_data);

  return G_SOURCE_REMOVE;
}

/* In the worker: keeps the fraction and sends it on, unless one was sent just now or is
 * still on its way; the whole (1) is always sent. */
static void
worker_progressed (double   fraction,
                   gpointer user_data)
{
  GTask *task = user_data;
  ComputeData *data = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();
  gboolean send;

  g_mutex_lock (&data->mutex);
  data->fraction = fraction;
  send = !data->pending && (fraction >= 1 || now - data->sent_at >= PROGRESS_INTERVAL);
  if (send)
    {
      data->pending = TRUE;
      data->sent_at = now;
    }
  g_mutex_unlock (&data->mutex);

  if (send)
    _clt_context_post (data->context, deliver_progress, g_object_ref (task), g_object_unref);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltWorkspace) workspace = NULL;

  /* Opening would make a new workspace: the computation is for one that is there. */
  if (!g_file_test (data->path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The workspace %s is not there"), data->path);
      return;
    }

  if (!(workspace = clt_workspace_open (data->path, &error)) ||
      !clt_insights_compute (workspace, data->now, data->progress ? worker_progressed : NULL, task, cancellable,
                             &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * clt_insights_compute_async:
 * @workspace_path: the workspace, opened on a connection of the computation's own
 * @now: (nullable): the day recency counts to; today by default
 * @progress: (nullable): told the fraction done, in the thread-default main context of
 *   this call, at most about 20 times a second
 * @cancellable: (nullable): stops the computation; the step under way then writes nothing
 *
 * Computes all insights in a worker thread (see clt_insights_compute()).
 */
void
clt_insights_compute_async (const char               *workspace_path,
                            GDateTime                *now,
                            CltInsightsProgressFunc   progress,
                            gpointer                  progress_data,
                            GCancellable             *cancellable,
                            GAsyncReadyCallback       callback,
                            gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  g_return_if_fail (workspace_path != NULL);

  data = g_new0 (ComputeData, 1);
  data->path = g_strdup (workspace_path);
  data->now = now ? g_date_time_ref (now) : NULL;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_mutex_init (&data->mutex);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_insights_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

gboolean
clt_insights_compute_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- reading what was computed ---- */

/**
 * clt_insights_count_rfm_groups:
 *
 * Returns: (transfer full) (element-type CltRfmGroupSize): the customers in each RFM group
 *   as last computed, in the order of clt_insights_list_rfm_groups(), or %NULL with @error set
 */
GArray *
clt_insights_count_rfm_groups (CltWorkspace  *workspace,
                               GError       **error)
{
  const char * const *groups = clt_insights_list_rfm_groups ();
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (CltRfmGroupSize));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace, "SELECT count (*) FROM profile_insights WHERE rfm_group = ?1", error)))
    return NULL;

  for (guint i = 0; groups[i]; i++)
    {
      CltRfmGroupSize size = { groups[i], 0 };

      sqlite3_bind_text (stmt, 1, groups[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          _clt_workspace_set_error (workspace, error, _("Could not count the RFM groups"));
          return NULL;
        }
      size.profiles = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      g_array_append_val (sizes, size);
    }

  return g_steal_pointer (&sizes);
}
